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
  /**
   * The fleet name, on every metric a fleet function emits in place of
   * `SecretName` (one metric per fleet rather than per key; the secret's
   * name is a property of the same EMF record, searchable in Logs Insights).
   */
  Fleet: "Fleet",
  /** How a rotation was asked for: one of {@link RotationModes} (on `TimeToRotate` only). */
  Mode: "Mode",
} as const;

/**
 * The values of the `Mode` dimension: `emergency` when the rotation carried
 * an emergency request for its token (`rotate --emergency`), `scheduled`
 * otherwise (the schedule, the console, or a plain `rotate`) — the same split
 * as `report`, which tells them apart by the audit record's `reason`.
 */
export const RotationModes = {
  scheduled: "scheduled",
  emergency: "emergency",
} as const;

export type RotationMode = (typeof RotationModes)[keyof typeof RotationModes];

/** Metrics of a fleet's scheduled maintenance run, dimensions `service` + `Fleet`. */
export const FleetMetrics = {
  /** Count: members whose maintenance finished in this run. */
  MembersMaintained: "FleetMembersMaintained",
  /** Count: members whose maintenance failed in this run (each one logged with its secret name). Alarm on it. */
  MemberMaintenanceFailed: "FleetMemberMaintenanceFailed",
  /** Count: members left for the next run because the deadline came first. */
  MembersDeferred: "FleetMembersDeferred",
  /** Count: members whose key this run checked against the key policy (see lambdas/contract/keyPolicy.ts); every member whose state could be read. */
  KeysChecked: "FleetKeysChecked",
  /** Count: of those, keys within the policy (TTL or age within the default maximum key age, rotation enabled and not overdue, not expired): the same rule as `inventory` and `report`. The dashboard divides it by `FleetKeysChecked`. */
  KeysWithinPolicy: "FleetKeysWithinPolicy",
} as const;

/**
 * The playbook's raw facts (issue 14: the figures `report` computes from the
 * audit records), emitted at the source by a fleet function only, with
 * dimension `Fleet` (plus `service`): a key's own function does not emit them,
 * as per-`SecretName` metrics would cost $0.30 a month each, and keeps
 * `report`. The fleet dashboard's "Playbook" row reads them over its time range.
 */
export const PlaybookMetrics = {
  /** Count, dimension `Fleet`: a rotation step threw, so this attempt of the rotation failed (Secrets Manager retries it with the same token; each failed attempt counts once). */
  RotationFailed: "RotationFailed",
  /** Count, dimension `Fleet`: an outage of a rotation: a revoke-first emergency revoked the `AWSCURRENT` key before its replacement, or maintenance revoked the previous key at the hard limit while it was still in use. */
  RotationOutage: "RotationOutage",
  /** Seconds, dimensions `Fleet` + `Mode`: from the rotation's version creation (`RotateSecret`; the version's `CreatedDate`) to the promotion in `finishSecret`; once per promotion. */
  TimeToRotate: "TimeToRotate",
  /** Seconds, dimension `Fleet`: from the emergency rotation's version creation (the request) to the revocation of the key it replaces (before the new key in revoke-first mode, right after promotion otherwise). */
  TimeToContain: "TimeToContain",
  /** Count, dimension `Fleet`: scheduled maintenance revoked a previous key after its overlap window because no use was seen (not at the hard limit). */
  UnusedPreviousKeyRevoked: "UnusedPreviousKeyRevoked",
} as const;

export type PlaybookMetricName = (typeof PlaybookMetrics)[keyof typeof PlaybookMetrics];

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
  /** Count, dimension `SecretName`: the `KeyRotated` event of a promotion could not be put on the default bus (the rotation still succeeded; consumers learn of the key by its TTL). Alarm on it if a pipeline depends on the event. */
  KeyRotatedEventFailures: "KeyRotatedEventFailures",
} as const;

export type RotationMetricName = (typeof RotationMetrics)[keyof typeof RotationMetrics];

