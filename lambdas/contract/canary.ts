/**
 * Canary keys: a decoy key that is created and rotated like any other but
 * handed to no consumer, so any use of it means a copy leaked. The component
 * marks the secret with {@link CANARY_TAG}; the rotation function's
 * maintenance run reads the tag and watches the vendor's last-use data.
 */

/** The tag the component sets on a canary key's secret, with value {@link CANARY_TAG_VALUE}. */
export const CANARY_TAG = "RotatedApiKey:Canary";

/** The value of {@link CANARY_TAG} on a canary key's secret. */
export const CANARY_TAG_VALUE = "true";

/** Whether a secret's tags mark it as a canary key. */
export function isCanarySecret(tags: Readonly<Record<string, string>>): boolean {
  return tags[CANARY_TAG] === CANARY_TAG_VALUE;
}
