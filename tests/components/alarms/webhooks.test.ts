import * as pulumi from "@pulumi/pulumi";
import type { RotatedApiKey } from "../../../components";
import { ROTATION_FAILURE_EVENTS } from "../../../components/alarms/eventPatterns";
import { defaultArgs } from "../componentArgs";
import { deploy, only } from "../componentHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";
import { M } from "./alarmHarness";
import { alarmStateChange } from "./alarmStateSamples";
import { serviceEvent } from "./cloudTrailSamples";
import { deliver, type RuleUnderTest } from "./motoEventBridge";

const mocks = installPulumiMocks();
const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";
const TEAMS = "https://contoso.webhook.office.com/webhookb2/abc/IncomingWebhook/def/ghi";
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;
const alarmArn = (n: string) =>
  `arn:aws:cloudwatch:us-east-1:${ACCOUNT_ID}:alarm:nylas-key-${n}-1a2b3c4`;
const destinationArn = (n: string) =>
  `arn:aws:events:us-east-1:${ACCOUNT_ID}:api-destination/nylas-key-webhook-${n}-1a2b3c4/4b5c6d7e`;
const DLQ_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:nylas-key-events-dlq-1a2b3c4`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/nylas-key-webhooks-1a2b3c4`;
const LOGS = "/aws/lambda/nylas-key-rotation-f48313";
const DASHBOARD = "RotatedApiKey-nylas-key-f48313";
const tags = {
  owner: "platform-team",
  purpose: "calendar sync",
  environment: "test",
  vendor: "nylas",
};
const ALARMS = [
  "key-expiry",
  "rotation-overdue",
  "rotation-errors",
  "revoked-in-use",
  "auth-failures",
  "events-dlq",
];

let key: RotatedApiKey;
beforeAll(async () => {
  key = await deploy(mocks, "nylas-key", {
    ...defaultArgs,
    notifications: {
      emailAddresses: ["oncall@example.com"],
      webhooks: [
        { name: "team", url: SLACK },
        { name: "ops", url: pulumi.secret(TEAMS) },
      ],
    },
  });
  await Promise.all((key.monitoring?.webhooks?.targets ?? []).map((t) => promiseOf(t.urn)));
});

function ruleUnderTest(rule: string, target: string): RuleUnderTest {
  const inputs = only(mocks, M.eventTarget, target).inputs;
  return {
    eventPattern: only(mocks, M.eventRule, rule).inputs.eventPattern as string,
    inputTransformer: inputs.inputTransformer as RuleUnderTest["inputTransformer"],
  };
}

describe("chat webhooks under mocks", () => {
  it("creates one connection, one API destination per webhook (URL kept secret), a role and its policy", () => {
    expect(only(mocks, M.connection, "nylas-key-webhooks").inputs).toEqual({
      description:
        'Chat webhooks of RotatedApiKey "nylas-key" (no authorization: the URLs carry it).',
      authorizationType: "API_KEY",
      authParameters: { apiKey: { key: "X-Rotated-Api-Key-Notification", value: "no-auth" } },
    });
    for (const [name, url] of [
      ["team", SLACK],
      ["ops", TEAMS],
    ] as const) {
      const destination = only(mocks, M.apiDestination, `nylas-key-webhook-${name}`);
      expect(destination.inputs).toEqual({
        description: `Chat webhook "${name}" of RotatedApiKey "nylas-key".`,
        connectionArn: `arn:aws:events:us-east-1:${ACCOUNT_ID}:connection/nylas-key-webhooks-1a2b3c4/0d1e2f3a`,
        invocationEndpoint: url,
        httpMethod: "POST",
        invocationRateLimitPerSecond: 1,
      });
      expect(destination.secretPaths).toEqual(["invocationEndpoint"]);
    }
    const role = only(mocks, "aws:iam/role:Role", "nylas-key-webhooks").inputs;
    expect({ ...role, assumeRolePolicy: JSON.parse(role.assumeRolePolicy as string) }).toEqual({
      description:
        'EventBridge posts the notifications of RotatedApiKey "nylas-key" to its chat webhooks',
      assumeRolePolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EventBridgeOfThisAccountAssumesRole",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT_ID } },
          },
        ],
      },
      tags,
    });
    const policy = only(mocks, "aws:iam/rolePolicy:RolePolicy", "nylas-key-webhooks").inputs;
    expect({ ...policy, policy: JSON.parse(policy.policy as string) }).toEqual({
      role: "nylas-key-webhooks-1a2b3c4",
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "InvokeThisKeysWebhooks",
            Effect: "Allow",
            Action: "events:InvokeApiDestination",
            Resource: [destinationArn("team"), destinationArn("ops")],
          },
        ],
      },
    });
  });

  it("keeps the webhook URLs out of the SNS subscriptions", () => {
    expect(mocks.ofType(M.subscription).map((s) => s.inputs.endpoint)).toEqual([
      "oncall@example.com",
    ]);
  });

  it("matches ALARM and OK of the key's six alarms, and posts {text} to each webhook", () => {
    expect(only(mocks, M.eventRule, "nylas-key-alarm-state").inputs).toEqual({
      description:
        'ALARM and OK transitions of the alarms of RotatedApiKey "nylas-key", for its chat webhooks.',
      eventPattern: JSON.stringify({
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        resources: ALARMS.map(alarmArn),
        detail: { state: { value: ["ALARM", "OK"] } },
      }),
      tags,
    });
    for (const name of ["team", "ops"]) {
      const target = only(mocks, M.eventTarget, `nylas-key-webhook-${name}-alarms`);
      expect(target.inputs).toEqual({
        rule: "nylas-key-alarm-state-1a2b3c4",
        arn: destinationArn(name),
        roleArn: ROLE_ARN,
        inputTransformer: {
          inputPaths: {
            alarmName: "$.detail.alarmName",
            state: "$.detail.state.value",
            previousState: "$.detail.previousState.value",
            time: "$.detail.state.timestamp",
            account: "$.account",
            region: "$.region",
          },
          inputTemplate: `{"text":"RotatedApiKey nylas-key: alarm <alarmName> went from <previousState> to <state> at <time> (account <account>, region <region>). Rotation Lambda logs: ${LOGS}. Dashboard: ${DASHBOARD}."}`,
        },
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
        deadLetterConfig: { arn: DLQ_ARN },
      });
      expect(
        only(mocks, M.eventTarget, `nylas-key-webhook-${name}-rotation-failed`).inputs,
      ).toEqual({
        rule: "nylas-key-rotation-failed-1a2b3c4",
        arn: destinationArn(name),
        roleArn: ROLE_ARN,
        inputTransformer: {
          inputPaths: {
            eventName: "$.detail.eventName",
            secretId: "$.detail.additionalEventData.SecretId",
            eventTime: "$.detail.eventTime",
            account: "$.account",
            region: "$.region",
          },
          inputTemplate: `{"text":"RotatedApiKey nylas-key: Secrets Manager reported <eventName> for <secretId> at <eventTime> (account <account>, region <region>). The rotation did not complete. Rotation Lambda logs: ${LOGS}. Dashboard: ${DASHBOARD}."}`,
        },
        retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
        deadLetterConfig: { arn: DLQ_ARN },
      });
    }
  });
});

