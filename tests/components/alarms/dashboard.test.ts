import type { RotatedApiKey, RotatedApiKeyArgs } from "../../../components";
import { ROTATION_SERVICE_NAME } from "../../../components/lambdaEnvironment";
import { ROTATION_STEPS } from "../../../lambdas/contract/events";
import {
  LifecycleMetrics,
  ConsumerMetrics,
  METRIC_NAMESPACE,
  MonitorMetrics,
  RotationMetrics,
} from "../../../lambdas/contract/metricNames";
import { defaultArgs } from "../componentArgs";
import { deploy, only } from "../componentHarness";
import { installPulumiMocks, promiseOf } from "../pulumiMocks";
import { M } from "./alarmHarness";

const mocks = installPulumiMocks();
const SECRET_NAME = "nylas-key-1a2b3c4";
const FUNCTION_NAME = "nylas-key-rotation-f48313";

interface Widget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}
type MetricEntry = (string | Record<string, unknown>)[];

/** `namespace|name|dim=value,…` of a metric, dimensions sorted. */
function metricKey(namespace: string, name: string, dims: Record<string, string>): string {
  const pairs = Object.entries(dims)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return `${namespace}|${name}|${pairs.join(",")}`;
}

/**
 * Every metric this package's code emits for the secret, with the dimensions
 * it emits them with: the rotation handler's steps (`service`, `SecretName`,
 * `Step`), its per-secret counts and the monitor's gauges (`service`,
 * `SecretName`), the consumer client's counts (`SecretName` only), and
 * Lambda's own metrics of the function.
 */
function emittedMetrics(): Set<string> {
  const rotation = { service: ROTATION_SERVICE_NAME, SecretName: SECRET_NAME };
  const stepMetrics = [
    RotationMetrics.StepSucceeded,
    RotationMetrics.StepFailed,
    RotationMetrics.StepDurationMs,
  ];
  return new Set([
    ...stepMetrics.flatMap((m) =>
      ROTATION_STEPS.map((Step) => metricKey(METRIC_NAMESPACE, m, { ...rotation, Step })),
    ),
    ...[
      RotationMetrics.RotationSucceeded,
      RotationMetrics.OrphanKeyRevoked,
      RotationMetrics.KeyRotatedEventFailures,
      ...Object.values(MonitorMetrics),
      ...Object.values(LifecycleMetrics),
    ].map((m) => metricKey(METRIC_NAMESPACE, m, rotation)),
    ...Object.values(ConsumerMetrics).map((m) =>
      metricKey(METRIC_NAMESPACE, m, { SecretName: SECRET_NAME }),
    ),
    ...["Invocations", "Errors"].map((m) =>
      metricKey("AWS/Lambda", m, { FunctionName: FUNCTION_NAME }),
    ),
    // SQS publishes it for the key's dead-letter queue.
    metricKey("AWS/SQS", "ApproximateNumberOfMessagesVisible", {
      QueueName: "nylas-key-events-dlq-1a2b3c4",
    }),
  ]);
}

/** The metric references of every graph, as `metricKey(...)` strings, and the expressions. */
function references(widgets: Widget[]): { metrics: string[]; expressions: string[] } {
  const entries = widgets
    .filter((w) => w.type === "metric")
    .flatMap((w) => w.properties.metrics as MetricEntry[]);
  const metrics = entries
    .filter((e) => typeof e[0] === "string")
    .map((e) => {
      const [namespace, name, ...rest] = e as string[];
      const pairs = rest.filter((p) => typeof p === "string");
      const dims: Record<string, string> = {};
      for (let i = 0; i < pairs.length; i += 2) dims[pairs[i] as string] = pairs[i + 1] as string;
      return metricKey(namespace as string, name as string, dims);
    });
  const expressions = entries
    .filter((e) => typeof e[0] !== "string")
    .map((e) => String((e[0] as { expression?: string }).expression));
  return { metrics, expressions };
}

async function dashboardOf(
  name: string,
  args: RotatedApiKeyArgs,
): Promise<{ key: RotatedApiKey; body: string; widgets: Widget[] }> {
  const key = await deploy(mocks, name, args);
  await promiseOf(key.monitoring?.dashboard?.urn ?? key.urn);
  const body = only(mocks, M.dashboard, `${name}-dashboard`).inputs.dashboardBody as string;
  return { key, body, widgets: (JSON.parse(body) as { widgets: Widget[] }).widgets };
}