/**
 * Metrics emitted by the consumer client (`consumer/`) in the services
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
  /** Count, dimension `SecretName`: a read of `AWSCURRENT` failed and the last good key was served past its TTL (stale-if-error); one per failed read, not per request served. */
  StaleKeyServed: "ConsumerStaleKeyServed",
} as const;

export type ConsumerMetricName = (typeof ConsumerMetrics)[keyof typeof ConsumerMetrics];

/** Metrics of the key lifecycle after promotion (scheduled maintenance, CLI actions, finishSecret in emergencies). */
export const LifecycleMetrics = {
  /** Count, dimension `SecretName`: the previous key was revoked (after its window, in an emergency, or by an operator). */
  PreviousKeyRevoked: "PreviousKeyRevoked",
  /** Count, dimension `SecretName`: revocation of the previous key waits because it is still in use. */
  RevocationDeferred: "RevocationDeferred",
  /** Count, dimension `SecretName`: the hard limit passed and the previous key was revoked while still in use. Alarm on it. */
  RevokedDespiteUse: "RevokedDespiteUse",
  /** Count, dimension `SecretName`: AWSCURRENT was moved back to the previous key. */
  Rollback: "Rollback",
  /** Count, dimension `SecretName`: an emergency rotation revoked the old key at once. */
  EmergencyRotation: "EmergencyRotation",
  /** Count, dimension `SecretName`: an abandoned AWSPENDING was cleared and its key revoked. */
  StalePendingRepaired: "StalePendingRepaired",
  /** Count, dimension `SecretName`: the revocation guard refused to revoke a key that a label still protects (see lambdas/engine/core/keyGuard.ts). */
  RevocationRefused: "RevocationRefused",
  /** Count, dimension `SecretName`: a key was promoted while it was being revoked (a lost race) and `AWSCURRENT` was moved back to a working key. Alarm on it. */
  RevokedCurrentRepaired: "RevokedCurrentRepaired",
} as const;

/**
 * Gauges the scheduled monitor (`lambdas/engine/lifecycle/monitor.ts`, run by the
 * `{"action":"maintain"}` event) publishes once per run, each as its own EMF
 * record with dimensions `service` + `SecretName` (the rotation function's
 * Powertools service name and the secret's name). The key-expiry and
 * overdue-rotation alarms watch the first two and notify when their data
 * stops (INSUFFICIENT_DATA), so a monitor that stops running is reported too.
 */
export const MonitorMetrics = {
  /** None (days, fractional), dimensions `service` + `SecretName`: time left until the `AWSCURRENT` vendor key expires (the vendor's expiry, else the stored `expiresAt`); absent when the key never expires or there is no current key. */
  DaysUntilKeyExpiry: "DaysUntilKeyExpiry",
  /** None (hours, fractional), dimensions `service` + `SecretName`: time since the `AWSCURRENT` key was created by a rotation; absent when there is no current key. */
  HoursSinceLastRotation: "HoursSinceLastRotation",
  /** Count, dimensions `service` + `SecretName`: active vendor keys named for this secret; absent when the vendor could not list keys. */
  ActiveVendorKeys: "ActiveVendorKeys",
  /** Count (0 or 1), dimensions `service` + `SecretName`: whether the `AWSPREVIOUS` key is still active at the vendor; absent when the vendor could not list keys. */
  PreviousKeyActive: "PreviousKeyActive",
} as const;

export type MonitorMetricName = (typeof MonitorMetrics)[keyof typeof MonitorMetrics];

/**
 * Published by the maintenance run for a canary key's secret only (see
 * `lambdas/engine/lifecycle/canaryCheck.ts` and docs/canaries.md), with
 * dimensions `service` + `SecretName`, each run the vendor's last-use data
 * can be read.
 */
export const CanaryMetrics = {
  /** Count (0 or 1), dimensions `service` + `SecretName`: the vendor reports a use of the canary's current or previous key after the current key was promoted. The canary alarm fires on one datapoint. */
  CanaryKeyUsed: "CanaryKeyUsed",
} as const;

export type CanaryMetricName = (typeof CanaryMetrics)[keyof typeof CanaryMetrics];
