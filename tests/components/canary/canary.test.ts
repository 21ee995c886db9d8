import type { RotatedApiKey } from "../../../components";
import { rotationFunctionName } from "../../../components/names";
import { planRotatedApiKey } from "../../../components/validateArgs";
import { CANARY_TAG } from "../../../lambdas/contract/canary";
import { defaultArgs } from "../componentArgs";
import { T, childList, deploy, only } from "../componentHarness";
import { M, defaultMonitoringChildren } from "../alarms/alarmHarness";
import { deliver, type RecordedEvent, type RuleUnderTest } from "../alarms/motoEventBridge";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";

const mocks = installPulumiMocks();
const SECRET_NAME = "canary-key-1a2b3c4";
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:${SECRET_NAME}-AbCdEf`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/canary-key-rotation-1a2b3c4`;
const RULE_ARN = `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/canary-key-canary-read-1a2b3c4`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:canary-key-alarms-1a2b3c4`;
const LOG_GROUP = `/aws/lambda/${rotationFunctionName("canary-key", "project", "stack")}`;
const TAGS = {
  owner: "platform-team",
  purpose: "calendar sync",
  environment: "test",
  vendor: "nylas",
};

/** A `GetSecretValue` call as CloudTrail delivers it to EventBridge, by `userIdentity`. */
function getSecretValueCall(
  secretId: string,
  userIdentity: Record<string, unknown>,
): RecordedEvent {
  return {
    source: "aws.secretsmanager",
    "detail-type": "AWS API Call via CloudTrail",
    resources: [],
    detail: {
      eventVersion: "1.08",
      userIdentity,
      eventTime: "2030-05-10T06:00:00Z",
      eventSource: "secretsmanager.amazonaws.com",
      eventName: "GetSecretValue",
      awsRegion: "us-east-1",
      sourceIPAddress: "203.0.113.7",
      requestParameters: { secretId },
      responseElements: null,
      readOnly: true,
      eventType: "AwsApiCall",
      managementEvent: true,
      eventCategory: "Management",
    },
  };
}

function assumedRole(roleArn: string, session: string): Record<string, unknown> {
  const roleName = roleArn.split("/").pop() ?? "";
  return {
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName}/${session}`,
    accountId: ACCOUNT_ID,
    sessionContext: { sessionIssuer: { type: "Role", arn: roleArn, accountId: ACCOUNT_ID } },
  };
}

