/**
 * The EventBridge rule that reports any read of a canary key's secret by a
 * principal other than its rotation role. Pure functions of plain strings,
 * so tests can feed the pattern and transformer to a real matcher.
 */

/** The CloudTrail API call that reads a secret's value. */
export const CANARY_READ_EVENTS = ["GetSecretValue"] as const;

/**
 * Matches `GetSecretValue` calls (CloudTrail management events, detail-type
 * `AWS API Call via CloudTrail`) naming this secret by ARN or name, made by
 * anyone but the rotation role: a caller whose session was issued by another
 * role, or one with no issuing role at all (an IAM user, the root user). A
 * denied call matches too: an attempt to read a canary is a signal.
 */
export function canaryReadPattern(input: {
  readonly secretArn: string;
  readonly secretName: string;
  readonly rotationRoleArn: string;
}): Record<string, unknown> {
  return {
    source: ["aws.secretsmanager"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
      eventSource: ["secretsmanager.amazonaws.com"],
      eventName: [...CANARY_READ_EVENTS],
      requestParameters: { secretId: [input.secretArn, input.secretName] },
      $or: [
        {
          userIdentity: {
            sessionContext: {
              sessionIssuer: { arn: [{ "anything-but": [input.rotationRoleArn] }] },
            },
          },
        },
        { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ exists: false }] } } } },
      ],
    },
  };
}

/** The event fields the notification quotes, by placeholder name. */
export const CANARY_READ_INPUT_PATHS = {
  eventName: "$.detail.eventName",
  caller: "$.detail.userIdentity.arn",
  sourceIp: "$.detail.sourceIPAddress",
  eventTime: "$.detail.eventTime",
  account: "$.account",
  region: "$.region",
} as const;

/**
 * The input template: one quoted JSON string, so SNS delivers plain text,
 * e.g. `RotatedApiKey canary-key: CANARY READ. <caller> called GetSecretValue
 * on the canary secret canary-key-3f1c… at … from … (account …, region …).`
 */
export function canaryReadInputTemplate(input: {
  readonly componentName: string;
  readonly secretName: string;
}): string {
  return JSON.stringify(
    [
      `RotatedApiKey ${input.componentName}: CANARY READ. <caller> called <eventName> on the canary secret ${input.secretName} at <eventTime> from <sourceIp> (account <account>, region <region>).`,
      "A canary key is handed to no one: treat its vendor key as leaked, rotate it with --emergency and find out why this principal can read it.",
    ].join(" "),
  );
}
