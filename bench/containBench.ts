import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_MAX_RATE } from "../cli/fleet/requestPacer";
import { startThrottleProxy } from "../harness/aws/throttleProxy";
import { startFleetEmulator } from "../harness/fleetOps/fleetEmulator";
import { createFleetWorld, type FleetWorld } from "../harness/fleetOps/fleetWorld";
import { startStepPool, type StepPool } from "../harness/fleetOps/stepPool";
import { boundOf, floorsOf, type Floors } from "./containBound";
import { emergencyRun, type ContainRun } from "./containRun";
import { machineFacts, type MachineFacts } from "./cpuUsage";

export interface ContainScenario {
  /** How the steps were run. */
  readonly ranAs: string;
  /** Step worker processes (out of process) or warm in-process environments, over every vendor. */
  readonly workers: number;
  readonly workersPerVendor: Readonly<Record<string, number>>;
  readonly runs: number;
  readonly timeToContainSeconds: {
    readonly median: number;
    readonly min: number;
    readonly max: number;
  };
  /** What bounded the median run, read from its figures (see `boundOf`). */
  readonly boundBy: string;
  /** Lower bounds on the median run's time on this machine, whatever else ran on it. */
  readonly floors: Floors;
  /** Per run, in order. */
  readonly each: readonly ContainRun[];
}

export interface ContainResult {
  readonly secrets: number;
  readonly quotaPerSecond: number;
  readonly concurrency: number;
  readonly maxRate: number;
  readonly machine: MachineFacts;
  readonly scenarios: readonly ContainScenario[];
}

export interface ContainOptions {
  /** @default 200 */
  readonly size?: number;
  /** Runs per scenario. @default 3 */
  readonly runs?: number;
  /** Out-of-process scenarios: worker processes over every vendor (the reserved concurrency). @default [8] */
  readonly workers?: readonly number[];
  /** Also the same runs with every step in this process (8 warm environments per vendor), as a control. @default false */
  readonly inProcessControl?: boolean;
  /** CLI `--concurrency`. @default 64 */
  readonly concurrency?: number;
  /** moto's process id, to count its CPU time (omitted: counted as 0). */
  readonly motoPid?: number;
}

const QUOTA_PER_SECOND = 50;
/** The in-process emulator's warm environments per vendor (its default). */
const IN_PROCESS_ENVIRONMENTS = 8;

/**
 * Emergency time-to-contain with the rotation steps out of process, as
 * Lambda runs them: `rotate --all --emergency` (the CLI's `rotateAll`, in
 * this process) through the 50/s throttling proxy to the fleet emulator,
 * which hands each rotation's steps to a {@link StepPool} of worker processes
 * (each loads the shipped bundle) bounded by `workers`; moto is its own
 * process. Each run must leave zero old keys accepted, or the bench fails.
 */
export async function containBench(
  motoEndpoint: string,
  options: ContainOptions = {},
): Promise<ContainResult> {
  const size = options.size ?? 200;
  const runs = options.runs ?? 3;
  const concurrency = options.concurrency ?? 64;
  const machine = machineFacts();
  const world = await createFleetWorld(motoEndpoint, "bench-contain", { size });
  const vendors = [...new Set(world.secrets.map((s) => s.vendor))];
  const scenarios: ContainScenario[] = [];
  let firstKeys = false;
  try {
    for (const workers of options.workers ?? [8]) {
      const pool = startStepPool(world, { workers });
      try {
        await pool.warm();
        scenarios.push(
          await scenario(world, pool, {
            ranAs: `out of process: each step an invocation in one of ${workers} worker processes (the shipped bundle, ${describe(pool.workersPerVendor)}), moto its own process, the CLI and the emulator in the bench process`,
            firstKeys: !firstKeys,
            workers,
            workersPerVendor: pool.workersPerVendor,
            runs,
            concurrency,
            motoPid: options.motoPid,
          }),
        );
        firstKeys = true;
      } finally {
        await pool.close();
      }
    }
    if (options.inProcessControl === true) {
      scenarios.push(
        await scenario(world, undefined, {
          ranAs: `in process (control, same session): the CLI, the emulator and every step in the bench process (${IN_PROCESS_ENVIRONMENTS} warm environments per vendor), moto its own process`,
          firstKeys: !firstKeys,
          workers: IN_PROCESS_ENVIRONMENTS * vendors.length,
          workersPerVendor: Object.fromEntries(vendors.map((v) => [v, IN_PROCESS_ENVIRONMENTS])),
          runs,
          concurrency,
          motoPid: options.motoPid,
        }),
      );
    }
  } finally {
    await world.stop();
  }
  return {
    secrets: size,
    quotaPerSecond: QUOTA_PER_SECOND,
    concurrency,
    maxRate: DEFAULT_MAX_RATE,
    machine,
    scenarios,
  };
}

