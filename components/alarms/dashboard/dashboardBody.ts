import { ROTATION_STEPS } from "../../../lambdas/contract/events";
import {
  ConsumerMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
  LifecycleMetrics,
  MonitorMetrics,
  RotationMetrics,
} from "../../../lambdas/contract/metricNames";
import { rotationDimensions } from "../alarmMetrics";
import type { AuthFailureDetectionPlan } from "../plan/authFailurePlan";

/** A metric with every part known, as a widget draws it. */
export interface PlainMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
}

/** Everything the dashboard body is built from, resolved. */
export interface DashboardInput {
  readonly componentName: string;
  readonly region: string;
  readonly secretName: string;
  readonly functionName: string;
  readonly logGroupName: string;
  /** Period of the gauge widgets: one maintenance interval. */
  readonly gaugePeriodSeconds: number;
  /** The 401-spike alarm's metric (the consumer client's when that alarm is off). */
  readonly authFailureMetric: PlainMetric;
  readonly authFailureDetection?: AuthFailureDetectionPlan;
  readonly keyExpiryThresholdDays?: number;
  readonly overdueThresholdHours?: number;
  /** The key's dead-letter queue (events EventBridge could not deliver). */
  readonly deadLetterQueueName: string;
  /** ARNs of every alarm the component created, for the alarm-status widget. */
  readonly alarmArns: readonly string[];
}

/** One entry of a widget's `metrics` list: namespace, name, dimension pairs, then rendering options. */
export type WidgetMetric = readonly (
  string | Readonly<Record<string, string | number | boolean>>
)[];

/** A CloudWatch dashboard widget, as the dashboard body JSON holds it. */
export interface Widget {
  readonly type: "text" | "alarm" | "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * The dashboard an operator opens for one key: alarm states, the monitor's
 * gauges with the alarm thresholds drawn in, the rotation steps, the
 * consumers' auth failures and the rotation function itself.
 */
export function dashboardBody(input: DashboardInput): { widgets: Widget[] } {
  const rotation = rotationDimensions(input.secretName);
  const step = (s: string) => ({ ...rotation, [MetricDimensions.Step]: s });
  const graph = graphIn(input.region);
  const gauge = { period: input.gaugePeriodSeconds };
  const widgets: Widget[] = [
    {
      type: "text",
      ...{ x: 0, y: 0, width: 24, height: 2 },
      properties: {
        markdown: [
          `# RotatedApiKey ${input.componentName}`,
          `Secret \`${input.secretName}\` · rotation function \`${input.functionName}\` · logs \`${input.logGroupName}\``,
        ].join("\n"),
      },
    },
  ];
  if (input.alarmArns.length > 0) {
    widgets.push({
      type: "alarm",
      ...{ x: 0, y: 2, width: 24, height: 2 },
      properties: {
        title: "Alarms",
        alarms: [...input.alarmArns],
        sortBy: "stateUpdatedTimestamp",
      },
    });
  }
  widgets.push(
    graph(
      { x: 0, y: 4, width: 8 },
      "Days until the current key expires",
      [own(MonitorMetrics.DaysUntilKeyExpiry, rotation, "Minimum", "days left")],
      { ...gauge, ...thresholdLine("expiry alarm", input.keyExpiryThresholdDays) },
    ),
    graph(
      { x: 8, y: 4, width: 8 },
      "Hours since the last rotation",
      [own(MonitorMetrics.HoursSinceLastRotation, rotation, "Maximum", "hours")],
      { ...gauge, ...thresholdLine("overdue alarm", input.overdueThresholdHours) },
    ),
    graph(
      { x: 16, y: 4, width: 8 },
      "Vendor keys",
      [
        own(MonitorMetrics.ActiveVendorKeys, rotation, "Maximum", "active keys we own"),
        own(MonitorMetrics.PreviousKeyActive, rotation, "Maximum", "previous key active (1 = yes)"),
      ],
      gauge,
    ),
    graph(
      { x: 0, y: 10, width: 12 },
      "Rotation steps",
      [
        ...ROTATION_STEPS.flatMap((s) => [
          own(RotationMetrics.StepSucceeded, step(s), "Sum", `${s} ok`),
          own(RotationMetrics.StepFailed, step(s), "Sum", `${s} failed`),
        ]),
        own(RotationMetrics.RotationSucceeded, rotation, "Sum", "rotations completed"),
        own(
          RotationMetrics.KeyRotatedEventFailures,
          rotation,
          "Sum",
          "KeyRotated events not published",
        ),
      ],
      { period: 300 },
    ),
    graph(
      { x: 12, y: 10, width: 12 },
      "Step duration (ms, maximum)",
      ROTATION_STEPS.map((s) => own(RotationMetrics.StepDurationMs, step(s), "Maximum", s)),
      { period: 300 },
    ),
    authFailureGraph(input, graph),
    graph(
      { x: 12, y: 16, width: 12 },
      "Rotation function and undeliverable events",
      [
        metric(lambdaMetric("Invocations", input.functionName), "invocations"),
        metric(lambdaMetric("Errors", input.functionName), "errors"),
        metric(
          {
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: input.deadLetterQueueName },
            statistic: "Maximum",
          },
          "events in the dead-letter queue",
        ),
      ],
      { period: 300 },
    ),
    graph(
      { x: 0, y: 22, width: 24 },
      "Key lifecycle",
      [
        own(LifecycleMetrics.PreviousKeyRevoked, rotation, "Sum", "previous key revoked"),
        own(
          LifecycleMetrics.RevocationDeferred,
          rotation,
          "Sum",
          "revocation waiting (key in use)",
        ),
        own(LifecycleMetrics.RevokedDespiteUse, rotation, "Sum", "revoked while in use"),
        own(LifecycleMetrics.Rollback, rotation, "Sum", "rollbacks"),
        own(LifecycleMetrics.EmergencyRotation, rotation, "Sum", "emergency rotations"),
        own(RotationMetrics.OrphanKeyRevoked, rotation, "Sum", "orphaned keys revoked"),
      ],
      { period: 3600 },
    ),
  );
  return { widgets };
}

