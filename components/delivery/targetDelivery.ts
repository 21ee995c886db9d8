import type * as pulumi from "@pulumi/pulumi";

/**
 * How EventBridge retries each kind of target the component creates, and
 * where an event goes when it cannot be delivered (the key's dead-letter
 * queue). EventBridge retries only failed deliveries (throttling, a missing
 * permission, a deleted function, an HTTP 429 or 5xx from a webhook; other 4xx
 * are not retried); what a Lambda does with an event it accepted is Lambda's
 * own retry. Values are within EventBridge's ranges: age 60–86,400 s, 0–185 attempts.
 */
export interface RetryPolicy {
  readonly maximumEventAgeInSeconds: number;
  readonly maximumRetryAttempts: number;
}

/** What each target is given: its retry policy and the dead-letter queue. */
export interface TargetDelivery {
  readonly retryPolicy: RetryPolicy;
  readonly deadLetterConfig: { readonly arn: pulumi.Input<string> };
}

/** The retry policy of each kind of target, by why it exists. */
export const RetryPolicies = {
  /** A notification (SNS topic or chat webhook) is worth an hour of retries; later it is noise, and the DLQ alarm speaks instead. */
  notification: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 24 },
  /** An auto-rollback only makes sense right after a rotation, while the alarm is fresh. */
  autoRollback: { maximumEventAgeInSeconds: 900, maximumRetryAttempts: 10 },
} as const satisfies Record<string, RetryPolicy>;

/** Bounds EventBridge puts on `maximumEventAgeInSeconds`. */
export const EVENT_AGE_RANGE = { min: 60, max: 86_400 } as const;

/**
 * A maintenance run is superseded by the next one: retry for at most one
 * interval (within EventBridge's bounds), so two runs never queue up.
 */
export function maintenanceRetryPolicy(intervalMinutes: number): RetryPolicy {
  const age = Math.min(EVENT_AGE_RANGE.max, Math.max(EVENT_AGE_RANGE.min, intervalMinutes * 60));
  return { maximumEventAgeInSeconds: age, maximumRetryAttempts: 5 };
}

/** The delivery settings of one target: a retry policy and the queue its undeliverable events go to. */
export function targetDelivery(
  retryPolicy: RetryPolicy,
  deadLetterQueueArn: pulumi.Input<string>,
): TargetDelivery {
  return { retryPolicy: { ...retryPolicy }, deadLetterConfig: { arn: deadLetterQueueArn } };
}
