import { ROTATION_STEPS } from "../../lambdas/contract/events";
import {
  FleetMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
  MonitorMetrics,
  RotationMetrics,
} from "../../lambdas/contract/metricNames";
import { GAUGE_EVALUATION_PERIODS } from "../alarms/alarmArgs";
import { SERVICE_DIMENSION } from "../alarms/alarmMetrics";
import { ROTATION_SERVICE_NAME } from "../lambdaEnvironment";

/**
 * The fleet's alarms as plain data: one alarm per signal over every member.
 * A fleet function emits its metrics with a `Fleet` dimension instead of
 * `SecretName`, so each signal is one metric per fleet (the members'
 * datapoints land in it, and Minimum / Maximum / Sum pick the worst). Which
 * member it was is in the function's logs: every alarm description carries
 * the Logs Insights query that names the secrets.
 */
export interface FleetAlarmInput {
  readonly fleetName: string;
  readonly vendor: string;
  readonly functionName: string;
  readonly logGroupName: string;
  readonly maintenanceIntervalMinutes: number;
  readonly keyExpiryDays: number;
}

/** One alarm's arguments, without the topic actions (added by the component). */
export interface FleetAlarmSpec {
  /** The suffix of the alarm's logical name, `<fleet>-<suffix>`. */
  readonly suffix: string;
  readonly alarmDescription: string;
  readonly comparisonOperator: string;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: "breaching" | "notBreaching";
  /** A single metric … */
  readonly metric?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, string>>;
    readonly statistic: string;
    readonly period: number;
  };
  /** … or metric math over several. */
  readonly metricQueries?: readonly MetricQuery[];
}

export interface MetricQuery {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly returnData?: boolean;
  readonly metric?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, string>>;
    readonly stat: string;
    readonly period: number;
  };
}

/** The dimensions of every per-member metric of a fleet function. */
export function fleetDimensions(fleetName: string): Record<string, string> {
  return { [SERVICE_DIMENSION]: ROTATION_SERVICE_NAME, [MetricDimensions.Fleet]: fleetName };
}

/** The Logs Insights query that lists the members behind an alarm (run it on the fleet function's log group). */
export function offendersQuery(filter: string): string {
  return `fields @timestamp, coalesce(secretName, secretId) as secret | filter ${filter} | stats count() as events, latest(@timestamp) as last by secret | sort last desc`;
}

const STEP_FAILURE_PERIOD_SECONDS = 300;

export function fleetAlarmSpecs(input: FleetAlarmInput): FleetAlarmSpec[] {
  const dims = fleetDimensions(input.fleetName);
  const gaugePeriod = input.maintenanceIntervalMinutes * 60;
  const where = `Logs Insights on ${input.logGroupName}:`;
  return [
    {
      suffix: "step-failures",
      alarmDescription: `A rotation step failed for a member of fleet "${input.fleetName}" (${input.vendor}); Secrets Manager retries it. The notification naming the secret comes from its rotation-failure rule. ${where} ${offendersQuery('level = "ERROR" and message like / failed$/')}`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      metricQueries: [
        ...ROTATION_STEPS.map((step, i) => ({
          id: `m${i}`,
          returnData: false,
          metric: {
            namespace: METRIC_NAMESPACE,
            metricName: RotationMetrics.StepFailed,
            dimensions: { ...dims, [MetricDimensions.Step]: step },
            stat: "Sum",
            period: STEP_FAILURE_PERIOD_SECONDS,
          },
        })),
        {
          id: "failures",
          expression: `SUM([${ROTATION_STEPS.map((_, i) => `FILL(m${i}, 0)`).join(", ")}])`,
          label: "Rotation steps failed (every member)",
          returnData: true,
        },
      ],
    },
    {
      suffix: "key-expiry",
      alarmDescription: `A current key of fleet "${input.fleetName}" expires in under ${input.keyExpiryDays} days or is no longer active at the vendor, or the fleet's maintenance stopped reporting (${GAUGE_EVALUATION_PERIODS} runs without data count as breaching). ${where} ${offendersQuery(`ispresent(monitor.daysUntilKeyExpiry) and monitor.daysUntilKeyExpiry < ${input.keyExpiryDays}`)}`,
      comparisonOperator: "LessThanThreshold",
      threshold: input.keyExpiryDays,
      evaluationPeriods: GAUGE_EVALUATION_PERIODS,
      treatMissingData: "breaching",
      metric: {
        namespace: METRIC_NAMESPACE,
        metricName: MonitorMetrics.DaysUntilKeyExpiry,
        dimensions: dims,
        statistic: "Minimum",
        period: gaugePeriod,
      },
    },
    {
      suffix: "maintenance-failures",
      alarmDescription: `The scheduled maintenance of a member of fleet "${input.fleetName}" failed (the other members were maintained). ${where} ${offendersQuery('message = "fleet: maintenance of a member failed"')}`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      metric: {
        namespace: METRIC_NAMESPACE,
        metricName: FleetMetrics.MemberMaintenanceFailed,
        dimensions: dims,
        statistic: "Sum",
        period: gaugePeriod,
      },
    },
    {
      suffix: "maintenance-deferred",
      alarmDescription: `Fleet "${input.fleetName}" has left members for the next run in ${GAUGE_EVALUATION_PERIODS} runs in a row: one run's time budget no longer covers the fleet. Raise lambdaTimeoutSeconds or maintenanceConcurrency, or split the fleet.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: GAUGE_EVALUATION_PERIODS,
      treatMissingData: "notBreaching",
      metric: {
        namespace: METRIC_NAMESPACE,
        metricName: FleetMetrics.MembersDeferred,
        dimensions: dims,
        statistic: "Minimum",
        period: gaugePeriod,
      },
    },
    {
      suffix: "function-errors",
      alarmDescription: `The rotation function of fleet "${input.fleetName}" (${input.functionName}) reported errors. ${where} ${offendersQuery('level = "ERROR"')}`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      metric: {
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: input.functionName },
        statistic: "Sum",
        period: STEP_FAILURE_PERIOD_SECONDS,
      },
    },
  ];
}
