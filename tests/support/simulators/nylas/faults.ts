/**
 * Fault injection for the Nylas simulator. Faults are consumed per request of
 * the named operation, in the order they were queued; `"any"` matches every
 * operation. `reset()` on the simulator clears them all.
 */

/** What a request to the simulator does, as recorded in its request log. */
export type NylasOperation = "create" | "list" | "get" | "delete" | "verify" | "unknown";

/** An operation a fault applies to; `"any"` matches all of them. */
export type FaultTarget = NylasOperation | "any";

/** Statuses {@link NylasFaults.failNext} can answer with. */
export type FailureStatus = 429 | 500 | 502 | 503;

/**
 * How {@link NylasFaults.malformNext} corrupts a 200 response:
 * - `not-json`: an HTML page instead of JSON (as a misbehaving proxy would send);
 * - `missing-secret`: JSON without `data.api_key`, the key's secret (create);
 * - `missing-id`: JSON without `data.id` (or without `id` in each listed key);
 * - `missing-data`: JSON with `request_id` only.
 */
export type MalformKind = "not-json" | "missing-secret" | "missing-id" | "missing-data";

/** A queued failure, as the simulator consumes it. */
export interface FailureFault {
  readonly status: FailureStatus;
  /** Seconds in the `Retry-After` header (429 only). */
  readonly retryAfterSeconds: number;
}

interface Queued<T> {
  readonly target: FaultTarget;
  remaining: number;
  readonly fault: T;
}

/** Default `Retry-After` for injected 429s, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * The simulator's fault switches. Fields are read on every request, so they
 * may be changed at any time; queued faults are consumed one per matching request.
 */
export class NylasFaults {
  /** Milliseconds added before every response (and before a dropped connection). Default 0. */
  public latencyMs = 0;

  /**
   * Milliseconds after creation during which a newly created key answers 401
   * on verify; `Infinity` = it never activates. Applies to keys created (over
   * the API) while it is set; seeded keys are active at once. Default 0.
   */
  public activationDelayMs = 0;

  /**
   * Cap on active (not deleted) keys; a create beyond it is refused with 400
   * `invalid_request_error`. Defaults to the simulator's `maxActiveKeys` option.
   */
  public maxActiveKeys: number;

  private readonly initialMaxActiveKeys: number;
  private failures: Queued<FailureFault>[] = [];
  private malformations: Queued<MalformKind>[] = [];
  private drops = 0;

  /** @param maxActiveKeys - the cap restored by {@link NylasFaults.clear}. */
  public constructor(maxActiveKeys: number) {
    this.initialMaxActiveKeys = maxActiveKeys;
    this.maxActiveKeys = maxActiveKeys;
  }

  /**
   * Fails the next `count` requests of `target` with `status` before they take
   * effect (nothing is created or deleted, the nonce is not consumed). 429s
   * carry `Retry-After: retryAfterSeconds` and a `rate_limit_error` body; 500
   * carries an `internal_error` body; 502/503 carry an HTML gateway page.
   */
  public failNext(
    target: FaultTarget,
    count: number,
    status: FailureStatus,
    options: { retryAfterSeconds?: number } = {},
  ): void {
    const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    this.failures.push({
      target,
      remaining: checkCount(count),
      fault: { status, retryAfterSeconds },
    });
  }

  /**
   * Corrupts the next `count` successful responses of `target`. The operation
   * itself takes effect (a created key exists at the vendor), only the response is bad.
   */
  public malformNext(target: FaultTarget, count: number, kind: MalformKind): void {
    this.malformations.push({ target, remaining: checkCount(count), fault: kind });
  }

  /**
   * For the next `count` create calls, creates the key and then destroys the
   * connection without answering: the key exists at the vendor, the client never sees it.
   */
  public dropAfterCreate(count: number): void {
    this.drops += checkCount(count);
  }

  /** Clears every fault and restores the defaults (latency 0, no activation delay, initial cap). */
  public clear(): void {
    this.latencyMs = 0;
    this.activationDelayMs = 0;
    this.maxActiveKeys = this.initialMaxActiveKeys;
    this.failures = [];
    this.malformations = [];
    this.drops = 0;
  }

  /** Queued faults not yet consumed, for assertions. */
  public pending(): { failures: number; malformations: number; drops: number } {
    const sum = (queue: Queued<unknown>[]): number => queue.reduce((n, q) => n + q.remaining, 0);
    return {
      failures: sum(this.failures),
      malformations: sum(this.malformations),
      drops: this.drops,
    };
  }

  /** @internal Consumes the next failure for `operation`, if one is queued. */
  public takeFailure(operation: NylasOperation): FailureFault | undefined {
    return take(this.failures, operation);
  }

  /** @internal Consumes the next malformation for `operation`, if one is queued. */
  public takeMalformation(operation: NylasOperation): MalformKind | undefined {
    return take(this.malformations, operation);
  }

  /** @internal Consumes one queued drop-after-create, if any. */
  public takeDrop(): boolean {
    if (this.drops === 0) {
      return false;
    }
    this.drops -= 1;
    return true;
  }
}

function take<T>(queue: Queued<T>[], operation: NylasOperation): T | undefined {
  const entry = queue.find((q) => q.target === "any" || q.target === operation);
  if (entry === undefined) {
    return undefined;
  }
  entry.remaining -= 1;
  if (entry.remaining === 0) {
    queue.splice(queue.indexOf(entry), 1);
  }
  return entry.fault;
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`fault count must be a positive integer, got ${String(count)}`);
  }
  return count;
}
