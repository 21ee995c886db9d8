import type { RotatedApiKey, RotatedApiKeyArgs } from "../../../components";
import { defaultArgs, fullArgs } from "../componentArgs";
import { childList, deploy, only } from "../componentHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";
import { M, defaultMonitoringChildren } from "./alarmHarness";

const mocks = installPulumiMocks();
const SECRET_NAME = "nylas-key-1a2b3c4";
const TEAM_TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:platform-oncall`;

/** The component's custom children that belong to monitoring. */
function monitoringChildren(name: string): string[] {
  const rotation = [
    `aws:secretsmanager/secret:Secret::${name}`,
    `aws:cloudwatch/logGroup:LogGroup::${name}-rotation`,
    `aws:iam/role:Role::${name}-rotation`,
    `aws:iam/rolePolicy:RolePolicy::${name}-rotation`,
    `aws:lambda/function:Function::${name}-rotation`,
    `aws:lambda/permission:Permission::${name}-rotation`,
    `aws:secretsmanager/secretRotation:SecretRotation::${name}`,
    `aws:secretsmanager/secretPolicy:SecretPolicy::${name}-policy`,
    `aws:lambda/invocation:Invocation::${name}-retire`,
  ];
  return childList(mocks).filter((c) => !rotation.includes(c));
}

async function deployWith(overrides: Partial<RotatedApiKeyArgs>): Promise<RotatedApiKey> {
  const key = await deploy(mocks, "nylas-key", { ...defaultArgs, ...overrides });
  await Promise.all((key.monitoring?.notificationSubscriptions ?? []).map((s) => promiseOf(s.urn)));
  return key;
}

describe("a 401-spike alarm on a log group, with an anomaly band", () => {
  beforeAll(async () => {
    await deployWith({
      alarms: {
        authFailureSpike: {
          source: {
            kind: "logs",
            logGroupName: "/ecs/booking-service",
            filterPattern: "{ $.status = 401 }",
          },
          detection: { kind: "anomalyBand", bandWidth: 3 },
        },
      },
    });
  });

  it("counts matching log events into a per-secret metric", () => {
    expect(only(mocks, M.metricFilter, "nylas-key-auth-failures").inputs).toEqual({
      logGroupName: "/ecs/booking-service",
      pattern: "{ $.status = 401 }",
      metricTransformation: {
        namespace: "RotatedApiKey",
        name: `LogAuthFailures-${SECRET_NAME}`,
        value: "1",
        defaultValue: "0",
        unit: "Count",
      },
    });
  });

  it("alarms above the learned band, after the filter exists", () => {
    const alarm = only(mocks, M.alarm, "nylas-key-auth-failures");
    expect(alarm.inputs).toEqual({
      alarmDescription:
        'Consumers of RotatedApiKey "nylas-key" see a spike of auth failures (log events matching "{ $.status = 401 }"): the vendor may be rejecting the current key. Check the dashboard, and roll back to the previous key while it is still valid.',
      metricQueries: [
        {
          id: "m1",
          returnData: true,
          metric: {
            namespace: "RotatedApiKey",
            metricName: `LogAuthFailures-${SECRET_NAME}`,
            period: 300,
            stat: "Sum",
          },
        },
        {
          id: "ad1",
          expression: "ANOMALY_DETECTION_BAND(m1, 3)",
          label: "expected auth failures",
          returnData: true,
        },
      ],
      thresholdMetricId: "ad1",
      comparisonOperator: "GreaterThanUpperThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT_ID}:nylas-key-alarms-1a2b3c4`],
      okActions: [`arn:aws:sns:us-east-1:${ACCOUNT_ID}:nylas-key-alarms-1a2b3c4`],
      tags: expect.any(Object),
    });
    // The mock monitor's URNs name only the parent's own type (the engine's name the whole chain).
    expect(alarm.dependencies).toContain(
      "urn:pulumi:stack::project::rotated-api-key:index:RotationMonitoring$aws:cloudwatch/logMetricFilter:LogMetricFilter::nylas-key-auth-failures",
    );
  });
});

