/**
 * The consumer client: what a service that uses a rotated key imports. Read
 * the key fast from memory (and, bounded, while Secrets Manager fails), refresh
 * it on a 401, fall back to the previous key during the overlap window, and
 * count rejected keys for the 401-spike alarm.
 * See docs/consumer.md.
 *
 * @example
 * ```ts
 * import { ApiKeyProvider, withApiKey } from "@rotated-api-key/consumer";
 *
 * const keys = new ApiKeyProvider({ secretId: process.env.NYLAS_KEY_SECRET_ARN! });
 * const res = await withApiKey(keys, (apiKey) =>
 *   fetch("https://api.us.nylas.com/v3/grants", { headers: { authorization: `Bearer ${apiKey}` } }),
 * );
 * ```
 */
export {
  AUTH_FAILURE_STATUSES,
  KEY_REJECTED_STATUSES,
  isAuthFailure,
  isKeyRejected,
  keyRejectedByStatus,
  statusOfError,
  statusOfOutcome,
  statusOfResult,
  type AttemptOutcome,
  type AuthFailurePredicate,
  type KeyRejectedPredicate,
} from "./authFailure";
export {
  defaultMetricsSink,
  emfMetricsSink,
  noConsumerMetrics,
  powertoolsMetricsSink,
  type ConsumerMetricsSink,
  type EmfSinkOptions,
  type MetricProperties,
  type MetricsSinkOptions,
} from "./consumerMetrics";
export {
  ApiKeyRefreshBackoffError,
  ApiKeyRejectedError,
  ApiKeyUnavailableError,
  ConsumerConfigError,
  ConsumerError,
  type KeyStage,
  type RejectedAttempt,
} from "./errors";
export { ApiKeyProvider, type ApiKeyProviderOptions, type RefreshReason } from "./keyProvider";
export type { ApiKeyVersion } from "./keyVersion";
export { PROVIDER_DEFAULTS } from "./providerOptions";
export { withApiKey, type ApiKeyAttempt, type WithApiKeyOptions } from "./withApiKey";
export { ConsumerMetrics, type ConsumerMetricName } from "../lambdas/contract/metricNames";
export { replicaSecretArn } from "../lambdas/contract/replicaArn";
