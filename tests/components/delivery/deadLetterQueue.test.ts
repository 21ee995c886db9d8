import type { RotatedApiKey } from "../../../components";
import { deadLetterQueuePolicy } from "../../../components/delivery/deadLetterQueuePolicy";
import { maintenanceRetryPolicy } from "../../../components/delivery/targetDelivery";
import { M } from "../alarms/alarmHarness";
import { defaultArgs } from "../componentArgs";
import { deploy, only } from "../componentHarness";
import { decide } from "../iamSimulation";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";

const mocks = installPulumiMocks();
const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:nylas-key-events-dlq-1a2b3c4`;
const QUEUE_URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT_ID}/nylas-key-events-dlq-1a2b3c4`;
const rule = (name: string) => `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/${name}-1a2b3c4`;
const DLQ = { deadLetterConfig: { arn: QUEUE_ARN } };
const tags = {
  owner: "platform-team",
  purpose: "calendar sync",
  environment: "test",
  vendor: "nylas",
};

describe("the key's dead-letter queue, with auto-rollback and a chat webhook", () => {
  let key: RotatedApiKey;
  beforeAll(async () => {
    key = await deploy(mocks, "nylas-key", {
      ...defaultArgs,
      lifecycle: { autoRollback: true },
      notifications: {
        webhooks: [{ name: "team", url: "https://hooks.slack.com/services/T0/B0/x" }],
      },
    });
    await promiseOf(key.deadLetterQueuePolicy!.urn);
  });

  it("is an SSE-SQS queue keeping messages 14 days", () => {
    expect(only(mocks, M.queue, "nylas-key-events-dlq").inputs).toEqual({
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
      tags,
    });
  });

  it("gives every EventBridge target a retry policy and the queue", () => {
    const delivery = Object.fromEntries(
      mocks
        .ofType(M.eventTarget)
        .map((t) => [t.name, [t.inputs.retryPolicy, t.inputs.deadLetterConfig]]),
    );
    expect(delivery).toEqual({
      "nylas-key-maintenance": [
        { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 5 },
        DLQ.deadLetterConfig,
      ],
      "nylas-key-rotation-failed": [
        { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
        DLQ.deadLetterConfig,
      ],
      "nylas-key-webhook-team-alarms": [
        { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
        DLQ.deadLetterConfig,
      ],
      "nylas-key-webhook-team-rotation-failed": [
        { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
        DLQ.deadLetterConfig,
      ],
      "nylas-key-auto-rollback": [
        { maximumEventAgeInSeconds: 900, maximumRetryAttempts: 10 },
        DLQ.deadLetterConfig,
      ],
    });
  });

  it("lets exactly the key's own rules send to it", () => {
    const inputs = only(mocks, M.queuePolicy, "nylas-key-events-dlq").inputs;
    expect({ ...inputs, policy: JSON.parse(inputs.policy as string) }).toEqual({
      queueUrl: QUEUE_URL,
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RulesOfThisKeySendUndeliverableEvents",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: QUEUE_ARN,
            Condition: {
              ArnEquals: {
                "aws:SourceArn": [
                  rule("nylas-key-maintenance"),
                  rule("nylas-key-auto-rollback"),
                  rule("nylas-key-rotation-failed"),
                  rule("nylas-key-alarm-state"),
                ],
              },
            },
          },
        ],
      },
    });
  });

  it("alarms as soon as one message is in the queue, to the topic", () => {
    const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:nylas-key-alarms-1a2b3c4`;
    expect(only(mocks, M.alarm, "nylas-key-events-dlq").inputs).toEqual({
      alarmDescription:
        "EventBridge could not deliver an event of RotatedApiKey \"nylas-key\" (a maintenance run, an auto-rollback or a notification) and left it in the dead-letter queue. Read the message's attributes (ERROR_CODE, ERROR_MESSAGE, RULE_ARN, TARGET_ARN) to see which target failed and why, fix it, and delete or redrive the message; see the rotation Lambda's logs (/aws/lambda/nylas-key-rotation-f48313).",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "nylas-key-events-dlq-1a2b3c4" },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags,
    });
  });
});

describe("the dead-letter queue's policy (iam-simulate)", () => {
  const queue = `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:nylas-key-events-dlq-1a2b3c4`;
  const resourcePolicy = deadLetterQueuePolicy({
    queueArn: queue,
    ruleArns: [rule("nylas-key-maintenance"), rule("nylas-key-rotation-failed")],
  });
  const send = (principal: string, context: Record<string, string>, action = "sqs:SendMessage") =>
    decide({ principal, action, resource: queue, resourcePolicy, context });

  it("lets EventBridge send for the key's rules", async () => {
    for (const arn of [rule("nylas-key-maintenance"), rule("nylas-key-rotation-failed")]) {
      expect(await send("events.amazonaws.com", { "aws:SourceArn": arn })).toBe("Allowed");
    }
  });

  it("refuses another rule, another service, another account and other actions", async () => {
    expect(await send("events.amazonaws.com", { "aws:SourceArn": rule("someone-elses") })).toBe(
      "ImplicitlyDenied",
    );
    expect(
      await send("sns.amazonaws.com", { "aws:SourceArn": rule("nylas-key-maintenance") }),
    ).toBe("ImplicitlyDenied");
    expect(await send("arn:aws:iam::210987654321:role/outsider", {})).toBe("ImplicitlyDenied");
    expect(
      await send(
        "events.amazonaws.com",
        { "aws:SourceArn": rule("nylas-key-maintenance") },
        "sqs:ReceiveMessage",
      ),
    ).toBe("ImplicitlyDenied");
  });
});

describe("the maintenance target's retry policy", () => {
  it.each([
    [5, 300],
    [60, 3600],
    [480, 28_800],
    [1, 60],
    [2000, 86_400],
  ])("retries a %i-minute interval's run for at most %i s", (minutes, age) => {
    expect(maintenanceRetryPolicy(minutes)).toEqual({
      maximumEventAgeInSeconds: age,
      maximumRetryAttempts: 5,
    });
  });
});
