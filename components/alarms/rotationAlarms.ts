import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  LifecycleMetrics,
  METRIC_NAMESPACE,
  MonitorMetrics,
} from "../../lambdas/contract/metricNames";
import { authFailureMetric, rotationDimensions, type MetricRef } from "./alarmMetrics";
import type { AlarmsPlan } from "./validateAlarmArgs";
import { GAUGE_EVALUATION_PERIODS } from "./validateAlarmArgs";
import type { AuthFailurePlan, AuthFailureSourcePlan } from "./validateAuthFailureArgs";

/** What the alarms watch and where they report. */
export interface AlarmTarget {
  readonly name: string;
  readonly vendor: string;
  readonly plan: AlarmsPlan;
  readonly secretName: pulumi.Output<string>;
  readonly functionName: string;
  readonly logGroupName: string;
  readonly topicArn: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}

/** The CloudWatch alarms of one key; a missing member was turned off. */
export interface RotationAlarms {
  readonly keyExpiryAlarm?: aws.cloudwatch.MetricAlarm;
  readonly overdueRotationAlarm?: aws.cloudwatch.MetricAlarm;
  readonly functionErrorsAlarm?: aws.cloudwatch.MetricAlarm;
  /** The previous key was revoked at the hard limit while consumers still used it. */
  readonly revokedInUseAlarm?: aws.cloudwatch.MetricAlarm;
  readonly authFailureAlarm?: aws.cloudwatch.MetricAlarm;
  readonly authFailureMetricFilter?: aws.cloudwatch.LogMetricFilter;
}

/** Period of the function-errors alarm. */
export const FUNCTION_ERRORS_PERIOD_SECONDS = 300;

/**
 * Creates the alarms the plan asks for. Every alarm notifies the topic on
 * ALARM and on OK. The two gauge alarms treat missing data as breaching, so a
 * monitor that stops running (or a secret without a current key) alarms too;
 * the count alarms treat it as not breaching (no failures, no datapoints).
 */
