import { estimateCost } from "../../../bench/cost/costModel";
import type { KeyResource } from "../../../bench/cost/keyResources";
import type { PriceTable } from "../../../bench/cost/prices";
import { runsPerMonth } from "../../../bench/cost/schedules";
import type { UsageAssumptions } from "../../../bench/cost/usage";

/** Round prices, so that every expected figure can be computed by hand. */
const PRICES: PriceTable = {
  region: "test",
  currency: "USD",
  asOf: "2030-01-01",
  sources: ["test"],
  prices: {
    secretsManagerSecretMonth: { usd: 1, per: "secret", source: "t" },
    secretsManagerApiCalls: { usd: 1, per: "1,000 calls", quantity: 1000, source: "t" },
    lambdaArmGbSecond: { usd: 0.01, per: "GB-s", source: "t" },
    lambdaRequests: { usd: 1, per: "1,000 requests", quantity: 1000, source: "t" },
    cloudWatchStandardAlarmMonth: { usd: 0.1, per: "alarm metric", source: "t" },
    cloudWatchDashboardMonth: { usd: 3, per: "dashboard", source: "t" },
    cloudWatchCustomMetricMonth: { usd: 0.5, per: "metric-month", source: "t" },
    cloudWatchLogsIngestionGb: { usd: 1024, per: "GB", source: "t" },
    cloudWatchLogsStorageGbMonth: { usd: 0, per: "GB-month", source: "t" },
    eventBridgeScheduledRule: { usd: 0, per: "rule", source: "t" },
    eventBridgeCustomEvents: { usd: 1, per: "1M events", quantity: 1000000, source: "t" },
    snsPublishes: { usd: 1, per: "publish", source: "t" },
    snsEmailDeliveries: { usd: 1, per: "email", source: "t" },
  },
};

const USAGE: UsageAssumptions & { rotationsPerMonth: number } = {
  rotationsPerMonth: 10,
  secretsManagerCallsPerRotation: 10,
  secretsManagerCallsPerMaintenanceRun: 1,
  invocationsPerRotation: 4,
  billedMsPerInvocation: 1000,
  logBytesPerInvocation: 1024 ** 2,
  metricsPerMaintenanceRun: 2,
  metricsPerRotation: 73,
  notificationsPerMonth: 3,
};

const r = (type: string, name: string, inputs: Record<string, unknown> = {}): KeyResource => ({
  type,
  name,
  inputs,
});

/** One key: a secret, a 512 MB arm64 function, an hourly rule, two alarms (one anomaly band), a dashboard, a topic with an email. */
const RESOURCES: KeyResource[] = [
  r("aws:secretsmanager/secret:Secret", "k"),
  r("aws:secretsmanager/secretRotation:SecretRotation", "k"),
  r("aws:iam/role:Role", "k"),
  r("aws:lambda/function:Function", "k", { memorySize: 512, architectures: ["arm64"] }),
  r("aws:cloudwatch/logGroup:LogGroup", "k", { retentionInDays: 365 }),
  r("aws:cloudwatch/eventRule:EventRule", "k-maintenance", {
    scheduleExpression: "cron(17 * * * ? *)",
  }),
  r("aws:cloudwatch/eventRule:EventRule", "k-rotation-failed", { eventPattern: "{}" }),
  r("aws:cloudwatch/metricAlarm:MetricAlarm", "k-key-expiry", { metricName: "DaysUntilKeyExpiry" }),
  r("aws:cloudwatch/metricAlarm:MetricAlarm", "k-auth-failures", {
    metricQueries: [
      { id: "m", metric: { metricName: "ConsumerAuthFailures" } },
      { id: "band", expression: "ANOMALY_DETECTION_BAND(m, 2)" },
    ],
  }),
  r("aws:cloudwatch/dashboard:Dashboard", "k"),
  r("aws:sns/topic:Topic", "k"),
  r("aws:sns/topicSubscription:TopicSubscription", "k-email-0", { protocol: "email" }),
];

describe("the cost model", () => {
  it("prices each resource and the usage it causes", () => {
    // Act
    const estimate = estimateCost(RESOURCES, USAGE, PRICES);
    // Assess: 10 rotations × 4 + 730 hourly runs = 770 invocations
    expect(estimate.lines.map((l) => [l.item, l.quantity, l.usdPerMonth])).toEqual([
      ["Secrets Manager secrets", "1 secret", 1],
      [
        "Secrets Manager API calls",
        "830 calls (10 rotations, 730 maintenance runs)",
        0.83, // 10 × 10 + 730 × 1
      ],
      ["Lambda requests and duration (arm64)", "770 invocations, 385 GB-s", 0.77 + 3.85],
      ["CloudWatch Logs ingestion and storage", "770 MB a month, kept 12 months", 770],
      // 2 gauges all month + 73 metrics for 10 hours of 730
      ["CloudWatch custom metrics (EMF)", "3 metric-months", 1.5],
      ["CloudWatch alarms", "2 alarms (4 alarm metrics)", 0.4],
      ["CloudWatch dashboard", "1 dashboard", 3],
      ["EventBridge rules", "2 rules (scheduled, or AWS service events): free", 0],
      ["SNS notifications", "1 topic, 3 messages", 6],
    ]);
    expect(estimate.usdPerMonth).toBeCloseTo(1 + 0.83 + 4.62 + 770 + 1.5 + 0.4 + 3 + 6, 10);
  });

  it("refuses a resource type it has no price for, naming it", () => {
    expect(() =>
      estimateCost([...RESOURCES, r("aws:dynamodb/table:Table", "t")], USAGE, PRICES),
    ).toThrow(
      "The cost model has no price for aws:dynamodb/table:Table: add it to bench/cost/costModel.ts (priced, or in FREE_TYPES).",
    );
  });

  it("refuses a function it has no price for", () => {
    const x86 = RESOURCES.map((res) =>
      res.type === "aws:lambda/function:Function" ? { ...res, inputs: { memorySize: 128 } } : res,
    );
    expect(() => estimateCost(x86, USAGE, PRICES)).toThrow(
      "Function k is not arm64: the cost model has only arm64 Lambda prices.",
    );
  });
});

