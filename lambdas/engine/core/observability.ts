import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { ConfigEnv } from "../../contract/config";
import {
  METRIC_NAMESPACE,
  MetricDimensions,
  RotationMetrics,
  RotationModes,
  type PlaybookMetricName,
} from "../../contract/metricNames";
import { maskingJsonReplacer } from "../../contract/secretMask";
import { setWarningSink } from "../../contract/warnings";

/**
 * Module-level logger and metrics, as Powertools recommends: created once per
 * cold start and reused by every invocation. Nothing here is ever handed a key
 * value; the step code logs ids, stages, statuses and durations only. As a
 * last line of defence, every log line is masked (`lambdas/contract/secretMask.ts`):
 * each string value and key, at any depth, error messages, stacks and causes
 * included, loses any secret the process has seen.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "rotated-api-key",
  jsonReplacerFn: maskingJsonReplacer,
});

// Warnings of code that cannot depend on this logger (vendor adapters) are logged here.
setWarningSink((message, attributes) => logger.warn(message, { ...attributes }));

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "rotated-api-key",
});

/** The fleet this function serves, read at cold start; undefined for a key's own function. */
const fleetName = process.env[ConfigEnv.fleetName];

/**
 * The dimensions of a per-secret metric: `SecretName` for a key's own
 * function. A fleet function emits `Fleet` instead, so a fleet of a
 * thousand keys makes one metric per signal, not a thousand at $0.30 a
 * month each; the secret's name still travels in the record as a property
 * (`addMetadata`), so Logs Insights can say which secret a value came from.
 */
export function addSecretDimensions(
  single: Metrics,
  secretName: string,
  extra: Record<string, string> = {},
): void {
  if (fleetName === undefined) {
    single.addDimensions({ [MetricDimensions.SecretName]: secretName, ...extra });
  } else {
    single.addDimensions({ [MetricDimensions.Fleet]: fleetName, ...extra });
    single.addMetadata(MetricDimensions.SecretName, secretName);
  }
}

/** Emits one metric at once (Powertools' single metric flushes on its first `addMetric`). */
function emit(
  secretName: string,
  extra: Record<string, string>,
  name: string,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit],
  value: number,
): void {
  const single = metrics.singleMetric();
  addSecretDimensions(single, secretName, extra);
  single.addMetric(name, unit, value);
}

/** Records one step's outcome and duration with `SecretName` (or `Fleet`) + `Step` dimensions. */
export function recordStep(
  secretName: string,
  step: string,
  succeeded: boolean,
  durationMs: number,
): void {
  const extra = { [MetricDimensions.Step]: step };
  const outcome = succeeded ? RotationMetrics.StepSucceeded : RotationMetrics.StepFailed;
  emit(secretName, extra, outcome, MetricUnit.Count, 1);
  emit(
    secretName,
    extra,
    RotationMetrics.StepDurationMs,
    MetricUnit.Milliseconds,
    Math.round(durationMs),
  );
}

/** Records a count metric with only the `SecretName` (or `Fleet`) dimension. */
export function recordSecretCount(secretName: string, name: string, value = 1): void {
  emit(secretName, {}, name, MetricUnit.Count, value);
}

/**
 * Whether this function serves a fleet: the playbook's metrics
 * ({@link recordPlaybookCount}, {@link recordPlaybookSeconds}) are emitted
 * only then, under the `Fleet` dimension; a key's own function would pay
 * $0.30 a month for each per-`SecretName` metric, and keeps `report`.
 */
export function servesFleet(): boolean {
  return fleetName !== undefined;
}

/** Counts a playbook fact under the `Fleet` dimension; nothing on a key's own function. */
export function recordPlaybookCount(secretName: string, name: PlaybookMetricName): void {
  if (servesFleet()) emit(secretName, {}, name, MetricUnit.Count, 1);
}

/**
 * Records the seconds (millisecond precision) from `from` to `to` under the
 * `Fleet` dimension (and `extra`); nothing on a key's own function or when
 * `from` is unknown. A clock behind the service's counts as 0.
 */
export function recordPlaybookSeconds(
  secretName: string,
  name: PlaybookMetricName,
  from: Date | undefined,
  to: Date,
  extra: Record<string, string> = {},
): void {
  if (!servesFleet() || from === undefined) return;
  const seconds = Math.max(0, to.getTime() - from.getTime()) / 1000;
  emit(secretName, extra, name, MetricUnit.Seconds, Math.round(seconds * 1000) / 1000);
}

/** The `Mode` dimension of a rotation: emergency when it carried an emergency request. */
export function modeDimension(emergency: boolean): Record<string, string> {
  return {
    [MetricDimensions.Mode]: emergency ? RotationModes.emergency : RotationModes.scheduled,
  };
}
