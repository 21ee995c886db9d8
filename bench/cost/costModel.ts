/**
 * The cost of one rotated key a month: the resources it registers (as
 * recorded under Pulumi mocks) × AWS list prices × a usage assumption. It
 * takes a resource list, so a fleet (many keys sharing parts) is priced the
 * same way: pass the fleet's resources and its usage.
 */
import type { KeyResource } from "./keyResources";
import { priceOf, type PriceTable } from "./prices";
import { HOURS_PER_MONTH, runsPerMonth } from "./schedules";
import type { FleetUsage, UsageAssumptions } from "./usage";

/** One line of the bill. */
export interface CostLine {
  /** What is paid for, e.g. `Secrets Manager secrets`. */
  readonly item: string;
  /** How much of it, in words, e.g. `1 secret`. */
  readonly quantity: string;
  readonly usdPerMonth: number;
}

/** The bill of a set of resources for one month. */
export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly usdPerMonth: number;
}

const T = {
  secret: "aws:secretsmanager/secret:Secret",
  secretRotation: "aws:secretsmanager/secretRotation:SecretRotation",
  function: "aws:lambda/function:Function",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

/** Resource types AWS does not charge for by themselves (their use is priced through the types above). */
export const FREE_TYPES: readonly string[] = [
  "aws:secretsmanager/secretVersion:SecretVersion",
  "aws:secretsmanager/secretPolicy:SecretPolicy",
  T.secretRotation,
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:lambda/permission:Permission",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:sns/topicPolicy:TopicPolicy",
  "random:index/randomInteger:RandomInteger",
  // The dead-letter queue: SQS bills requests only, and a queue receives one only when an event
  // could not be delivered (its alarm is priced as an alarm).
  "aws:sqs/queue:Queue",
  "aws:sqs/queuePolicy:QueuePolicy",
  // One invocation per deploy (maintenance at deploy, retire at destroy): negligible next to the schedule.
  "aws:lambda/invocation:Invocation",
  T.eventRule,
  T.subscription,
];

const PRICED_TYPES = new Set<string>(Object.values(T));

/**
 * Prices `resources` for one month of `usage`. Throws, naming the type, for a
 * resource type the model has no price for, so that a new kind of child
 * cannot go unpriced.
 */
export function estimateCost(
  resources: readonly KeyResource[],
  usage: PricedUsage,
  prices: PriceTable,
): CostEstimate {
  const unknown = [...new Set(resources.map((r) => r.type))].filter(
    (t) => !PRICED_TYPES.has(t) && !FREE_TYPES.includes(t),
  );
  if (unknown.length > 0) {
    throw new Error(
      `The cost model has no price for ${unknown.join(", ")}: add it to bench/cost/costModel.ts (priced, or in FREE_TYPES).`,
    );
  }
  const of = (type: string) => resources.filter((r) => r.type === type);
  const functions = of(T.function);
  const scheduled = of(T.eventRule).filter((r) => typeof r.inputs.scheduleExpression === "string");
  const maintenanceRuns = scheduled
    .map((r) => runsPerMonth(r.inputs.scheduleExpression as string))
    .reduce((a, b) => a + b, 0);
  const activity = usage.fleet
    ? fleetActivity(of(T.secretRotation).length, maintenanceRuns, usage, usage.fleet)
    : ownActivity(functions.length, maintenanceRuns, usage);
  const { rotations, invocations } = activity;
  const gbSeconds =
    (functions.map((f) => memoryGbOf(f)).reduce((a, b) => a + b, 0) /
      Math.max(functions.length, 1)) *
    (activity.billedMs / 1000);
  const logGb = activity.logBytes / 1024 ** 3;
  const retentionMonths = of(T.logGroup).map((g) => retentionMonthsOf(g));
  const storedGb = logGb * Math.max(0, ...retentionMonths);
  const alarmMetrics = of(T.alarm)
    .map(alarmMetricCount)
    .reduce((a, b) => a + b, 0);
  // Metrics are per function's dimension (`SecretName` for a key's own, `Fleet` for a fleet's),
  // each prorated by the hours it is published in.
  const owners = functions.length;
  const metricMonths =
    owners *
      (usage.metricsPerMaintenanceRun * Math.min(1, maintenanceRuns / owners / HOURS_PER_MONTH) +
        (usage.metricsPerRotation + (usage.fleet?.playbookMetricsPerRotation ?? 0)) *
          Math.min(1, rotations / owners / HOURS_PER_MONTH) +
        (usage.fleet?.metricsPerRun ?? 0) *
          Math.min(1, maintenanceRuns / owners / HOURS_PER_MONTH)) +
    of(T.metricFilter).length;
  const topics = of(T.topic).length;
  const emails = of(T.subscription).filter((s) => s.inputs.protocol === "email").length;
  const smCalls = activity.secretsManagerCalls;
  const n = (value: number, digits = 1) => Number(value.toFixed(digits)).toLocaleString("en-US");

  const lines: CostLine[] = [
    {
      item: "Secrets Manager secrets",
      quantity: count(of(T.secret).length, "secret"),
      usdPerMonth: priceOf(prices, "secretsManagerSecretMonth", of(T.secret).length),
    },
    {
      item: "Secrets Manager API calls",
      quantity: `${n(smCalls, 0)} calls (${n(rotations, 2)} rotations, ${n(maintenanceRuns, 0)} maintenance runs)`,
      usdPerMonth: priceOf(prices, "secretsManagerApiCalls", smCalls),
    },
    {
      item: "Lambda requests and duration (arm64)",
      quantity: `${n(invocations, 0)} invocations, ${n(gbSeconds, 0)} GB-s`,
      usdPerMonth:
        priceOf(prices, "lambdaRequests", invocations) +
        priceOf(prices, "lambdaArmGbSecond", gbSeconds),
    },
    {
      item: "CloudWatch Logs ingestion and storage",
      quantity: `${n(logGb * 1024, 1)} MB a month, kept ${n(Math.max(0, ...retentionMonths), 0)} months`,
      usdPerMonth:
        priceOf(prices, "cloudWatchLogsIngestionGb", logGb) +
        priceOf(prices, "cloudWatchLogsStorageGbMonth", storedGb),
    },
    {
      item: "CloudWatch custom metrics (EMF)",
      quantity: `${n(metricMonths, 2)} metric-months`,
      usdPerMonth: priceOf(prices, "cloudWatchCustomMetricMonth", metricMonths),
    },
    {
      item: "CloudWatch alarms",
      quantity: `${count(of(T.alarm).length, "alarm")} (${count(alarmMetrics, "alarm metric")})`,
      usdPerMonth: priceOf(prices, "cloudWatchStandardAlarmMonth", alarmMetrics),
    },
    {
      item: "CloudWatch dashboard",
      quantity: count(of(T.dashboard).length, "dashboard"),
      usdPerMonth: priceOf(prices, "cloudWatchDashboardMonth", of(T.dashboard).length),
    },
    {
      item: "EventBridge rules",
      quantity: `${count(of(T.eventRule).length, "rule")} (scheduled, or AWS service events): free`,
      usdPerMonth: priceOf(prices, "eventBridgeScheduledRule", of(T.eventRule).length),
    },
    {
      item: "SNS notifications",
      quantity: `${count(topics, "topic")}, ${count(topics > 0 ? usage.notificationsPerMonth : 0, "message")}`,
      usdPerMonth:
        topics > 0
          ? priceOf(prices, "snsPublishes", usage.notificationsPerMonth) +
            priceOf(prices, "snsEmailDeliveries", usage.notificationsPerMonth * emails)
          : 0,
    },
  ];
  return { lines, usdPerMonth: lines.reduce((sum, line) => sum + line.usdPerMonth, 0) };
}

/** What the functions do in a month: invocations, billed time, logs and Secrets Manager calls. */
interface Activity {
  readonly rotations: number;
  readonly invocations: number;
  readonly billedMs: number;
  readonly logBytes: number;
  readonly secretsManagerCalls: number;
}

type PricedUsage = UsageAssumptions & { readonly rotationsPerMonth: number };

/** Keys with their own function: each function rotates one key and maintains it on its own schedule. */
function ownActivity(functions: number, maintenanceRuns: number, usage: PricedUsage): Activity {
  const rotations = usage.rotationsPerMonth * functions;
  const invocations = rotations * usage.invocationsPerRotation + maintenanceRuns;
  return {
    rotations,
    invocations,
    billedMs: invocations * usage.billedMsPerInvocation,
    logBytes: invocations * usage.logBytesPerInvocation,
    secretsManagerCalls:
      rotations * usage.secretsManagerCallsPerRotation +
      maintenanceRuns * usage.secretsManagerCallsPerMaintenanceRun,
  };
}

/**
 * A fleet: one function rotates every member (one rotation schedule each) and
 * one schedule maintains them all, each run listing the members (a call per
 * page) and working on `concurrency` at once, a member taking as long as a
 * key's own maintenance run.
 */
function fleetActivity(
  members: number,
  maintenanceRuns: number,
  usage: PricedUsage,
  fleet: FleetUsage,
): Activity {
  const rotations = usage.rotationsPerMonth * members;
  const rotationInvocations = rotations * usage.invocationsPerRotation;
  const msPerRun =
    Math.max(1, Math.ceil(members / fleet.concurrency)) * usage.billedMsPerInvocation;
  const callsPerRun =
    members * fleet.secretsManagerCallsPerMemberPerRun +
    Math.max(1, Math.ceil(members / fleet.membersPerListPage));
  return {
    rotations,
    invocations: rotationInvocations + maintenanceRuns,
    billedMs: rotationInvocations * usage.billedMsPerInvocation + maintenanceRuns * msPerRun,
    logBytes:
      rotationInvocations * usage.logBytesPerInvocation +
      maintenanceRuns * members * fleet.logBytesPerMemberPerRun,
    secretsManagerCalls:
      rotations * usage.secretsManagerCallsPerRotation + maintenanceRuns * callsPerRun,
  };
}

function count(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? "" : "s"}`;
}

function memoryGbOf(fn: KeyResource): number {
  const architectures = fn.inputs.architectures as readonly string[] | undefined;
  if (!architectures?.includes("arm64")) {
    throw new Error(
      `Function ${fn.name} is not arm64: the cost model has only arm64 Lambda prices.`,
    );
  }
  return Number(fn.inputs.memorySize ?? 128) / 1024;
}

/** Months a log group keeps what it ingests: retention in days, or a year when it never expires. */
function retentionMonthsOf(group: KeyResource): number {
  const days = Number(group.inputs.retentionInDays ?? 0);
  return (days === 0 ? 365 : Math.min(days, 365)) / (365 / 12);
}

/**
 * The metrics an alarm is billed for: one for a single metric; for metric
 * math, each metric it reads, and an anomaly-detection band counts 3.
 */
export function alarmMetricCount(alarm: KeyResource): number {
  const queries = alarm.inputs.metricQueries as
    readonly { metric?: unknown; expression?: string }[] | undefined;
  if (!queries) return 1;
  const metrics = queries.filter((q) => q.metric !== undefined).length;
  const band = queries.some((q) => q.expression?.includes("ANOMALY_DETECTION_BAND"));
  return band ? Math.max(metrics, 1) * 3 : metrics;
}
