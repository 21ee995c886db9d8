/**
 * Fault switches shared by the OpenAI, GitLab and Twilio simulators (the
 * vendor-neutral {@link SimFaults}). Faults are consumed per request of the
 * named operation, in the order they were queued; `"any"` matches every
 * operation. Each simulator renders them with its vendor's own bodies.
 */
import type { SimFailureStatus, SimFaults, SimMalformKind, SimOperation } from "../vendorSimulator";

/** A queued failure, as a simulator consumes it. */
export interface QueuedFailure {
  readonly status: SimFailureStatus;
  /** Seconds for the `Retry-After` header (429 only). */
  readonly retryAfterSeconds: number;
}

interface Queued<T> {
  readonly target: SimOperation | "any";
  remaining: number;
  readonly fault: T;
}

/** Default `Retry-After` of injected 429s, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** The fault switches; fields are read on every request and may change at any time. */
export class FaultSwitches implements SimFaults {
  /** Milliseconds added before every response (and before a dropped connection). */
  public latencyMs = 0;
  /** New keys answer 401 on verify for this long after creation; `Infinity` = never. */
  public activationDelayMs = 0;
  /** Cap on active keys; a create beyond it gets the simulator's cap refusal. */
  public maxActiveKeys: number;

  private failures: Queued<QueuedFailure>[] = [];
  private malformations: Queued<SimMalformKind>[] = [];
  private drops = 0;

  /** @param initialMaxActiveKeys - the cap, restored by {@link FaultSwitches.clear}. */
  public constructor(private readonly initialMaxActiveKeys: number) {
    this.maxActiveKeys = initialMaxActiveKeys;
  }

  /** Fails the next `count` requests of `target` with `status`, before they take effect. */
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

  /** Corrupts the next `count` successful responses of `target`; the operation still takes effect. */
  public malformNext(target: SimOperation | "any", count: number, kind: SimMalformKind): void {
    this.malformations.push({ target, remaining: checkCount(count), fault: kind });
  }

  /** For the next `count` creates: create the key, then drop the connection unanswered. */
  public dropAfterCreate(count: number): void {
    this.drops += checkCount(count);
  }

  /** Clears every fault and restores the defaults. */
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
  public takeMalformation(operation: SimOperation): SimMalformKind | undefined {
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
