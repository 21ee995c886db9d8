import pLimit, { type Limit } from "p-limit";
import type { RotationHandler } from "../bundle";
import { StepWorkers } from "../model/stepWorkers";
import type { FleetSecret, FleetWorld } from "./fleetWorld";

/** Where the pool's time went, summed over every step invocation since the last {@link StepPool.resetStats}. */
export interface StepPoolStats {
  readonly invocations: number;
  readonly failures: number;
  /** Waiting for a free worker of the vendor's function (its reserved concurrency). */
  readonly waitingForWorkerMs: number;
  /** In a worker: the IPC round trip and the bundled handler's run (its calls to moto and the vendor included). */
  readonly inWorkerMs: number;
  /** The most invocations in flight at once. */
  readonly peakInFlight: number;
}

/**
 * The rotation steps out of process, as Lambda runs them: per vendor a
 * {@link StepWorkers} pool (child processes that each load the shipped bundle
 * with that vendor's function environment and run one invocation at a time)
 * bounded by the vendor's share of `workers`, the reserved concurrency;
 * an invocation over the bound waits for a free worker, as Secrets Manager's
 * retry of a throttled invocation would.
 */
export interface StepPool {
  /** Worker processes (the reserved concurrency, over every vendor). */
  readonly workers: number;
  /** Worker processes per vendor. */
  readonly workersPerVendor: Readonly<Record<string, number>>;
  /** A handler that runs each invocation for `secret` on a worker of its vendor; throws the step's error. */
  handlerFor(secret: FleetSecret): RotationHandler;
  /** Starts every worker and loads the bundle in it (cold starts out of the measurement). */
  warm(): Promise<void>;
  stats(): StepPoolStats;
  /** Process ids of the live workers. */
  pids(): number[];
  resetStats(): void;
  /** Everything the workers printed (logs, metrics), for leak scans. */
  lines(): readonly string[];
  close(): Promise<void>;
}

export interface StepPoolOptions {
  /** Worker processes over every vendor, shared out evenly (at least one per vendor). */
  readonly workers: number;
  /** Time a step is given when the caller sets none. @default 60000 */
  readonly budgetMs?: number;
}

interface VendorPool {
  readonly workers: StepWorkers;
  readonly limit: Limit;
  readonly size: number;
}

export function startStepPool(world: FleetWorld, options: StepPoolOptions): StepPool {
  const vendors = [...new Set(world.secrets.map((s) => s.vendor))];
  if (!Number.isInteger(options.workers) || options.workers < vendors.length) {
    throw new Error(
      `\`workers\` must be a whole number of at least ${vendors.length} (one per vendor: ${vendors.join(", ")}); received ${options.workers}.`,
    );
  }
  const output: string[] = [];
  const pools = new Map<string, VendorPool>();
  vendors.forEach((vendor, i) => {
    const size =
      Math.floor(options.workers / vendors.length) + (i < options.workers % vendors.length ? 1 : 0);
    // A vendor's steps share one function environment, as the in-process emulator's step pools do.
    const env = world.secrets.find((s) => s.vendor === vendor)?.env ?? {};
    pools.set(vendor, {
      size,
      limit: pLimit(size),
      workers: new StepWorkers({
        env: { ...env },
        offsetMs: () => 0,
        onOutput: (text) => output.push(text),
      }),
    });
  });
  let stats = emptyStats();
  let inFlight = 0;

  const run = async (pool: VendorPool, event: unknown, budgetMs: number): Promise<unknown> => {
    const queued = performance.now();
    const outcome = await pool.limit(async () => {
      const waited = performance.now() - queued;
      inFlight += 1;
      stats = { ...stats, peakInFlight: Math.max(stats.peakInFlight, inFlight) };
      try {
        return { waited, ...(await pool.workers.invoke(event, budgetMs)) };
      } finally {
        inFlight -= 1;
      }
    });
    stats = {
      ...stats,
      invocations: stats.invocations + 1,
      failures: stats.failures + (outcome.ok ? 0 : 1),
      waitingForWorkerMs: stats.waitingForWorkerMs + outcome.waited,
      inWorkerMs: stats.inWorkerMs + outcome.ms,
    };
    if (!outcome.ok) {
      const error = new Error(outcome.error?.message ?? "the step failed");
      error.name = outcome.error?.name ?? "Error";
      throw error;
    }
    return outcome.result;
  };

  return {
    workers: options.workers,
    workersPerVendor: Object.fromEntries([...pools].map(([vendor, p]) => [vendor, p.size])),
    handlerFor: (secret) => {
      const pool = pools.get(secret.vendor);
      if (pool === undefined) throw new Error(`no step pool for vendor ${secret.vendor}`);
      return (event, context) =>
        run(pool, event, context?.getRemainingTimeInMillis() ?? options.budgetMs ?? 60_000);
    },
    warm: async () => {
      await Promise.all([...pools.values()].map((p) => p.workers.warm(p.size)));
    },
    stats: () => stats,
    pids: () => [...pools.values()].flatMap((p) => p.workers.pids()),
    resetStats: () => {
      stats = emptyStats();
    },
    lines: () =>
      output
        .join("")
        .split("\n")
        .filter((l) => l.length > 0),
    close: async () => {
      await Promise.all([...pools.values()].map((p) => p.workers.close()));
    },
  };
}

function emptyStats(): StepPoolStats {
  return { invocations: 0, failures: 0, waitingForWorkerMs: 0, inWorkerMs: 0, peakInFlight: 0 };
}
