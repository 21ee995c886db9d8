import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
  LifecycleMetrics,
  METRIC_NAMESPACE,
  MonitorMetrics,
} from "../../lambdas/contract/metricNames";
import { authFailureMetric, rotationDimensions, type MetricRef } from "./alarmMetrics";
import { GAUGE_EVALUATION_PERIODS } from "./alarmArgs";
import type { MonitoredKey } from "./monitoringArgs";
import type { AuthFailurePlan, AuthFailureSourcePlan } from "./plan/authFailurePlan";

/**
 * What the alarms watch and where they report. Every alarm notifies the topic
 * on ALARM and on OK. The two gauge alarms treat missing data as missing: a
 * new alarm waits in INSUFFICIENT_DATA (no notification) until the monitor's
 * first data, which the deploy-time maintenance run publishes, so a fresh
 * deploy starts quiet; a monitor that stops running (or a secret that loses
 * its current key) moves them to INSUFFICIENT_DATA, which notifies the topic
 * too. The count alarms treat missing data as not breaching (no failures, no
 * datapoints).
 */
export interface AlarmTarget extends MonitoredKey {
  readonly topicArn: pulumi.Input<string>;
}

/** Period of the function-errors alarm. */
export const FUNCTION_ERRORS_PERIOD_SECONDS = 300;

const STALE = `or (as INSUFFICIENT_DATA) the scheduled monitor stopped reporting for ${GAUGE_EVALUATION_PERIODS} runs`;

/** The current key expires in under `thresholdDays` days, is gone at the vendor, or the monitor stopped reporting. */
export function createKeyExpiryAlarm(
  t: AlarmTarget,
  thresholdDays: number,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-key-expiry`,
    {
      alarmDescription: withinLimit(
        `The current ${t.vendor} key of RotatedApiKey "${t.name}" expires in under ${thresholdDays} days or is no longer active at the vendor, ${STALE}. Rotation should have replaced it: look for rotation-failure notifications and check ${logs(t)}.`,
      ),
      ...gauge(t),
      metricName: MonitorMetrics.DaysUntilKeyExpiry,
      statistic: "Minimum",
      threshold: thresholdDays,
      comparisonOperator: "LessThanThreshold",
      ...gaugeActions(t),
    },
    t.opts,
  );
}

/** No rotation succeeded for over `thresholdHours` hours, or the monitor stopped reporting. */
export function createOverdueRotationAlarm(
  t: AlarmTarget,
  thresholdHours: number,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-rotation-overdue`,
    {
      alarmDescription: withinLimit(
        `No rotation of RotatedApiKey "${t.name}" has succeeded for over ${thresholdHours} hours (the longest time between scheduled rotations, the rotation window and the slack), ${STALE}. Check the rotation-failure notifications and ${logs(t)}.`,
      ),
      ...gauge(t),
      metricName: MonitorMetrics.HoursSinceLastRotation,
      statistic: "Maximum",
      threshold: thresholdHours,
      comparisonOperator: "GreaterThanThreshold",
      ...gaugeActions(t),
    },
    t.opts,
  );
}

/** `threshold` or more errors of the rotation function (a step or a maintenance run) in 5 minutes. */
export function createFunctionErrorsAlarm(
  t: AlarmTarget,
  threshold: number,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-rotation-errors`,
    {
      alarmDescription: withinLimit(
        `The rotation Lambda of RotatedApiKey "${t.name}" failed ${threshold} or more times in 5 minutes (a rotation step or a scheduled maintenance run). A failed step leaves AWSCURRENT unchanged and Secrets Manager retries the rotation; see ${logs(t)}.`,
      ),
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: t.functionName },
      statistic: "Sum",
      period: FUNCTION_ERRORS_PERIOD_SECONDS,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      ...actions(t),
    },
    t.opts,
  );
}

/** The previous key was revoked at the hard limit while consumers still used it. */
export function createRevokedInUseAlarm(t: AlarmTarget): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-revoked-in-use`,
    {
      alarmDescription: withinLimit(
        `The previous key of RotatedApiKey "${t.name}" was revoked at the hard limit while consumers still used it: they now fail until they read the current key. Find the consumers still on the old key (their ConsumerPreviousKeyFallbacks metric) and see ${logs(t)}.`,
      ),
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
      ...actions(t),
    },
    t.opts,
  );
}

/** Period of the dead-letter alarm. */
export const DEAD_LETTER_PERIOD_SECONDS = 300;

