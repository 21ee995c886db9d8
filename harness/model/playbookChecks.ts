import {
  MetricDimensions,
  PlaybookMetrics,
  RotationModes,
} from "../../lambdas/contract/metricNames";
import type { LifecycleModel } from "./modelState";
import type { ModelWorld } from "./modelWorld";

const PLAYBOOK = new Set<string>(Object.values(PlaybookMetrics));

interface PlaybookRecord {
  readonly metric: string;
  readonly dimensions: readonly string[];
  readonly fields: Record<string, unknown>;
}

/**
 * The playbook's metrics (`PlaybookMetrics`) so far, held to what the model
 * knows. A key's own function emits none. A fleet function emits them under
 * `Fleet` only, naming the model's secret as metadata, with finite
 * non-negative values, and at most one `TimeToRotate` per version that ever
 * became `AWSCURRENT`, with `Mode=emergency` only for tokens an emergency
 * request was bound to (and `scheduled` only for the others). Upper bounds
 * only: a worker's output may arrive after the command that wrote it.
 */
export function playbookViolations(mw: ModelWorld, model: LifecycleModel): string[] {
  const records = playbookRecords(mw.output);
  if (!mw.fleet) {
    return records.length === 0
      ? []
      : [`playbook: a key's own function emitted ${records.map((r) => r.metric).join(", ")}`];
  }
  const problems: string[] = [];
  for (const r of records) {
    const value = r.fields[r.metric];
    if (!r.dimensions.includes(MetricDimensions.Fleet) || r.dimensions.includes("SecretName"))
      problems.push(`playbook: ${r.metric} has dimensions ${r.dimensions.join(",")}, not Fleet`);
    if (r.fields.SecretName !== mw.world.secretName)
      problems.push(`playbook: ${r.metric} names ${String(r.fields.SecretName)}, not the secret`);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      problems.push(`playbook: ${r.metric} has the value ${String(value)}`);
  }
  const promoted = [...model.versions.values()]
    .filter((v) => v.promotedAt !== undefined)
    .map((v) => v.versionId);
  const emergencies = promoted.filter((v) => model.emergencyTokens.has(v)).length;
  const timed = (mode: string) =>
    records.filter(
      (r) => r.metric === PlaybookMetrics.TimeToRotate && r.fields[MetricDimensions.Mode] === mode,
    ).length;
  for (const [mode, limit] of [
    [RotationModes.emergency, emergencies],
    [RotationModes.scheduled, promoted.length - emergencies],
  ] as const) {
    if (timed(mode) > limit)
      problems.push(
        `playbook: ${timed(mode)} TimeToRotate records with Mode=${mode}, but only ${limit} such versions ever became AWSCURRENT`,
      );
  }
  return problems;
}

function playbookRecords(output: readonly string[]): PlaybookRecord[] {
  return output
    .join("")
    .split("\n")
    .filter((line) => line.includes('"_aws"'))
    .flatMap((line) => {
      try {
        const record = JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown> & {
          _aws: {
            CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
          };
        };
        const directive = record._aws.CloudWatchMetrics[0];
        const metric = directive?.Metrics[0]?.Name ?? "";
        return PLAYBOOK.has(metric)
          ? [{ metric, dimensions: directive?.Dimensions[0] ?? [], fields: record }]
          : [];
      } catch {
        return []; // a line cut by a crashed worker
      }
    });
}
