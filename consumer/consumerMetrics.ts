import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import {
  METRIC_NAMESPACE,
  MetricDimensions,
  type ConsumerMetricName,
} from "../lambdas/contract/metricNames";

/** Non-dimension properties attached to one metric event (never a key). */
export type MetricProperties = Readonly<Record<string, string>>;

/**
 * Where the consumer's metrics go. Each call is one event: a Count of 1 for
 * `metric` with the single dimension `SecretName`.
 */
export interface ConsumerMetricsSink {
  count(metric: ConsumerMetricName, secretName: string, properties?: MetricProperties): void;
}

/** Options shared by the built-in sinks. */
export interface MetricsSinkOptions {
  /**
   * CloudWatch namespace. Keep the default unless the alarms watch another one:
   * the 401-spike alarm and gated revocation read this namespace.
   * @default "RotatedApiKey" (`METRIC_NAMESPACE`; `POWERTOOLS_METRICS_NAMESPACE` is deliberately ignored)
   */
  readonly namespace?: string;
  /**
   * Recorded as the `service` property (not a dimension) of every event.
   * @default process.env.POWERTOOLS_SERVICE_NAME, else "unknown"
   */
  readonly serviceName?: string;
}

function serviceNameOf(options: MetricsSinkOptions): string {
  return options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? "unknown";
}

/**
 * Emits each event through Powertools `Metrics.singleMetric()` as one EMF line
 * on stdout, with the default `service` dimension removed so that the dimension
 * set is exactly `[SecretName]`. Honours `POWERTOOLS_METRICS_DISABLED` and
 * `POWERTOOLS_DEV` as Powertools does.
 */
export function powertoolsMetricsSink(options: MetricsSinkOptions = {}): ConsumerMetricsSink {
  const service = serviceNameOf(options);
  const metrics = new Metrics({
    namespace: options.namespace ?? METRIC_NAMESPACE,
    serviceName: service,
  });
  return {
    count(metric, secretName, properties = {}) {
      const single = metrics.singleMetric();
      single.clearDefaultDimensions();
      single.addDimension(MetricDimensions.SecretName, secretName);
      single.addMetadata("service", service);
      for (const [name, value] of Object.entries(properties)) single.addMetadata(name, value);
      single.addMetric(metric, MetricUnit.Count, 1);
    },
  };
}

/** Options of {@link emfMetricsSink}. */
export interface EmfSinkOptions extends MetricsSinkOptions {
  /** Receives each EMF document as one line (with its newline). @default process.stdout.write */
  readonly write?: (line: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Writes plain CloudWatch Embedded Metric Format lines, the same documents the
 * Powertools sink writes, for services outside Lambda whose stdout reaches
 * CloudWatch Logs (ECS `awslogs`, the CloudWatch agent) or that forward lines
 * elsewhere through `write`. `POWERTOOLS_METRICS_DISABLED=true` silences it.
 */
export function emfMetricsSink(options: EmfSinkOptions = {}): ConsumerMetricsSink {
  const namespace = options.namespace ?? METRIC_NAMESPACE;
  const service = serviceNameOf(options);
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  return {
    count(metric, secretName, properties = {}) {
      if (/^(true|1|yes|on)$/i.test(process.env.POWERTOOLS_METRICS_DISABLED ?? "")) return;
      const document = {
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [[MetricDimensions.SecretName]],
              Metrics: [{ Name: metric, Unit: "Count" }],
            },
          ],
        },
        service,
        ...properties,
        [MetricDimensions.SecretName]: secretName,
        [metric]: 1,
      };
      write(`${JSON.stringify(document)}\n`);
    },
  };
}

/** A sink that drops every event. */
export const noConsumerMetrics: ConsumerMetricsSink = { count: () => undefined };

/**
 * The sink a provider uses when given none: Powertools inside Lambda
 * (`AWS_LAMBDA_FUNCTION_NAME` is set), plain EMF on stdout elsewhere.
 */
export function defaultMetricsSink(options: MetricsSinkOptions = {}): ConsumerMetricsSink {
  return process.env.AWS_LAMBDA_FUNCTION_NAME === undefined
    ? emfMetricsSink(options)
    : powertoolsMetricsSink(options);
}
