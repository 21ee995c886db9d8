/**
 * The key policy, written once: whether one managed key keeps to it. The
 * CLI's `inventory` and `report` judge each key by it, and a fleet
 * function's maintenance run counts the keys within it
 * (`FleetKeysWithinPolicy`), so the dashboard and `report` share one rule.
 */

const DAY_MS = 86_400_000;

/** What the rule reads of one key: Secrets Manager's rotation data and the non-secret fields of `AWSCURRENT`. */
export interface KeyPolicyInput {
  /** The vendor's id of the `AWSCURRENT` key; `undefined` when there is no current key of ours. */
  readonly currentKeyId: string | undefined;
  /** The stored `createdAt` of the current key (ISO time). */
  readonly createdAt: string | undefined;
  /** The stored `expiresAt` of the current key (ISO time); `undefined` when it never expires. */
  readonly expiresAt: string | undefined;
  readonly rotationEnabled: boolean;
  /** Secrets Manager's `NextRotationDate`. */
  readonly nextRotationDate: Date | undefined;
}

/** The verdict: compliant when no problem was found. */
export interface KeyPolicyVerdict {
  /** Days from creation to expiry of the current key, 2 decimals (`null`: it never expires, or a date is missing). */
  readonly ttlDays: number | null;
  readonly compliant: boolean;
  /** What breaks the policy, one phrase each (empty when compliant). */
  readonly problems: readonly string[];
}

/**
 * A key keeps to the policy when there is a current key whose TTL (or, if
 * it never expires, whose age) is at most `maxKeyAgeDays`, rotation is
 * enabled and not overdue (`NextRotationDate` not past), and the key has not
 * expired.
 */
export function checkKeyPolicy(
  key: KeyPolicyInput,
  maxKeyAgeDays: number,
  now: number,
): KeyPolicyVerdict {
  const created = time(key.createdAt);
  const expires = time(key.expiresAt);
  const ttlDays =
    created !== undefined && expires !== undefined
      ? Math.round(((expires - created) / DAY_MS) * 100) / 100
      : null;
  const problems: string[] = [];
  if (key.currentKeyId === undefined) problems.push("no current key");
  else if (ttlDays !== null && ttlDays > maxKeyAgeDays)
    problems.push(`key TTL ${ttlDays} d > max age ${maxKeyAgeDays} d`);
  else if (ttlDays === null && created !== undefined && (now - created) / DAY_MS > maxKeyAgeDays)
    problems.push(`key age ${Math.floor((now - created) / DAY_MS)} d > max age ${maxKeyAgeDays} d`);
  if (!key.rotationEnabled) problems.push("rotation disabled");
  else if (key.nextRotationDate !== undefined && key.nextRotationDate.getTime() < now)
    problems.push(`rotation overdue since ${key.nextRotationDate.toISOString()}`);
  if (expires !== undefined && expires < now) problems.push("key expired");
  return { ttlDays, compliant: problems.length === 0, problems };
}

function time(iso: string | undefined): number | undefined {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}
