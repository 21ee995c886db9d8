import type { RotationRules } from "./secretsStore";

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Slack past the next rotation and its overlap window that a new key must still have. */
export const EXPIRY_MARGIN_MS = MS_PER_HOUR;

/**
 * The time between two rotations the schedule allows at most, in ms:
 * `AutomaticallyAfterDays`, or `rate(N hours|days)`, plus the window
 * `Duration`. `undefined` for `cron()` schedules (their gaps vary).
 */
export function rotationIntervalMs(rules: RotationRules | undefined): number | undefined {
  if (rules === undefined) return undefined;
  const window = /^(\d+)h$/.exec(rules.duration ?? "");
  const windowMs = window?.[1] === undefined ? 0 : Number(window[1]) * MS_PER_HOUR;
  if (rules.automaticallyAfterDays !== undefined) {
    return rules.automaticallyAfterDays * MS_PER_DAY + windowMs;
  }
  const rate = /^rate\((\d+) (hours?|days?)\)$/.exec(rules.scheduleExpression ?? "");
  if (rate?.[1] === undefined || rate[2] === undefined) return undefined;
  return Number(rate[1]) * (rate[2].startsWith("hour") ? MS_PER_HOUR : MS_PER_DAY) + windowMs;
}

export interface ExpiryExpectation {
  readonly now: Date;
  /** Days the key was asked to live; 0 = no expiry was asked for. */
  readonly keyTtlDays: number;
  readonly overlapHours: number;
  readonly rules: RotationRules | undefined;
}

/**
 * Why a new key's expiry is unacceptable, or `undefined` when it is fine.
 * A key must outlive the next rotation plus the overlap window (plus a
 * margin), and, when a TTL was asked for, come close to it: a vendor that
 * reads days as seconds (or a unit mix-up in an adapter) would otherwise
 * promote a key that dies within minutes. One day of slack (at least 10 %)
 * absorbs vendors that round expiry to a date.
 */
export function expiryProblem(
  expiresAt: string | undefined,
  expect: ExpiryExpectation,
): string | undefined {
  if (expiresAt === undefined) return undefined;
  const expiry = Date.parse(expiresAt);
  if (Number.isNaN(expiry)) return `its expiry ${JSON.stringify(expiresAt)} is not a date`;
  const now = expect.now.getTime();
  const interval = rotationIntervalMs(expect.rules);
  const needed = now + (interval ?? 0) + expect.overlapHours * MS_PER_HOUR + EXPIRY_MARGIN_MS;
  if (expiry < needed) {
    return (
      `it expires at ${new Date(expiry).toISOString()}, before ${new Date(needed).toISOString()} ` +
      `(${interval === undefined ? "" : `the next rotation in ${Math.round(interval / MS_PER_HOUR)} h, `}` +
      `the ${expect.overlapHours} h overlap window and a ${EXPIRY_MARGIN_MS / MS_PER_HOUR} h margin)`
    );
  }
  if (expect.keyTtlDays > 0) {
    const ttlMs = expect.keyTtlDays * MS_PER_DAY;
    const floor = now + ttlMs - Math.max(MS_PER_DAY, ttlMs / 10);
    if (expiry < floor) {
      return `it expires at ${new Date(expiry).toISOString()}, far sooner than the ${expect.keyTtlDays} days asked for (a unit mix-up at the vendor or in the adapter?)`;
    }
  }
  return undefined;
}