describe("the dashboard with default monitoring", () => {
  let key: RotatedApiKey;
  let body: string;
  let widgets: Widget[];

  beforeAll(async () => {
    ({ key, body, widgets } = await dashboardOf("nylas-key", defaultArgs));
  });

  it("is valid dashboard JSON: widgets on the 24-column grid, graphs in the secret's region", () => {
    expect(body).not.toContain("Output");
    for (const w of widgets) {
      expect(["text", "alarm", "metric"]).toContain(w.type);
      expect(Number.isInteger(w.x) && Number.isInteger(w.y)).toBe(true);
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      if (w.type === "metric") {
        expect(w.properties).toMatchObject({ view: "timeSeries", region: "us-east-1" });
      }
    }
  });

  it("graphs only metrics the rotation Lambda, the monitor, the consumer client or Lambda emit", () => {
    // Act
    const { metrics, expressions } = references(widgets);
    // Assess
    const emitted = emittedMetrics();
    expect(metrics.filter((m) => !emitted.has(m))).toEqual([]);
    expect(expressions).toEqual([]);
  });

  it("shows every monitor gauge and every metric an alarm watches", () => {
    // Prepare
    const { metrics } = references(widgets);
    const alarmed = mocks
      .ofType(M.alarm)
      .map((a) =>
        metricKey(
          a.inputs.namespace as string,
          a.inputs.metricName as string,
          a.inputs.dimensions as Record<string, string>,
        ),
      );
    const gauges = Object.values(MonitorMetrics).map((m) =>
      metricKey(METRIC_NAMESPACE, m, { service: ROTATION_SERVICE_NAME, SecretName: SECRET_NAME }),
    );
    // Assess
    expect(new Set(metrics)).toEqual(new Set([...metrics, ...alarmed, ...gauges]));
  });

  it("lists every alarm's state and draws the thresholds on the graphs", async () => {
    // Prepare
    const arns = await Promise.all(
      [
        key.monitoring?.keyExpiryAlarm,
        key.monitoring?.overdueRotationAlarm,
        key.monitoring?.functionErrorsAlarm,
        key.monitoring?.revokedInUseAlarm,
        key.monitoring?.authFailureAlarm,
        key.monitoring?.deadLetterAlarm,
      ]
        .flatMap((a) => (a ? [a.arn] : []))
        .map(promiseOf),
    );
    // Assess
    expect(widgets.find((w) => w.type === "alarm")?.properties.alarms).toEqual(arns);
    const lines = widgets.flatMap(
      (w) =>
        (w.properties.annotations as { horizontal: { value: number }[] } | undefined)?.horizontal ??
        [],
    );
    expect(lines.map((l) => l.value)).toEqual([14, 768, 5]);
  });
});

describe("the dashboard of a log-group source with an anomaly band", () => {
  it("graphs the filter's metric with the band the alarm uses", async () => {
    // Act
    const { widgets } = await dashboardOf("nylas-key", {
      ...defaultArgs,
      alarms: {
        keyExpiry: { enabled: false },
        authFailureSpike: {
          source: { kind: "logs", logGroupName: "/ecs/booking", filterPattern: "401" },
          detection: { kind: "anomalyBand", bandWidth: 3 },
        },
      },
    });
    const { metrics, expressions } = references(widgets);
    // Assess
    expect(metrics).toContain(metricKey(METRIC_NAMESPACE, `LogAuthFailures-${SECRET_NAME}`, {}));
    expect(expressions).toEqual(["ANOMALY_DETECTION_BAND(m1, 3)"]);
    const auth = widgets.find(
      (w) => w.properties.title === "Consumers: auth failures, fallbacks, refreshes",
    );
    expect((auth?.properties.metrics as MetricEntry[])[0]?.at(-1)).toEqual({
      stat: "Sum",
      label: "auth failures",
      id: "m1",
    });
    expect(widgets.find((w) => w.type === "alarm")?.properties.alarms).toHaveLength(5);
  });
});
