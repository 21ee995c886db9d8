import { emfMetricsSink, powertoolsMetricsSink } from "../../consumer";
import { ConsumerMetrics } from "../../lambdas/contract/metricNames";
import { captureOutput } from "../../harness/captureOutput";

const expectedDocument = (timestamp: unknown) => ({
  _aws: {
    Timestamp: timestamp,
    CloudWatchMetrics: [
      {
        Namespace: "RotatedApiKey",
        Dimensions: [["SecretName"]],
        Metrics: [{ Name: "ConsumerAuthFailures", Unit: "Count" }],
      },
    ],
  },
  service: "orders",
  stage: "AWSCURRENT",
  SecretName: "team/nylas-api-key",
  ConsumerAuthFailures: 1,
});

describe("consumer metrics sinks", () => {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  afterEach(() => {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  });

  it("writes one plain EMF line with exactly the SecretName dimension", () => {
    // Prepare
    const lines: string[] = [];
    const sink = emfMetricsSink({
      serviceName: "orders",
      write: (l) => lines.push(l),
      now: () => 42,
    });

    // Act
    sink.count(ConsumerMetrics.AuthFailures, "team/nylas-api-key", { stage: "AWSCURRENT" });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    expect(JSON.parse(lines[0] ?? "")).toEqual(expectedDocument(42));
  });

  it("writes the same document through Powertools, without the service dimension", () => {
    // Prepare
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    const sink = powertoolsMetricsSink({ serviceName: "orders" });
    const output = captureOutput();

    // Act
    try {
      sink.count(ConsumerMetrics.AuthFailures, "team/nylas-api-key", { stage: "AWSCURRENT" });
    } finally {
      output.restore();
    }

    // Assess
    const documents = output.lines().map((l) => JSON.parse(l) as unknown);
    expect(documents).toEqual([expectedDocument(expect.any(Number))]);
  });

  it("stays silent when POWERTOOLS_METRICS_DISABLED is true", () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    const lines: string[] = [];
    const sink = emfMetricsSink({ write: (l) => lines.push(l) });

    // Act
    sink.count(ConsumerMetrics.KeyRefreshes, "team/nylas-api-key");

    // Assess
    expect(lines).toEqual([]);
  });
});
