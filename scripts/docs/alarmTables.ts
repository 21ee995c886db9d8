/** The generated alarm table of docs/alarms.md: the alarms a default `RotatedApiKey` registers, under Pulumi mocks. */
import type { RotatedApiKeyArgs } from "../../components";
import type { KeyResource } from "../../bench/cost/keyResources";
import { code, table } from "./markdown";

/** The component name the table's resource names are shown with. */
const NAME = "key";

/** The arguments the table is drawn for: only what is required. */
export const ALARM_TABLE_ARGS: RotatedApiKeyArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "docs" },
  adminCredentialSecretArn:
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas/admin-credential-AbCdEf",
  tags: { owner: "docs", purpose: "docs", environment: "docs" },
};

interface MetricInput {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly period?: number;
  readonly stat?: string;
}

function metricsOf(alarm: KeyResource): string {
  const i = alarm.inputs;
  if (typeof i.metricName === "string") return code(`${String(i.namespace)}/${i.metricName}`);
  const queries =
    (i.metricQueries as readonly { metric?: MetricInput; expression?: string }[]) ?? [];
  return queries
    .map((q) =>
      q.metric
        ? code(`${String(q.metric.namespace)}/${String(q.metric.metricName)}`)
        : code(String(q.expression)),
    )
    .join(", ");
}

function periodOf(alarm: KeyResource): number | undefined {
  const i = alarm.inputs;
  if (typeof i.period === "number") return i.period;
  const queries = (i.metricQueries as readonly { metric?: MetricInput }[] | undefined) ?? [];
  return queries.find((q) => q.metric?.period !== undefined)?.metric?.period;
}

/** One row per alarm: name, metric, statistic, condition, evaluation, missing data. */
export function alarmsTable(resources: readonly KeyResource[]): string {
  const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
  const statOf = (a: KeyResource) =>
    String(
      a.inputs.statistic ??
        (a.inputs.metricQueries as readonly { metric?: MetricInput }[] | undefined)?.find(
          (q) => q.metric,
        )?.metric?.stat ??
        "",
    );
  return table(
    ["Alarm", "Metric", "Statistic", "Condition", "Evaluation", "Missing data"],
    alarms.map((a) => {
      const i = a.inputs;
      const threshold =
        i.threshold === undefined
          ? `band ${code(String(i.thresholdMetricId))}`
          : String(i.threshold);
      const evaluation = `${String(i.datapointsToAlarm ?? i.evaluationPeriods)} of ${String(i.evaluationPeriods)} periods of ${String(periodOf(a))} s`;
      return [
        code(a.name.replace(NAME, "<name>")),
        metricsOf(a),
        statOf(a),
        `${code(String(i.comparisonOperator))} ${threshold}`,
        evaluation,
        String(i.treatMissingData ?? "missing"),
      ];
    }),
  );
}

/** The component name used when drawing the table. */
export const ALARM_TABLE_COMPONENT_NAME = NAME;