export function createRotationAlarms(t: AlarmTarget): RotationAlarms {
  const { plan, name } = t;
  const opts = { parent: t.parent };
  const actions = { alarmActions: [t.topicArn], okActions: [t.topicArn], tags: t.tags };
  const gauge = {
    namespace: METRIC_NAMESPACE,
    dimensions: rotationDimensions(t.secretName),
    period: plan.gaugePeriodSeconds,
    evaluationPeriods: GAUGE_EVALUATION_PERIODS,
    datapointsToAlarm: GAUGE_EVALUATION_PERIODS,
    treatMissingData: "breaching",
  };
  const stale = `or the scheduled monitor stopped reporting (${GAUGE_EVALUATION_PERIODS} runs without data count as breaching)`;
  const logs = `the rotation Lambda's logs (${t.logGroupName})`;
  const alarms: { -readonly [K in keyof RotationAlarms]: RotationAlarms[K] } = {};

  if (plan.keyExpiry !== undefined) {
    const days = plan.keyExpiry.thresholdDays;
    alarms.keyExpiryAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-key-expiry`,
      {
        alarmDescription: `The current ${t.vendor} key of RotatedApiKey "${name}" expires in under ${days} days or is no longer active at the vendor, ${stale}. Rotation should have replaced it: look for rotation-failure notifications and check ${logs}.`,
        ...gauge,
        metricName: MonitorMetrics.DaysUntilKeyExpiry,
        statistic: "Minimum",
        threshold: days,
        comparisonOperator: "LessThanThreshold",
        ...actions,
      },
      opts,
    );
  }
  if (plan.overdueRotation !== undefined) {
    const hours = plan.overdueRotation.thresholdHours;
    alarms.overdueRotationAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-rotation-overdue`,
      {
        alarmDescription: `No rotation of RotatedApiKey "${name}" has succeeded for over ${hours} hours (the longest time between scheduled rotations, the rotation window and the slack), ${stale}. Check the rotation-failure notifications and ${logs}.`,
        ...gauge,
        metricName: MonitorMetrics.HoursSinceLastRotation,
        statistic: "Maximum",
        threshold: hours,
        comparisonOperator: "GreaterThanThreshold",
        ...actions,
      },
      opts,
    );
  }
  if (plan.rotationFailure !== undefined) {
    const errors = plan.rotationFailure.functionErrorsThreshold;
    alarms.functionErrorsAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-rotation-errors`,
      {
        alarmDescription: `The rotation Lambda of RotatedApiKey "${name}" failed ${errors} or more times in 5 minutes (a rotation step or a scheduled maintenance run). A failed step leaves AWSCURRENT unchanged and Secrets Manager retries the rotation; see ${logs}.`,
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: t.functionName },
        statistic: "Sum",
        period: FUNCTION_ERRORS_PERIOD_SECONDS,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: errors,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        ...actions,
      },
      opts,
    );
  }
  if (plan.rotationFailure !== undefined) {
    alarms.revokedInUseAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-revoked-in-use`,
      {
        alarmDescription: `The previous key of RotatedApiKey "${name}" was revoked at the hard limit while consumers still used it: they now fail until they read the current key. Find the consumers still on the old key (their ConsumerPreviousKeyFallbacks metric) and see ${logs}.`,
        namespace: METRIC_NAMESPACE,
        metricName: LifecycleMetrics.RevokedDespiteUse,
        dimensions: rotationDimensions(t.secretName),
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        ...actions,
      },
      opts,
    );
  }
  if (plan.authFailure !== undefined) {
    const { source } = plan.authFailure;
    if (source.kind === "logs") {
      alarms.authFailureMetricFilter = new aws.cloudwatch.LogMetricFilter(
        `${name}-auth-failures`,
        {
          logGroupName: source.logGroupName,
          pattern: source.filterPattern,
          metricTransformation: {
            namespace: METRIC_NAMESPACE,
            name: authFailureMetric(source, t.secretName).metricName,
            value: "1",
            defaultValue: "0",
            unit: "Count",
          },
        },
        opts,
      );
    }
    alarms.authFailureAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-auth-failures`,
      {
        alarmDescription: `Consumers of RotatedApiKey "${name}" see a spike of auth failures (${describeSource(source)}): the vendor may be rejecting the current key. Check the dashboard, and roll back to the previous key while it is still valid.`,
        ...authFailureCriteria(plan.authFailure, authFailureMetric(source, t.secretName)),
        treatMissingData: "notBreaching",
        ...actions,
      },
      {
        ...opts,
        ...(alarms.authFailureMetricFilter ? { dependsOn: [alarms.authFailureMetricFilter] } : {}),
      },
    );
  }
  return alarms;
}

/** The metric and comparison of the 401-spike alarm: a static N-of-M threshold or an anomaly band. */
function authFailureCriteria(
  auth: AuthFailurePlan,
  metric: MetricRef,
): Partial<aws.cloudwatch.MetricAlarmArgs> {
  const { detection } = auth;
  const window = {
    evaluationPeriods: detection.evaluationPeriods,
    datapointsToAlarm: detection.datapointsToAlarm,
  };
  if (detection.kind === "static") {
    return {
      namespace: metric.namespace,
      metricName: metric.metricName,
      ...(Object.keys(metric.dimensions).length > 0 ? { dimensions: metric.dimensions } : {}),
      statistic: metric.statistic,
      period: detection.periodSeconds,
      ...window,
      threshold: detection.threshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    };
  }
  return {
    metricQueries: [
      {
        id: "m1",
        returnData: true,
        metric: {
          namespace: metric.namespace,
          metricName: metric.metricName,
          ...(Object.keys(metric.dimensions).length > 0 ? { dimensions: metric.dimensions } : {}),
          period: detection.periodSeconds,
          stat: metric.statistic,
        },
      },
      {
        id: "ad1",
        expression: `ANOMALY_DETECTION_BAND(m1, ${detection.bandWidth})`,
        label: "expected auth failures",
        returnData: true,
      },
    ],
    thresholdMetricId: "ad1",
    comparisonOperator: "GreaterThanUpperThreshold",
    ...window,
  };
}

function describeSource(source: AuthFailureSourcePlan): string {
  switch (source.kind) {
    case "consumerClient":
      return "ConsumerAuthFailures reported by the consumer client";
    case "logs":
      return `log events matching ${JSON.stringify(source.filterPattern)}`;
    case "metric":
      return `${source.namespace} ${source.metricName}`;
  }
}
