import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC_NAMESPACE, MetricDimensions, RotationMetrics } from "../../contract/metricNames";
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

/** Emits one metric at once (Powertools' single metric flushes on its first `addMetric`). */
function emit(
  dimensions: Record<string, string>,
  name: string,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit],
  value: number,
): void {
  const single = metrics.singleMetric();
  single.addDimensions(dimensions);
  single.addMetric(name, unit, value);
}

/** Records one step's outcome and duration with `SecretName` + `Step` dimensions. */
export function recordStep(
  secretName: string,
  step: string,
  succeeded: boolean,
  durationMs: number,
): void {
  const dimensions = { [MetricDimensions.SecretName]: secretName, [MetricDimensions.Step]: step };
  const outcome = succeeded ? RotationMetrics.StepSucceeded : RotationMetrics.StepFailed;
  emit(dimensions, outcome, MetricUnit.Count, 1);
  emit(dimensions, RotationMetrics.StepDurationMs, MetricUnit.Milliseconds, Math.round(durationMs));
}

/** Records a count metric with only the `SecretName` dimension. */
export function recordSecretCount(secretName: string, name: string, value = 1): void {
  emit({ [MetricDimensions.SecretName]: secretName }, name, MetricUnit.Count, value);
}
