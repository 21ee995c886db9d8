/**
 * The one place metric names live. The rotation Lambda emits these through
 * Powertools EMF; the component's alarms and dashboards watch the same names,
 * so a rename here moves both sides at once.
 */
export const METRIC_NAMESPACE = "RotatedApiKey" as const;

/** Dimension names used on every metric this package emits. */
export const MetricDimensions = {
  /** The Secrets Manager secret name (not the ARN: stable across suffix changes and readable). */
  SecretName: "SecretName",
  /** The rotation step (`createSecret`, `setSecret`, `testSecret`, `finishSecret`). */
  Step: "Step",
  /** The vendor adapter name, e.g. `nylas`. */
  Vendor: "Vendor",
} as const;

/** Metrics emitted by the rotation handler. */
export const RotationMetrics = {
  /** Count, dimensions `SecretName` + `Step`: a step finished without error. */
  StepSucceeded: "RotationStepSucceeded",
  /** Count, dimensions `SecretName` + `Step`: a step threw; the rotation is marked failed and retried by Secrets Manager. */
  StepFailed: "RotationStepFailed",
  /** Milliseconds, dimensions `SecretName` + `Step`: wall time of one step. */
  StepDurationMs: "StepDurationMs",
  /** Count, dimension `SecretName`: a whole rotation finished (emitted by `finishSecret`). */
  RotationSucceeded: "RotationSucceeded",
  /** Count, dimension `SecretName`: a vendor key left by a crashed attempt was found and revoked. */
  OrphanKeyRevoked: "OrphanKeyRevoked",
  /** Count, dimension `SecretName`: attempts `testSecret` needed before the new key worked. */
  TestAttempts: "TestSecretAttempts",
} as const;

export type RotationMetricName = (typeof RotationMetrics)[keyof typeof RotationMetrics];

/**
 * Metrics emitted by the consumer client (`lambdas/consumer`) in the services
 * that use a rotated key. Every one is a Count with exactly one dimension,
 * `SecretName` (no `service` dimension, so an alarm on `SecretName` alone sees
 * every consuming service); the emitting service is a non-dimension property.
 */
export const ConsumerMetrics = {
  /** Count, dimension `SecretName`: the vendor rejected a key (401/403), one per rejected attempt. The 401-spike alarm's default source. */
  AuthFailures: "ConsumerAuthFailures",
  /** Count, dimension `SecretName`: a request was retried with the `AWSPREVIOUS` key. Gated revocation reads it as "the previous key is still in use". */
  PreviousKeyFallbacks: "ConsumerPreviousKeyFallbacks",
  /** Count, dimension `SecretName`: the client read `AWSCURRENT` from Secrets Manager (cold, expired, background or after a 401). */
  KeyRefreshes: "ConsumerKeyRefreshes",
} as const;

export type ConsumerMetricName = (typeof ConsumerMetrics)[keyof typeof ConsumerMetrics];