describe("the cost model for a fleet", () => {
  /** A 512 MB fleet function with an hourly schedule and one alarm, and 10 members (a secret and its rotation each). */
  const FLEET: KeyResource[] = [
    r("aws:lambda/function:Function", "f", { memorySize: 512, architectures: ["arm64"] }),
    r("aws:cloudwatch/logGroup:LogGroup", "f", { retentionInDays: 365 }),
    r("aws:cloudwatch/eventRule:EventRule", "f-maintenance", {
      scheduleExpression: "cron(17 * * * ? *)",
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "f-failures", { metricName: "StepFailed" }),
    ...Array.from({ length: 10 }, (_, i) => [
      r("aws:secretsmanager/secret:Secret", `m${i}`),
      r("aws:secretsmanager/secretRotation:SecretRotation", `m${i}`),
    ]).flat(),
  ];
  const FLEET_USAGE = {
    ...USAGE,
    fleet: {
      secretsManagerCallsPerMemberPerRun: 2,
      membersPerListPage: 4,
      logBytesPerMemberPerRun: 1024 ** 2 / 2,
      concurrency: 5,
      metricsPerRun: 3,
      playbookMetricsPerRotation: 2,
    },
  };

  it("prices one maintenance schedule walking every member, and one set of metrics for the fleet", () => {
    // Act
    const estimate = estimateCost(FLEET, FLEET_USAGE, PRICES);
    // Assess: 10 members × 10 rotations × 4 invocations = 400, + 730 runs of ⌈10 / 5⌉ = 2 s each
    expect(estimate.lines.map((l) => [l.item, l.quantity, l.usdPerMonth])).toEqual([
      ["Secrets Manager secrets", "10 secrets", 10],
      [
        "Secrets Manager API calls",
        "17,790 calls (100 rotations, 730 maintenance runs)",
        17.79, // 100 × 10 + 730 × (10 × 2 + ⌈10 / 4⌉ list pages)
      ],
      // (400 × 1 s + 730 × 2 s) × 0.5 GB = 930 GB-s
      ["Lambda requests and duration (arm64)", "1,130 invocations, 930 GB-s", 1.13 + 9.3],
      // 400 × 1 MB + 730 × 10 × 0.5 MB
      ["CloudWatch Logs ingestion and storage", "4,050 MB a month, kept 12 months", 4050],
      // one fleet: 2 gauges and 3 fleet metrics all month, 73 rotation + 2 playbook metrics in 100 hours of 730
      ["CloudWatch custom metrics (EMF)", "15.27 metric-months", (5 + (75 * 100) / 730) * 0.5],
      ["CloudWatch alarms", "1 alarm (1 alarm metric)", 0.1],
      ["CloudWatch dashboard", "0 dashboards", 0],
      ["EventBridge rules", "1 rule (scheduled, or AWS service events): free", 0],
      ["SNS notifications", "0 topics, 0 messages", 0],
    ]);
  });

  it("without fleet usage, counts one key per function, as for keys with their own", () => {
    // Act: the fleet's resources without fleet usage: one function maintaining one key an hour
    const estimate = estimateCost(FLEET, USAGE, PRICES);
    // Assess: 10 × 10 rotations, 730 runs of one call each
    expect(estimate.lines[1]?.quantity).toBe("830 calls (10 rotations, 730 maintenance runs)");
  });
});

describe("runs per month of a schedule", () => {
  it.each([
    ["rate(1 hour)", 730],
    ["rate(30 minutes)", 1460],
    ["rate(1 day)", 30.416666666666668],
    ["cron(17 * * * ? *)", 730],
    ["cron(5/15 * * * ? *)", 2920],
    ["cron(40 2/6 * * ? *)", 121.66666666666667],
  ])("%s runs %d times", (expression, runs) => {
    expect(runsPerMonth(expression)).toBe(runs);
  });

  it("refuses a form it cannot count, naming it", () => {
    expect(() => runsPerMonth("cron(0 6 ? * MON *)")).toThrow(
      'The cost model cannot tell how often "cron(0 6 ? * MON *)" runs: it reads rate() and cron(m[/n] h[/n] * * ? *) only.',
    );
  });
});
