import * as pulumi from "@pulumi/pulumi";
import {
  ConsumerMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
} from "../../lambdas/contract/metricNames";
import { ROTATION_SERVICE_NAME } from "../lambdaEnvironment";
import type { AuthFailureSourcePlan } from "./plan/authFailurePlan";

/** The dimension Powertools adds to every metric of the rotation function (its service name). */
export const SERVICE_DIMENSION = "service";

/** One CloudWatch metric as an alarm or a dashboard widget names it. */
export interface MetricRef {
  readonly namespace: string;
  readonly metricName: pulumi.Input<string>;
  readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
  readonly statistic: string;
}

/**
 * Dimensions of the rotation function's metrics (the monitor's gauges,
 * `RotationSucceeded`): Powertools' `service` plus `SecretName`.
 */
export function rotationDimensions<S extends pulumi.Input<string>>(
  secretName: S,
): Record<string, S | string> {
  return { [SERVICE_DIMENSION]: ROTATION_SERVICE_NAME, [MetricDimensions.SecretName]: secretName };
}

/**
 * The metric a log-group source's metric filter publishes: a metric filter
 * cannot attach a fixed dimension, so the secret's name goes into the metric name.
 */
export function logAuthFailureMetricName(secretName: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.interpolate`LogAuthFailures-${secretName}`;
}

/** The metric the 401-spike alarm watches for a source. */
export function authFailureMetric(
  source: AuthFailureSourcePlan,
  secretName: pulumi.Input<string>,
): MetricRef {
  switch (source.kind) {
    case "consumerClient":
      return {
        namespace: METRIC_NAMESPACE,
        metricName: ConsumerMetrics.AuthFailures,
        dimensions: { [MetricDimensions.SecretName]: secretName },
        statistic: "Sum",
      };
    case "logs":
      return {
        namespace: METRIC_NAMESPACE,
        metricName: logAuthFailureMetricName(secretName),
        dimensions: {},
        statistic: "Sum",
      };
    case "metric":
      return {
        namespace: source.namespace,
        metricName: source.metricName,
        dimensions: source.dimensions,
        statistic: source.statistic,
      };
  }
}
