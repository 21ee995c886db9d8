/**
 * The EventBridge rule that turns Secrets Manager's rotation-failure events
 * for one secret into a readable notification. Pure functions of plain
 * strings, so tests can feed the pattern and transformer to a real matcher.
 */

/**
 * The CloudTrail service events (detail-type `AWS Service Event via
 * CloudTrail`) Secrets Manager records when a rotation does not complete:
 * a step failed, a pending version was abandoned, or a test-only rotation
 * (`RotateImmediately=false`) failed. AWS publishes no CloudWatch metric for them.
 */
export const ROTATION_FAILURE_EVENTS = [
  "RotationFailed",
  "RotationAbandoned",
  "TestRotationFailed",
] as const;

/** An EventBridge event pattern, as this package writes them. */
export interface EventPattern {
  readonly source: readonly string[];
  readonly "detail-type": readonly string[];
  readonly detail: {
    readonly eventSource: readonly string[];
    readonly eventName: readonly string[];
    readonly additionalEventData: { readonly SecretId: readonly string[] };
  };
}

/**
 * Matches this secret's rotation-failure events. Service events name the
 * secret by full ARN in `detail.additionalEventData.SecretId` (API-call events
 * use `requestParameters` instead, which these events leave null).
 */
export function rotationFailurePattern(secretArn: string): EventPattern {
  return {
    source: ["aws.secretsmanager"],
    "detail-type": ["AWS Service Event via CloudTrail"],
    detail: {
      eventSource: ["secretsmanager.amazonaws.com"],
      eventName: [...ROTATION_FAILURE_EVENTS],
      additionalEventData: { SecretId: [secretArn] },
    },
  };
}

/** The event fields the notification quotes, by placeholder name. */
export const ROTATION_FAILURE_INPUT_PATHS = {
  eventName: "$.detail.eventName",
  secretId: "$.detail.additionalEventData.SecretId",
  eventTime: "$.detail.eventTime",
  account: "$.account",
  region: "$.region",
} as const;

/** What the notification names besides the event itself. */
export interface FailureMessageInput {
  readonly componentName: string;
  readonly logGroupName: string;
  /** Omitted from the message when the dashboard is turned off. */
  readonly dashboardName?: string;
}

/**
 * The input template: one quoted JSON string, so SNS delivers plain text
 * (email subject lines and chat webhooks show it as is), e.g.
 * `RotatedApiKey nylas-key: Secrets Manager reported RotationFailed for
 * arn:…:secret:nylas-key-AbCdEf at 2024-05-01T06:12:09Z (account …, region
 * us-east-1). The rotation did not complete. Rotation Lambda logs:
 * /aws/lambda/…. Dashboard: ….`
 */
export function rotationFailureInputTemplate(input: FailureMessageInput): string {
  return JSON.stringify(rotationFailureMessage(input));
}

/** The notification's line, with the event's fields as `<placeholder>`s. */
export function rotationFailureMessage(input: FailureMessageInput): string {
  const parts = [
    `RotatedApiKey ${input.componentName}: Secrets Manager reported <eventName> for <secretId> at <eventTime> (account <account>, region <region>).`,
    "The rotation did not complete.",
    `Rotation Lambda logs: ${input.logGroupName}.`,
    ...(input.dashboardName === undefined ? [] : [`Dashboard: ${input.dashboardName}.`]),
  ];
  return parts.join(" ");
}