type Graph = (
  position: Pick<Widget, "x" | "y" | "width">,
  title: string,
  metrics: WidgetMetric[],
  extra?: Record<string, unknown>,
) => Widget;

/** A 6-row time-series widget in `region`. */
function graphIn(region: string): Graph {
  return (position, title, metrics, extra = {}) => ({
    type: "metric",
    ...position,
    height: 6,
    properties: { view: "timeSeries", region, title, metrics, ...extra },
  });
}

/** The 401-spike alarm's metric (with its anomaly band or threshold) next to the consumer client's other counts. */
function authFailureGraph(input: DashboardInput, graph: Graph): Widget {
  const detection = input.authFailureDetection;
  const consumer = { [MetricDimensions.SecretName]: input.secretName };
  const band: WidgetMetric[] =
    detection?.kind === "anomalyBand"
      ? [
          [
            {
              expression: `ANOMALY_DETECTION_BAND(m1, ${detection.bandWidth})`,
              label: "expected",
              id: "ad1",
            },
          ],
        ]
      : [];
  const threshold =
    detection?.kind === "static" ? thresholdLine("401-spike alarm", detection.threshold) : {};
  return graph(
    { x: 0, y: 16, width: 12 },
    "Consumers: auth failures, fallbacks, refreshes",
    [
      metric(input.authFailureMetric, "auth failures", "m1"),
      ...band,
      own(ConsumerMetrics.PreviousKeyFallbacks, consumer, "Sum", "previous-key fallbacks"),
      own(ConsumerMetrics.KeyRefreshes, consumer, "Sum", "key refreshes"),
    ],
    { period: detection?.periodSeconds ?? 60, ...threshold },
  );
}

function thresholdLine(label: string, value: number | undefined): Record<string, unknown> {
  return value === undefined ? {} : { annotations: { horizontal: [{ label, value }] } };
}

/** One of this package's metrics in its namespace. */
function own(
  name: string,
  dimensions: Record<string, string>,
  statistic: string,
  label: string,
): WidgetMetric {
  return metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensions, statistic }, label);
}

function lambdaMetric(metricName: string, functionName: string): PlainMetric {
  return {
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: functionName },
    statistic: "Sum",
  };
}

/** `[namespace, name, dim, value, …, { stat, label, id }]`. */
function metric(m: PlainMetric, label: string, id?: string): WidgetMetric {
  return [
    m.namespace,
    m.metricName,
    ...Object.entries(m.dimensions).flat(),
    { stat: m.statistic, label, ...(id === undefined ? {} : { id }) },
  ];
}