describe("a 401-spike alarm on an existing API Gateway metric, an existing topic", () => {
  beforeAll(async () => {
    await deployWith({
      alarms: {
        authFailureSpike: {
          source: {
            kind: "metric",
            namespace: "AWS/ApiGateway",
            metricName: "4XXError",
            dimensions: { ApiName: "booking-api", Stage: "prod" },
          },
          detection: { kind: "static", threshold: 20, periodSeconds: 300, evaluationPeriods: 3 },
        },
      },
      notifications: { topicArn: TEAM_TOPIC },
    });
  });

  it("watches that metric with the given threshold", () => {
    expect(only(mocks, M.alarm, "nylas-key-auth-failures").inputs).toMatchObject({
      namespace: "AWS/ApiGateway",
      metricName: "4XXError",
      dimensions: { ApiName: "booking-api", Stage: "prod" },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 20,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("notifies the existing topic and leaves its policy alone", () => {
    expect(monitoringChildren("nylas-key")).toEqual(
      defaultMonitoringChildren("nylas-key")
        .filter((c) => !c.startsWith(M.topic) && !c.startsWith(M.topicPolicy))
        .sort(),
    );
    for (const alarm of mocks.ofType(M.alarm)) {
      expect([alarm.inputs.alarmActions, alarm.inputs.okActions]).toEqual([
        [TEAM_TOPIC],
        [TEAM_TOPIC],
      ]);
    }
    expect(only(mocks, M.eventTarget, "nylas-key-rotation-failed").inputs.arn).toBe(TEAM_TOPIC);
  });
});

describe("email and HTTPS subscriptions", () => {
  it("subscribes each endpoint to the created topic, named by a hash of the endpoint", async () => {
    // Act
    await deployWith({
      notifications: {
        emailAddresses: ["oncall@example.com"],
        httpsEndpoints: ["https://hooks.example.com/alerts"],
      },
    });
    // Assess
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:nylas-key-alarms-1a2b3c4`;
    expect(mocks.ofType(M.subscription).map((s) => ({ name: s.name, inputs: s.inputs }))).toEqual([
      {
        name: "nylas-key-alarms-email-d876c66b",
        inputs: { topic, protocol: "email", endpoint: "oncall@example.com" },
      },
      {
        name: "nylas-key-alarms-https-042d74ee",
        inputs: { topic, protocol: "https", endpoint: "https://hooks.example.com/alerts" },
      },
    ]);
  });
});

describe("monitoring turned off, in whole or in part", () => {
  it("keeps only the maintenance schedule when alarms are off", async () => {
    // Act
    const key = await deployWith({ alarms: { enabled: false } });
    // Assess
    expect(monitoringChildren("nylas-key")).toEqual([
      `${M.eventRule}::nylas-key-maintenance`,
      `${M.eventTarget}::nylas-key-maintenance`,
      `${M.invocation}::nylas-key-deploy-maintenance`,
      `${M.permission}::nylas-key-maintenance`,
      `${M.queue}::nylas-key-events-dlq`,
      `${M.queuePolicy}::nylas-key-events-dlq`,
      "random:index/randomInteger:RandomInteger::nylas-key-maintenance-offset",
    ]);
    expect([key.notificationTopicArn, key.dashboardName, key.monitoring?.authFailureAlarm]).toEqual(
      [undefined, undefined, undefined],
    );
  });

  it("drops the parts turned off: no failure rule (nor its publish grant), no dashboard", async () => {
    // Act
    await deployWith({
      alarms: {
        keyExpiry: { enabled: false },
        rotationFailure: { enabled: false },
        authFailureSpike: { enabled: false },
        dashboard: { enabled: false },
      },
    });
    // Assess
    expect(monitoringChildren("nylas-key")).toEqual(
      [
        "random:index/randomInteger:RandomInteger::nylas-key-maintenance-offset",
        `${M.eventRule}::nylas-key-maintenance`,
        `${M.eventTarget}::nylas-key-maintenance`,
        `${M.permission}::nylas-key-maintenance`,
        `${M.invocation}::nylas-key-deploy-maintenance`,
        `${M.topic}::nylas-key-alarms`,
        `${M.topicPolicy}::nylas-key-alarms`,
        `${M.alarm}::nylas-key-rotation-overdue`,
        `${M.queue}::nylas-key-events-dlq`,
        `${M.queuePolicy}::nylas-key-events-dlq`,
        `${M.alarm}::nylas-key-events-dlq`,
      ].sort(),
    );
    const policy = JSON.parse(
      only(mocks, M.topicPolicy, "nylas-key-alarms").inputs.policy as string,
    ) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "AccountOwnsTopic",
      "CloudWatchAlarmsOfThisAccountPublish",
    ]);
  });

  it("creates no expiry alarm for keys that never expire (keyTtlDays 0)", async () => {
    // Act
    await deployWith({ keyTtlDays: 0 });
    // Assess
    expect(
      mocks
        .ofType(M.alarm)
        .map((a) => a.name)
        .sort(),
    ).toEqual([
      "nylas-key-auth-failures",
      "nylas-key-events-dlq",
      "nylas-key-revoked-in-use",
      "nylas-key-rotation-errors",
      "nylas-key-rotation-overdue",
    ]);
  });
});

describe("thresholds that follow the schedule", () => {
  it("evaluates the gauges once per maintenance interval", async () => {
    // Act
    await deployWith({ maintenanceIntervalMinutes: 15 });
    // Assess
    expect(only(mocks, M.eventRule, "nylas-key-maintenance").inputs.scheduleExpression).toBe(
      "cron(14/15 * * * ? *)",
    );
    expect(only(mocks, M.alarm, "nylas-key-key-expiry").inputs.period).toBe(900);
    expect(only(mocks, M.alarm, "nylas-key-rotation-overdue").inputs.period).toBe(900);
  });

  it("sets the overdue threshold from a cron schedule's longest gap and its window", async () => {
    // Act: Mondays and Thursdays at 06:00, a 4 h window: up to 96 h between rotations.
    await deploy(mocks, "booking-key", fullArgs);
    // Assess
    expect(only(mocks, M.alarm, "booking-key-rotation-overdue").inputs.threshold).toBe(124);
    expect(only(mocks, M.alarm, "booking-key-key-expiry").inputs.threshold).toBe(14);
  });

  it("lowers the default expiry threshold below the days a key has left when its successor is due", async () => {
    // Act: 10-day keys rotated weekly in a 24 h window have 10 - (7 + 1) = 2 days left at the latest.
    await deployWith({ rotationDays: 7, keyTtlDays: 10, maxKeyAgeDays: 10 });
    // Assess: half of that, instead of 14 days that would alarm before every rotation.
    expect(only(mocks, M.alarm, "nylas-key-key-expiry").inputs.threshold).toBe(1);
  });
});

describe("a 401-spike alarm on a log group with the longest filter pattern accepted (1024 characters)", () => {
  const group = `/ecs/${"b".repeat(507)}`;
  const pattern =
    `{ ${Array.from({ length: 80 }, (_, i) => `$.s${String(i).padStart(2, "0")} = 401`).join(" || ")} }`.slice(
      0,
      1022,
    ) + " }";

  beforeAll(async () => {
    await deployWith({
      alarms: {
        authFailureSpike: {
          source: { kind: "logs", logGroupName: group, filterPattern: pattern },
        },
      },
    });
  });

  it("keeps every alarm's description within CloudWatch's 1024 characters", () => {
    // Assess
    expect(pattern).toHaveLength(1024);
    expect(group).toHaveLength(512);
    const lengths = mocks
      .ofType(M.alarm)
      .map((a) => [a.name, String(a.inputs["alarmDescription"]).length]);
    expect(lengths.filter(([, length]) => Number(length) > 1024)).toEqual([]);
    expect(lengths).toHaveLength(6);
  });

  it("quotes the start of the pattern with an ellipsis and says where to read it in full", () => {
    // Assess
    const description = String(
      only(mocks, M.alarm, "nylas-key-auth-failures").inputs["alarmDescription"],
    );
    expect(description).toBe(
      `Consumers of RotatedApiKey "nylas-key" see a spike of auth failures (log events matching ${JSON.stringify(pattern.slice(0, 200))}…, the first 200 of 1024 characters; the full pattern is on that log group's metric filter whose name starts with nylas-key-auth-failures (aws logs describe-metric-filters)): the vendor may be rejecting the current key. Check the dashboard, and roll back to the previous key while it is still valid.`,
    );
    expect(only(mocks, M.metricFilter, "nylas-key-auth-failures").inputs["pattern"]).toBe(pattern);
  });
});
