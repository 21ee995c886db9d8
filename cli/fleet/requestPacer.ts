import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * The documented, non-adjustable rate of each Secrets Manager write quota a
 * mass operation uses (`RotateSecret`, `TagResource`): requests per second
 * per account and region ("AWS Secrets Manager quotas").
 */
export const WRITE_QUOTA_PER_SECOND = 50;

/**
 * `--max-rate`'s default: the pace (requests/s per write quota) a mass
 * operation starts at and never exceeds — just under the quota, so it rarely
 * meets a throttle and leaves a little room for other callers.
 */
export const DEFAULT_MAX_RATE = 48;

/** The slowest pace a run backs off to (requests/s): it always makes progress. */
export const MIN_PACE = 1;

/** On a throttle the pace is multiplied by this (the multiplicative decrease), at most once per quota window. */
export const THROTTLE_DECREASE = 0.75;

/** Requests/s the pace climbs back per second of accepted calls (the additive increase). */
export const RECOVERY_PER_SECOND = 4;

/** The quota's window: throttles within one window of a cut are one overload, cut once. */
const WINDOW_MS = 1000;

export interface PacerOptions {
  /** Requests/s never exceeded (and started at). */
  readonly maxRate: number;
  /** @default MIN_PACE */
  readonly minRate?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Paces requests to one quota: a token bucket holding one token (so no
 * burst: any one-second window sees at most `rate` + 1 requests), refilled at
 * `rate`, releasing waiters in order. The rate is AIMD-controlled: a `ThrottlingException` (the quota is
 * shared with other callers in the account) cuts it by
 * {@link THROTTLE_DECREASE}, once per window; each accepted call raises it
 * again, by {@link RECOVERY_PER_SECOND} per second, up to `maxRate`.
 */
export class RequestPacer {
  readonly maxRate: number;
  readonly minRate: number;
  private current: number;
  private lastRelease = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();
  private lastCut = Number.NEGATIVE_INFINITY;
  private cutCount = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: PacerOptions) {
    this.maxRate = options.maxRate;
    this.minRate = Math.min(options.minRate ?? MIN_PACE, options.maxRate);
    this.current = options.maxRate;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The pace now (requests/s). */
  get rate(): number {
    return this.current;
  }

  /** How many times a throttle cut the pace. */
  get cuts(): number {
    return this.cutCount;
  }

  /**
   * Waits for this request's turn: requests are released one at a time, each
   * at least an interval (at the pace then) after the previous one was
   * actually released. A stalled event loop therefore delays the requests
   * behind it rather than releasing them together as a burst.
   */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      const wait = this.lastRelease + 1000 / this.current - this.now();
      if (wait > 0) await this.sleep(wait);
      this.lastRelease = this.now();
    });
    this.queue = turn;
    return turn;
  }

  /** An accepted call: the additive increase. */
  accepted(): void {
    this.current = Math.min(this.maxRate, this.current + RECOVERY_PER_SECOND / this.current);
  }

  /** A `ThrottlingException`: the multiplicative decrease, once per window. */
  throttled(): void {
    const now = this.now();
    if (now - this.lastCut < WINDOW_MS) return;
    this.lastCut = now;
    this.cutCount += 1;
    this.current = Math.max(this.minRate, this.current * THROTTLE_DECREASE);
  }
}

const NAME = "rotatedApiKeyPacer";

/** The SDK's finalize-step middleware type, without importing `@smithy/types` (not a dependency). */
type RelativeMiddleware = Parameters<SecretsManagerClient["middlewareStack"]["addRelativeTo"]>[0];

/** A pacer per client, attached by {@link paceClients}; `stop` removes them. */
export interface Pacing {
  readonly pacers: readonly RequestPacer[];
  stop(): void;
}

/**
 * Paces every attempt each client sends (the SDK's retries included: they
 * count against the quota too) with its own {@link RequestPacer} (one client
 * per quota). Added right after the SDK's retry middleware, so it runs once
 * per attempt and sees each attempt's throttle; the SDK's adaptive retry stays
 * the safety net (a throttled attempt is still backed off and retried).
 */
export function paceClients(
  clients: readonly SecretsManagerClient[],
  options: PacerOptions,
): Pacing {
  const unique = [...new Set(clients)];
  const pacers = unique.map((client) => {
    const pacer = new RequestPacer(options);
    const middleware = ((next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      await pacer.take();
      try {
        const result = await next(args);
        pacer.accepted();
        return result;
      } catch (error) {
        if (isThrottle(error)) pacer.throttled();
        throw error;
      }
    }) as unknown as RelativeMiddleware;
    client.middlewareStack.addRelativeTo(middleware, {
      relation: "after",
      toMiddleware: "retryMiddleware",
      name: NAME,
      override: true,
    });
    return pacer;
  });
  return {
    pacers,
    stop: () => {
      for (const client of unique) client.middlewareStack.remove(NAME);
    },
  };
}

function isThrottle(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return (
    e?.name === "ThrottlingException" ||
    e?.name === "TooManyRequestsException" ||
    e?.$metadata?.httpStatusCode === 429
  );
}