interface ScenarioSettings {
  readonly ranAs: string;
  readonly firstKeys: boolean;
  readonly workers: number;
  readonly workersPerVendor: Readonly<Record<string, number>>;
  readonly runs: number;
  readonly concurrency: number;
  readonly motoPid: number | undefined;
}

async function scenario(
  world: FleetWorld,
  pool: StepPool | undefined,
  settings: ScenarioSettings,
): Promise<ContainScenario> {
  const emulator = await startFleetEmulator(world, {
    stepEnvironments: IN_PROCESS_ENVIRONMENTS,
    ...(pool === undefined ? {} : { steps: pool }),
  });
  const throttle = await startThrottleProxy(emulator.endpoint, {
    ratePerSecond: QUOTA_PER_SECOND,
  });
  const stateDir = mkdtempSync(path.join(tmpdir(), "contain-bench-"));
  const each: ContainRun[] = [];
  try {
    if (pool === undefined && !settings.firstKeys) {
      // Warm the in-process environments as the pool's workers are (cold starts out of the measurement).
      const warmUp = await Promise.all(
        world.secrets.slice(0, settings.workers).map((s) => emulator.rotate(s)),
      );
      if (warmUp.some((o) => !o.ok)) throw new Error("a warm-up rotation failed");
    }
    if (settings.firstKeys) {
      const first = await Promise.all(world.secrets.map((s) => emulator.rotate(s)));
      const failed = first.filter((o) => !o.ok);
      if (failed.length > 0) {
        throw new Error(
          `${failed.length} first rotation(s) failed, e.g. at ${failed[0]?.failedStep}: ${failed[0]?.error?.message}`,
        );
      }
    }
    for (let i = 0; i < settings.runs; i++) {
      each.push(
        await emergencyRun({
          world,
          emulator,
          throttle,
          pool,
          workers: settings.workers,
          concurrency: settings.concurrency,
          motoPid: settings.motoPid,
          statePath: path.join(stateDir, `emergency-${i}.json`),
          label: `${settings.ranAs.split(":")[0]}, run ${i + 1}`,
        }),
      );
    }
  } finally {
    await throttle.close();
    await emulator.idle();
    await emulator.close();
  }
  const times = each.map((r) => r.timeToContainSeconds);
  const median = medianRun(each);
  return {
    ranAs: settings.ranAs,
    workers: settings.workers,
    workersPerVendor: settings.workersPerVendor,
    runs: each.length,
    timeToContainSeconds: {
      median: median.timeToContainSeconds,
      min: Math.min(...times),
      max: Math.max(...times),
    },
    boundBy: boundOf(median, world.secrets.length, machineFacts().cores),
    floors: floorsOf(median, world.secrets.length, machineFacts().cores),
    each,
  };
}

function medianRun(all: readonly ContainRun[]): ContainRun {
  const sorted = [...all].sort((a, b) => a.timeToContainSeconds - b.timeToContainSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as ContainRun;
}

function describe(perVendor: Readonly<Record<string, number>>): string {
  return Object.entries(perVendor)
    .map(([vendor, n]) => `${n} for ${vendor}`)
    .join(", ");
}
