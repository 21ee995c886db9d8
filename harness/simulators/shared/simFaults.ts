/**
 * Vendor-neutral fault switches for every simulator (the `SimFaults` of
 * `vendorSimulator.ts`). A simulator asks `takeFailure`/`takeMalformation`/
 * `takeDrop` per request and renders the fault in its vendor's own shapes.
 * Queued faults are consumed per request of the named operation, in the
 * order queued; `"any"` matches every operation. A simulator with extra
 * malformations of its own (Nylas's `missing-data`) passes it as `ExtraMalform`.
 */
import type { SimFailureStatus, SimFaults, SimMalformKind, SimOperation } from "../vendorSimulator";

/** Default `Retry-After` (or the vendor's equivalent) of injected 429s, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** A queued failure as the simulator consumes it. */
export interface QueuedFailure {
  readonly status: SimFailureStatus;
  /** Seconds until the client may retry (429 only). */
  readonly retryAfterSeconds: number;
}

interface Queued<T> {
  readonly target: SimOperation | "any";
  remaining: number;
  readonly fault: T;
}

/**
 * Fault switches shared by the simulators; fields are read on every request,
 * so they may change at any time.
 *
 * @typeParam ExtraMalform - malformations a simulator renders beyond {@link SimMalformKind}.
 */
export class FaultSwitches<ExtraMalform extends string = never> implements SimFaults {
  /** Milliseconds added before every response (and before a dropped connection). */
  public latencyMs = 0;
  /**
   * New keys (created over the API while it is set) are refused by the verify
   * call for this long after creation; `Infinity` = never. Default 0.
   */
  public activationDelayMs = 0;
  /** Cap on active keys; a create beyond it gets the vendor's own refusal. */
  public maxActiveKeys: number;

  private failures: Queued<QueuedFailure>[] = [];
  private malformations: Queued<SimMalformKind | ExtraMalform>[] = [];
  private drops = 0;

  /** @param initialMaxActiveKeys - the cap, restored by {@link FaultSwitches.clear}. */
  public constructor(private readonly initialMaxActiveKeys: number) {
    this.maxActiveKeys = initialMaxActiveKeys;
  }

  /**
   * Fails the next `count` requests of `target` with `status` before they
   * take effect (nothing is created or deleted). 429s carry the vendor's
   * retry hint of `retryAfterSeconds`.
   */
  public failNext(
    target: SimOperation | "any",
    count: number,
    status: SimFailureStatus,
    options: { retryAfterSeconds?: number } = {},
  ): void {
    const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    this.failures.push({
      target,
      remaining: checkCount(count),
      fault: { status, retryAfterSeconds },
    });
  }

  /** Corrupts the next `count` successful responses of `target`; the operation itself takes effect. */
  public malformNext(
    target: SimOperation | "any",
    count: number,
    kind: SimMalformKind | ExtraMalform,
  ): void {
    this.malformations.push({ target, remaining: checkCount(count), fault: kind });
  }

  /** The next `count` creates make the key, then drop the connection without answering. */
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

  /** @internal Consumes the next failure queued for `operation`. */
  public takeFailure(operation: SimOperation): QueuedFailure | undefined {
    return take(this.failures, operation);
  }

  /** @internal Consumes the next malformation queued for `operation`. */
  public takeMalformation(operation: SimOperation): SimMalformKind | ExtraMalform | undefined {
    return take(this.malformations, operation);
  }

  /** @internal Consumes one queued drop-after-create. */
  public takeDrop(): boolean {
    if (this.drops === 0) return false;
    this.drops -= 1;
    return true;
  }
}

function take<T>(queue: Queued<T>[], operation: SimOperation): T | undefined {
  const entry = queue.find((q) => q.target === "any" || q.target === operation);
  if (entry === undefined) return undefined;
  entry.remaining -= 1;
  if (entry.remaining === 0) queue.splice(queue.indexOf(entry), 1);
  return entry.fault;
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`fault count must be a positive integer, got ${String(count)}`);
  }
  return count;
}