/** An EventBridge target of the key could not deliver an event: it sits in the dead-letter queue. */
export function createDeadLetterAlarm(t: AlarmTarget): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-events-dlq`,
    {
      alarmDescription: `EventBridge could not deliver an event of RotatedApiKey "${t.name}" (a maintenance run, an auto-rollback or a notification) and left it in the dead-letter queue. Read the message's attributes (ERROR_CODE, ERROR_MESSAGE, RULE_ARN, TARGET_ARN) to see which target failed and why, fix it, and delete or redrive the message; see ${logs(t)}.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: t.deadLetterQueue.name },
      statistic: "Maximum",
      period: DEAD_LETTER_PERIOD_SECONDS,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      ...actions(t),
    },
    t.opts,
  );
}

/** Counts matching log events into the per-secret metric the 401-spike alarm watches. */
export function createAuthFailureMetricFilter(
  t: AlarmTarget,
  source: Extract<AuthFailureSourcePlan, { kind: "logs" }>,
): aws.cloudwatch.LogMetricFilter {
  return new aws.cloudwatch.LogMetricFilter(
    `${t.name}-auth-failures`,
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
    t.opts,
  );
}

/** A spike of the consumers' auth failures, read after `filter` exists when there is one. */
export function createAuthFailureAlarm(
  t: AlarmTarget,
  auth: AuthFailurePlan,
  filter: aws.cloudwatch.LogMetricFilter | undefined,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-auth-failures`,
    {
      alarmDescription: withinLimit(
        `Consumers of RotatedApiKey "${t.name}" see a spike of auth failures (${describeSource(auth.source, `${t.name}-auth-failures`)}): the vendor may be rejecting the current key. Check the dashboard, and roll back to the previous key while it is still valid.`,
      ),
      ...authFailureCriteria(auth, authFailureMetric(auth.source, t.secretName)),
      treatMissingData: "notBreaching",
      ...actions(t),
    },
    { ...t.opts, ...(filter ? { dependsOn: [filter] } : {}) },
  );
}

function actions(t: AlarmTarget) {
  return { alarmActions: [t.topicArn], okActions: [t.topicArn], tags: t.tags };
}

/** The gauge alarms also notify when the monitor's data stops (INSUFFICIENT_DATA after data). */
function gaugeActions(t: AlarmTarget) {
  return { ...actions(t), insufficientDataActions: [t.topicArn] };
}

/** The monitor's gauges: one run per period; a new alarm waits for data, stopped data notifies. */
function gauge(t: AlarmTarget) {
  return {
    namespace: METRIC_NAMESPACE,
    dimensions: rotationDimensions(t.secretName),
    period: t.plan.gaugePeriodSeconds,
    evaluationPeriods: GAUGE_EVALUATION_PERIODS,
    datapointsToAlarm: GAUGE_EVALUATION_PERIODS,
    treatMissingData: "missing",
  };
}

function logs(t: AlarmTarget): string {
  return `the rotation Lambda's logs (${t.logGroupName})`;
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

/** CloudWatch's limit on an alarm description (the provider refuses more). */
export const ALARM_DESCRIPTION_MAX = 1024;

/** Characters of a log filter pattern quoted in the 401 alarm's description; the rest is elided. */
export const QUOTED_PATTERN_MAX = 200;

/** A pattern quoted whole when short, else its start with an ellipsis and where to read it in full. */
function quotedPattern(pattern: string, filterName: string): string {
  if (pattern.length <= QUOTED_PATTERN_MAX) return JSON.stringify(pattern);
  return `${JSON.stringify(pattern.slice(0, QUOTED_PATTERN_MAX))}…, the first ${QUOTED_PATTERN_MAX} of ${pattern.length} characters; the full pattern is on that log group's metric filter whose name starts with ${filterName} (aws logs describe-metric-filters)`;
}

/** Every alarm description within {@link ALARM_DESCRIPTION_MAX}: a last guard for long names. */
function withinLimit(description: string): string {
  return description.length <= ALARM_DESCRIPTION_MAX
    ? description
    : `${description.slice(0, ALARM_DESCRIPTION_MAX - 1)}…`;
}

function describeSource(source: AuthFailureSourcePlan, filterName: string): string {
  switch (source.kind) {
    case "consumerClient":
      return "ConsumerAuthFailures reported by the consumer client";
    case "logs":
      return `log events matching ${quotedPattern(source.filterPattern, filterName)}`;
    case "metric":
      return `${source.namespace} ${source.metricName}`;
  }
}
