/** The generated metric tables: names from lambdas/contract/metricNames.ts, meanings from their TSDoc. */
import path from "node:path";
import * as M from "../../lambdas/contract/metricNames";
import { code, table } from "./markdown";
import { memberDocs } from "./tsdoc";

const SOURCE = path.resolve(__dirname, "..", "..", "lambdas", "contract", "metricNames.ts");

/** The metric groups, each emitted by one part. */
export const METRIC_GROUPS = {
  RotationMetrics: "the rotation steps",
  MonitorMetrics: "the scheduled monitor (maintenance runs)",
  LifecycleMetrics: "the key lifecycle (maintenance, CLI actions, emergencies)",
  ConsumerMetrics: "the consumer client, in the services that use the key",
  FleetMetrics: "a fleet function's maintenance run",
  PlaybookMetrics:
    "a fleet function (the playbook's figures; a key's own function does not emit them)",
} as const;

/** One table per group: metric name and what it counts (unit, dimensions, meaning). */
export function metricsSection(): string {
  return Object.entries(METRIC_GROUPS)
    .map(([group, emitter]) => {
      const names = M[group as keyof typeof METRIC_GROUPS] as Record<string, string>;
      const docs = memberDocs(SOURCE, group) ?? [];
      const rows = Object.entries(names).map(([key, metric]) => [
        code(metric),
        docs.find((d) => d.name === key)?.comment ?? "",
      ]);
      return [
        `### ${code(group)}: ${emitter}`,
        table(["Metric", "Unit, dimensions and meaning"], rows),
      ].join("\n\n");
    })
    .join("\n\n");
}

/** The namespace all of them are published in. */
export const METRIC_NAMESPACE = M.METRIC_NAMESPACE;
