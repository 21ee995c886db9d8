import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { METRIC_NAMESPACE, MetricDimensions, RotationMetrics } from "../shared/metricNames";

/**
 * Module-level logger and metrics, as Powertools recommends: created once per
 * cold start and reused by every invocation. Nothing here is ever handed a key
 * value; the step code logs ids, stages, statuses and durations only.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "rotated-api-key",
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "rotated-api-key",
});

/** Records one step's outcome and duration with `SecretName` + `Step` dimensions. */
export function recordStep(
  secretName: string,
  step: string,
  succeeded: boolean,
  durationMs: number,
): void {
  const single = metrics.singleMetric();
  single.addDimensions({
    [MetricDimensions.SecretName]: secretName,
    [MetricDimensions.Step]: step,
  });
  single.addMetric(
    succeeded ? RotationMetrics.StepSucceeded : RotationMetrics.StepFailed,
    MetricUnit.Count,
    1,
  );
  single.addMetric(RotationMetrics.StepDurationMs, MetricUnit.Milliseconds, Math.round(durationMs));
}

/** Records a count metric with only the `SecretName` dimension. */
export function recordSecretCount(secretName: string, name: string, value = 1): void {
  const single = metrics.singleMetric();
  single.addDimension(MetricDimensions.SecretName, secretName);
  single.addMetric(name, MetricUnit.Count, value);
}