describe("chat webhook messages, evaluated by moto's EventBridge", () => {
  it.each(ALARMS)(
    "posts {text} when the %s alarm goes into ALARM and back to OK",
    async (alarm) => {
      // Prepare
      const rule = ruleUnderTest("nylas-key-alarm-state", "nylas-key-webhook-team-alarms");
      // Act
      const fired = await deliver(rule, alarmStateChange(alarmArn(alarm), "ALARM", "OK"));
      const cleared = await deliver(rule, alarmStateChange(alarmArn(alarm), "OK", "ALARM"));
      // Assess
      const text = (from: string, to: string, at: string) =>
        `RotatedApiKey nylas-key: alarm nylas-key-${alarm}-1a2b3c4 went from ${from} to ${to} at ${at} (account ${ACCOUNT_ID}, region us-east-1). Rotation Lambda logs: ${LOGS}. Dashboard: ${DASHBOARD}.`;
      expect(fired).toEqual([{ text: text("OK", "ALARM", "2030-05-10T06:12:09.000+0000") }]);
      expect(cleared).toEqual([{ text: text("ALARM", "OK", "2030-05-10T06:12:09.000+0000") }]);
    },
  );

  it.each([
    ["INSUFFICIENT_DATA", alarmStateChange(alarmArn("key-expiry"), "INSUFFICIENT_DATA", "OK")],
    [
      "another key's alarm",
      alarmStateChange(
        `arn:aws:cloudwatch:us-east-1:${ACCOUNT_ID}:alarm:billing-key-key-expiry-9z8y7x6`,
        "ALARM",
        "OK",
      ),
    ],
    [
      "an alarm whose ARN only starts like this key's",
      alarmStateChange(`${alarmArn("key-expiry")}x`, "ALARM", "OK"),
    ],
    [
      "a state change from another source",
      { ...alarmStateChange(alarmArn("key-expiry"), "ALARM", "OK"), source: "custom.cloudwatch" },
    ],
  ])("ignores %s", async (_case, event) => {
    const rule = ruleUnderTest("nylas-key-alarm-state", "nylas-key-webhook-team-alarms");
    expect(await deliver(rule, event)).toEqual([]);
  });

  it.each(ROTATION_FAILURE_EVENTS)("posts {text} for this secret's %s", async (eventName) => {
    // Prepare
    const rule = ruleUnderTest(
      "nylas-key-rotation-failed",
      "nylas-key-webhook-ops-rotation-failed",
    );
    // Act
    const delivered = await deliver(rule, serviceEvent(eventName, SECRET_ARN));
    // Assess
    expect(delivered).toEqual([
      {
        text: `RotatedApiKey nylas-key: Secrets Manager reported ${eventName} for ${SECRET_ARN} at 2030-05-10T06:12:09Z (account ${ACCOUNT_ID}, region us-east-1). The rotation did not complete. Rotation Lambda logs: ${LOGS}. Dashboard: ${DASHBOARD}.`,
      },
    ]);
  });
});

describe("chat webhooks beside an existing topic, without the rotation-failure rule", () => {
  beforeAll(async () => {
    key = await deploy(mocks, "nylas-key", {
      ...defaultArgs,
      alarms: { rotationFailure: { enabled: false } },
      notifications: {
        topicArn: `arn:aws:sns:us-east-1:${ACCOUNT_ID}:alerts`,
        topicKmsKeyId: "alias/notifications",
        webhooks: [{ name: "team", url: SLACK }],
      },
    });
    await Promise.all((key.monitoring?.webhooks?.targets ?? []).map((t) => promiseOf(t.urn)));
  });

  it("creates no topic and posts only alarm state changes, over the remaining alarms", () => {
    expect(mocks.ofType(M.topic)).toEqual([]);
    expect(
      mocks
        .ofType(M.eventTarget)
        .map((t) => t.name)
        .sort(),
    ).toEqual(["nylas-key-maintenance", "nylas-key-webhook-team-alarms"]);
    const pattern = JSON.parse(
      only(mocks, M.eventRule, "nylas-key-alarm-state").inputs.eventPattern as string,
    ) as { resources: string[] };
    expect(pattern.resources).toEqual(
      ["key-expiry", "rotation-overdue", "auth-failures", "events-dlq"].map(alarmArn),
    );
  });
});
