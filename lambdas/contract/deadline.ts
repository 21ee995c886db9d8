import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The Lambda's deadline, carried through every `await` of one invocation by
 * `AsyncLocalStorage`, so that code deep below (the vendor HTTP layer) can
 * bound its timeouts and retry waits without each caller passing it along.
 * Outside {@link runWithDeadline} there is no deadline and nothing is bounded.
 */

/**
 * Time kept back from the Lambda's remaining time when setting the deadline
 * of an invocation: enough for the step to log its failure, record its
 * metrics and throw before the runtime kills it. Equal to testSecret's own
 * safety margin, so its retry loop and the vendor layer stop together.
 */
export const DEADLINE_MARGIN_MS = 5_000;

/**
 * The smaller margin for cleanup that must outlive the invocation's deadline
 * (see {@link runCleanupUntil}): `lambdaDeadline(remainingMs, CLEANUP_MARGIN_MS)`.
 */
export const CLEANUP_MARGIN_MS = 1_000;

/** No vendor attempt is started with less than this left before the deadline: it could not finish. */
export const MIN_ATTEMPT_MS = 250;

interface DeadlineScope {
  /** Epoch milliseconds after which no vendor call may still be running. */
  readonly deadlineEpochMs: number;
}

const storage = new AsyncLocalStorage<DeadlineScope>();

/**
 * The deadline of an invocation given the Lambda's remaining time:
 * `now + remainingMs - marginMs`.
 */
export function lambdaDeadline(
  remainingMs: number,
  marginMs = DEADLINE_MARGIN_MS,
  now = Date.now(),
): number {
  return now + remainingMs - marginMs;
}

/**
 * Runs `fn` with vendor calls bounded by `deadlineEpochMs`. An enclosing
 * deadline that is earlier still applies: a nested call can only shorten it.
 */
export function runWithDeadline<T>(deadlineEpochMs: number, fn: () => Promise<T>): Promise<T> {
  const outer = storage.getStore()?.deadlineEpochMs;
  const effective = outer === undefined ? deadlineEpochMs : Math.min(outer, deadlineEpochMs);
  return storage.run({ deadlineEpochMs: effective }, fn);
}

/**
 * Runs cleanup work (e.g. revoking a key whose create outcome was unknown)
 * with its own deadline, which may lie after the enclosing one: the one
 * place a deadline may move later. Give it what the Lambda really has left,
 * less a smaller margin: `runCleanupUntil(lambdaDeadline(remainingMs, CLEANUP_MARGIN_MS), fn)`.
 */
export function runCleanupUntil<T>(deadlineEpochMs: number, fn: () => Promise<T>): Promise<T> {
  return storage.run({ deadlineEpochMs }, fn);
}

/** The current deadline in epoch milliseconds, or `undefined` outside {@link runWithDeadline}. */
export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadlineEpochMs;
}

/**
 * Milliseconds left before the current deadline (zero or negative once it has
 * passed), or `undefined` when there is none.
 */
export function msUntilDeadline(now = Date.now()): number | undefined {
  const deadline = currentDeadline();
  return deadline === undefined ? undefined : deadline - now;
}

/**
 * Whether waiting `waitMs` still leaves `minAttemptMs` before the current
 * deadline for another attempt (always true outside {@link runWithDeadline}).
 * Retry loops call it before each wait: a wait it refuses would end with
 * nothing left to do.
 */
export function deadlineAllows(
  waitMs: number,
  minAttemptMs = MIN_ATTEMPT_MS,
  now = Date.now(),
): boolean {
  const left = msUntilDeadline(now);
  return left === undefined || left - waitMs >= minAttemptMs;
}
