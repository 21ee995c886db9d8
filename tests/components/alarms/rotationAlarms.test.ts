import * as pulumi from "@pulumi/pulumi";
import type { RotatedApiKey } from "../../../components";
import {
  ConsumerMetrics,
  METRIC_NAMESPACE,
  MonitorMetrics,
} from "../../../lambdas/contract/metricNames";
import { ROTATION_SERVICE_NAME } from "../../../components/lambdaEnvironment";
import { defaultArgs } from "../componentArgs";
import { T, deploy, only } from "../componentHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";
import { M } from "./alarmHarness";

const mocks = installPulumiMocks();

describe("RotatedApiKey's default monitoring", () => {
  const secretName = "nylas-key-1a2b3c4";
  const functionName = "nylas-key-rotation-f48313";
  const logs = `the rotation Lambda's logs (/aws/lambda/${functionName})`;
  const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:nylas-key-alarms-1a2b3c4`;
  const tags = {
    owner: "platform-team",
    purpose: "calendar sync",
    environment: "test",
    vendor: "nylas",
  };
  /** Every alarm notifies the topic on ALARM and on OK. */
  const notify = { alarmActions: [topicArn], okActions: [topicArn], tags };
  /** The monitor's gauges: Powertools' `service` plus `SecretName`, one run per period, 3 missing runs breach. */
  const gauge = {
    namespace: METRIC_NAMESPACE,
    dimensions: { service: ROTATION_SERVICE_NAME, SecretName: secretName },
    period: 3600,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: "missing",
  };
  /** The gauge alarms also notify when their data stops: a fresh deploy starts quiet (issue 13, misfire 2). */
  const notifyGauge = { ...notify, insufficientDataActions: [topicArn] };
  const stale = "or (as INSUFFICIENT_DATA) the scheduled monitor stopped reporting for 3 runs";
  let key: RotatedApiKey;

  beforeAll(async () => {
    key = await deploy(mocks, "nylas-key", defaultArgs);
  });

  it("runs the rotation Lambda with {action: maintain} every hour, invokable only by that rule", async () => {
    // Prepare
    const permissionUrn = await promiseOf(key.maintenancePermission!.urn);
    // Assess: every hour at a stable random minute (the mock's RandomInteger picks 17).
    expect(
      only(mocks, "random:index/randomInteger:RandomInteger", "nylas-key-maintenance-offset")
        .inputs,
    ).toEqual({
      min: 0,
      max: 59,
      keepers: { intervalMinutes: "60" },
    });
    expect(only(mocks, M.eventRule, "nylas-key-maintenance").inputs).toEqual({
      description:
        'Scheduled maintenance of RotatedApiKey "nylas-key": key lifecycle and the monitor behind its alarms.',
      scheduleExpression: "cron(17 * * * ? *)",
      tags,
    });
    const target = only(mocks, M.eventTarget, "nylas-key-maintenance");
    expect(target.inputs).toEqual({
      rule: "nylas-key-maintenance-1a2b3c4",
      arn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${functionName}`,
      input: '{"action":"maintain"}',
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 5 },
      deadLetterConfig: { arn: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:nylas-key-events-dlq-1a2b3c4` },
    });
    expect(target.dependencies).toContain(permissionUrn);
    expect(only(mocks, M.permission, "nylas-key-maintenance").inputs).toEqual({
      function: functionName,
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      sourceArn: `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/nylas-key-maintenance-1a2b3c4`,
    });
  });

  it("tells the Lambda which secret is its own, for the maintenance events that name none", () => {
    const env = only(mocks, T.function, "nylas-key-rotation").inputs.environment as {
      variables: Record<string, string>;
    };
    expect(env.variables.ROTATION_SECRET_ARN).toBe(
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:${secretName}-AbCdEf`,
    );
  });

  it("creates a notification topic without subscriptions", () => {
    expect(only(mocks, M.topic, "nylas-key-alarms").inputs).toEqual({
      displayName: "RotatedApiKey nylas-key",
      tags,
    });
    expect(mocks.ofType(M.subscription)).toEqual([]);
    expect(key.monitoring?.notificationSubscriptions).toEqual([]);
  });

  it("alarms when the current key is close to expiry or the monitor stops reporting", () => {
    expect(only(mocks, M.alarm, "nylas-key-key-expiry").inputs).toEqual({
      alarmDescription: `The current nylas key of RotatedApiKey "nylas-key" expires in under 14 days or is no longer active at the vendor, ${stale}. Rotation should have replaced it: look for rotation-failure notifications and check ${logs}.`,
      ...gauge,
      metricName: MonitorMetrics.DaysUntilKeyExpiry,
      statistic: "Minimum",
      threshold: 14,
      comparisonOperator: "LessThanThreshold",
      ...notifyGauge,
    });
  });

  it("alarms when no rotation succeeded for 30 days + the 24 h window + 24 h of slack", () => {
    expect(only(mocks, M.alarm, "nylas-key-rotation-overdue").inputs).toEqual({
      alarmDescription: `No rotation of RotatedApiKey "nylas-key" has succeeded for over 768 hours (the longest time between scheduled rotations, the rotation window and the slack), ${stale}. Check the rotation-failure notifications and ${logs}.`,
      ...gauge,
      metricName: MonitorMetrics.HoursSinceLastRotation,
      statistic: "Maximum",
      threshold: 768,
      comparisonOperator: "GreaterThanThreshold",
      ...notifyGauge,
    });
  });

  it("alarms on the first error of the rotation Lambda", () => {
    expect(only(mocks, M.alarm, "nylas-key-rotation-errors").inputs).toEqual({
      alarmDescription: `The rotation Lambda of RotatedApiKey "nylas-key" failed 1 or more times in 5 minutes (a rotation step or a scheduled maintenance run). A failed step leaves AWSCURRENT unchanged and Secrets Manager retries the rotation; see ${logs}.`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...notify,
    });
  });

  it("alarms on 5+ consumer auth failures a minute in 3 of 5 minutes, on the consumer client's SecretName-only metric", () => {
    expect(only(mocks, M.alarm, "nylas-key-auth-failures").inputs).toEqual({
      alarmDescription:
        'Consumers of RotatedApiKey "nylas-key" see a spike of auth failures (ConsumerAuthFailures reported by the consumer client): the vendor may be rejecting the current key. Check the dashboard, and roll back to the previous key while it is still valid.',
      namespace: METRIC_NAMESPACE,
      metricName: ConsumerMetrics.AuthFailures,
      dimensions: { SecretName: secretName },
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      threshold: 5,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...notify,
    });
    expect(mocks.ofType(M.metricFilter)).toEqual([]);
  });

  it("sends this secret's rotation-failure events to the topic as a readable message, once the topic allows it", async () => {
    // Prepare
    const policyUrn = await promiseOf(key.monitoring?.notificationTopicPolicy?.urn ?? key.urn);
    // Assess
    const target = only(mocks, M.eventTarget, "nylas-key-rotation-failed");
    expect(target.inputs).toEqual({
      rule: "nylas-key-rotation-failed-1a2b3c4",
      arn: topicArn,
      inputTransformer: {
        inputPaths: {
          eventName: "$.detail.eventName",
          secretId: "$.detail.additionalEventData.SecretId",
          eventTime: "$.detail.eventTime",
          account: "$.account",
          region: "$.region",
        },
        inputTemplate: `"RotatedApiKey nylas-key: Secrets Manager reported <eventName> for <secretId> at <eventTime> (account <account>, region <region>). The rotation did not complete. Rotation Lambda logs: /aws/lambda/${functionName}. Dashboard: RotatedApiKey-nylas-key-f48313."`,
      },
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
      deadLetterConfig: { arn: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:nylas-key-events-dlq-1a2b3c4` },
    });
    expect(target.dependencies).toContain(policyUrn);
    expect(only(mocks, M.eventRule, "nylas-key-rotation-failed").inputs).toEqual({
      description:
        'Secrets Manager\'s RotationFailed, RotationAbandoned and TestRotationFailed events for the secret of RotatedApiKey "nylas-key".',
      eventPattern: expect.any(String),
      tags,
    });
  });

  it("lets the account, its CloudWatch alarms and the rotation-failure rule use the topic, and nobody else", () => {
    const inputs = only(mocks, M.topicPolicy, "nylas-key-alarms").inputs;
    expect({ ...inputs, policy: JSON.parse(inputs.policy as string) }).toEqual({
      arn: topicArn,
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountOwnsTopic",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
            Action: [
              "sns:GetTopicAttributes",
              "sns:SetTopicAttributes",
              "sns:AddPermission",
              "sns:RemovePermission",
              "sns:DeleteTopic",
              "sns:Subscribe",
              "sns:ListSubscriptionsByTopic",
              "sns:Publish",
            ],
            Resource: topicArn,
          },
          {
            Sid: "CloudWatchAlarmsOfThisAccountPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT_ID } },
          },
          {
            Sid: "RotationFailureRulePublishes",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
              ArnEquals: {
                "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/nylas-key-rotation-failed-1a2b3c4`,
              },
            },
          },
        ],
      },
    });
  });

  it("creates the dashboard under a name unique to project, stack and component", () => {
    expect(only(mocks, M.dashboard, "nylas-key-dashboard").inputs).toEqual({
      dashboardName: "RotatedApiKey-nylas-key-f48313",
      dashboardBody: expect.any(String),
    });
  });

  it("exposes the alarms and outputs the topic and the dashboard", async () => {
    // Act
    const outputs = await promiseOf(
      pulumi.all({
        notificationTopicArn: key.notificationTopicArn,
        authFailureAlarm: key.monitoring?.authFailureAlarm?.arn,
        keyExpiryAlarm: key.monitoring?.keyExpiryAlarm?.arn,
      }),
    );
    // Assess
    expect(outputs).toEqual({
      notificationTopicArn: topicArn,
      authFailureAlarm: `arn:aws:cloudwatch:us-east-1:${ACCOUNT_ID}:alarm:nylas-key-auth-failures-1a2b3c4`,
      keyExpiryAlarm: `arn:aws:cloudwatch:us-east-1:${ACCOUNT_ID}:alarm:nylas-key-key-expiry-1a2b3c4`,
    });
    expect(key.dashboardName).toBe("RotatedApiKey-nylas-key-f48313");
  });
});