describe("RotatedApiKey with `canary: true`", () => {
  let key: RotatedApiKey;

  beforeAll(async () => {
    key = await deploy(mocks, "canary-key", { ...defaultArgs, canary: true });
    await promiseOf(key.canary?.readTarget.urn ?? key.urn);
  });

  it("adds the canary's read rule, its target and the used alarm to the usual children", () => {
    expect(childList(mocks)).toEqual(
      [
        `${T.secret}::canary-key`,
        `${T.logGroup}::canary-key-rotation`,
        `${T.role}::canary-key-rotation`,
        `${T.rolePolicy}::canary-key-rotation`,
        `${T.function}::canary-key-rotation`,
        `${T.permission}::canary-key-rotation`,
        `${T.rotation}::canary-key`,
        "aws:lambda/invocation:Invocation::canary-key-retire",
        "aws:secretsmanager/secretPolicy:SecretPolicy::canary-key-policy",
        ...defaultMonitoringChildren("canary-key"),
        `${M.eventRule}::canary-key-canary-read`,
        `${M.eventTarget}::canary-key-canary-read`,
        `${M.alarm}::canary-key-canary-used`,
      ].sort(),
    );
  });

  it("tags the secret, and only the secret, as a canary", () => {
    expect(only(mocks, T.secret, "canary-key").inputs.tags).toEqual({
      ...TAGS,
      [CANARY_TAG]: "true",
    });
    expect(only(mocks, T.function, "canary-key-rotation").inputs.tags).toEqual(TAGS);
  });

  it("creates an alarm on the first CanaryKeyUsed datapoint, naming the secret", () => {
    expect(only(mocks, M.alarm, "canary-key-canary-used").inputs).toEqual({
      alarmDescription: `The canary key of RotatedApiKey "canary-key" (secret ${SECRET_NAME}) was used at the vendor. A canary is handed to no one: its key leaked. The rotation Lambda's logs (${LOG_GROUP}) name the key id; rotate with --emergency and find the leak.`,
      namespace: "RotatedApiKey",
      metricName: "CanaryKeyUsed",
      dimensions: { service: "rotated-api-key", SecretName: SECRET_NAME },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC_ARN],
      okActions: [TOPIC_ARN],
      tags: TAGS,
    });
  });

  it("creates a rule on GetSecretValue of the secret by anyone but the rotation role, receiving read-only CloudTrail events", () => {
    const inputs = only(mocks, M.eventRule, "canary-key-canary-read").inputs;
    expect({ ...inputs, eventPattern: JSON.parse(inputs.eventPattern as string) }).toEqual({
      description:
        'Any GetSecretValue on the canary secret of RotatedApiKey "canary-key" by a principal other than its rotation role.',
      state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      eventPattern: {
        source: ["aws.secretsmanager"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
          eventSource: ["secretsmanager.amazonaws.com"],
          eventName: ["GetSecretValue"],
          requestParameters: { secretId: [SECRET_ARN, SECRET_NAME] },
          $or: [
            {
              userIdentity: {
                sessionContext: { sessionIssuer: { arn: [{ "anything-but": [ROLE_ARN] }] } },
              },
            },
            { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ exists: false }] } } } },
          ],
        },
      },
      tags: TAGS,
    });
  });

  it("routes the rule to the topic after the topic's policy lets exactly that rule publish", () => {
    const target = only(mocks, M.eventTarget, "canary-key-canary-read");
    expect(target.inputs).toEqual({
      rule: "canary-key-canary-read-1a2b3c4",
      arn: TOPIC_ARN,
      inputTransformer: {
        inputPaths: {
          eventName: "$.detail.eventName",
          caller: "$.detail.userIdentity.arn",
          sourceIp: "$.detail.sourceIPAddress",
          eventTime: "$.detail.eventTime",
          account: "$.account",
          region: "$.region",
        },
        inputTemplate: expect.any(String),
      },
    });
    const policy = only(mocks, M.topicPolicy, "canary-key-alarms");
    expect(
      target.dependencies.filter((urn) => urn.endsWith(`$${M.topicPolicy}::canary-key-alarms`)),
    ).toHaveLength(1);
    const statements = (
      JSON.parse(policy.inputs.policy as string) as { Statement: Array<{ Sid: string }> }
    ).Statement;
    expect(statements.find((s) => s.Sid === "CanaryReadRulePublishes")).toEqual({
      Sid: "CanaryReadRulePublishes",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: TOPIC_ARN,
      Condition: { ArnEquals: { "aws:SourceArn": RULE_ARN } },
    });
  });

  describe("the read rule, evaluated by moto's EventBridge", () => {
    let rule: RuleUnderTest;
    beforeAll(() => {
      rule = {
        eventPattern: only(mocks, M.eventRule, "canary-key-canary-read").inputs
          .eventPattern as string,
        inputTransformer: only(mocks, M.eventTarget, "canary-key-canary-read").inputs
          .inputTransformer as RuleUnderTest["inputTransformer"],
      };
    });

    it("delivers a read by another role as one line naming the secret and the caller", async () => {
      const consumer = `arn:aws:iam::${ACCOUNT_ID}:role/billing-service`;
      const delivered = await deliver(
        rule,
        getSecretValueCall(SECRET_ARN, assumedRole(consumer, "i-0abc")),
      );
      expect(delivered).toEqual([
        `RotatedApiKey canary-key: CANARY READ. arn:aws:sts::${ACCOUNT_ID}:assumed-role/billing-service/i-0abc called GetSecretValue on the canary secret ${SECRET_NAME} at 2030-05-10T06:00:00Z from 203.0.113.7 (account ${ACCOUNT_ID}, region us-east-1). A canary key is handed to no one: treat its vendor key as leaked, rotate it with --emergency and find out why this principal can read it.`,
      ]);
    });

    it("delivers a read by an IAM user (no issuing role), by the secret's name", async () => {
      const user = {
        type: "IAMUser",
        arn: `arn:aws:iam::${ACCOUNT_ID}:user/mallory`,
        accountId: ACCOUNT_ID,
      };
      expect(await deliver(rule, getSecretValueCall(SECRET_NAME, user))).toHaveLength(1);
    });

    it("ignores the rotation role's own reads and reads of other secrets", async () => {
      const other = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:billing-key-9z8y7x6-QrStUv`;
      const consumer = assumedRole(`arn:aws:iam::${ACCOUNT_ID}:role/billing-service`, "i-0abc");
      expect(
        await deliver(rule, getSecretValueCall(SECRET_ARN, assumedRole(ROLE_ARN, "rotation"))),
      ).toEqual([]);
      expect(await deliver(rule, getSecretValueCall(other, consumer))).toEqual([]);
    });
  });
});

describe("RotatedApiKey without `canary`", () => {
  it("creates no canary resource and no canary statement in the topic policy", async () => {
    const key = await deploy(mocks, "nylas-key", defaultArgs);
    expect(key.canary).toBeUndefined();
    expect(childList(mocks).filter((c) => c.includes("canary"))).toEqual([]);
    expect(only(mocks, M.topicPolicy, "nylas-key-alarms").inputs.policy).not.toContain("Canary");
    expect(only(mocks, T.secret, "nylas-key").inputs.tags).not.toHaveProperty(CANARY_TAG);
  });
});

describe("planRotatedApiKey with `canary`", () => {
  const problems = (args: object): string[] => {
    try {
      planRotatedApiKey("canary-key", { ...defaultArgs, ...args });
    } catch (error) {
      return (error as { problems: string[] }).problems;
    }
    return [];
  };

  it("refuses consumerPrincipals: a canary is handed to no one", () => {
    expect(
      problems({ canary: true, consumerPrincipals: [`arn:aws:iam::${ACCOUNT_ID}:role/app`] }),
    ).toEqual([
      "`consumerPrincipals` cannot be set on a canary key (received 1 principal): a canary is handed to no one, so any reader is a leak. Remove `consumerPrincipals`, or set `canary: false` for a key that consumers use.",
    ]);
  });

  it("refuses the alarms off, a non-boolean and the canary tag set by hand", () => {
    expect(problems({ canary: true, alarms: { enabled: false } })).toEqual([
      "`canary: true` needs the alarms (received `alarms.enabled: false`): the canary's alarm and read rule notify the alarms' topic. Turn the alarms on, or set `canary: false`.",
    ]);
    expect(problems({ canary: "yes" })).toEqual([
      '`canary` must be true or false (received "yes"). Omit it for an ordinary key.',
    ]);
    expect(problems({ tags: { ...defaultArgs.tags, [CANARY_TAG]: "true" } })).toEqual([
      `\`tags.${CANARY_TAG}\` is set by the component from \`canary\` (received "true"). Remove it from \`tags\` and set \`canary: true\` instead.`,
    ]);
  });

  it("plans canary: false by default and true when asked", () => {
    expect(planRotatedApiKey("canary-key", defaultArgs).canary).toBe(false);
    expect(planRotatedApiKey("canary-key", { ...defaultArgs, canary: true }).canary).toBe(true);
  });
});
