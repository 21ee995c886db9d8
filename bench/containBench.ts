import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { rotateAll } from "../cli/commands/rotateAll";
import { silentProgress, type FleetRun } from "../cli/fleet/fleetRun";
import { DEFAULT_MAX_RATE } from "../cli/fleet/requestPacer";
import { startThrottleProxy } from "../harness/aws/throttleProxy";
import { startFleetEmulator } from "../harness/fleetOps/fleetEmulator";
import { createFleetWorld, type FleetWorld } from "../harness/fleetOps/fleetWorld";
import { startStepPool, type StepPool } from "../harness/fleetOps/stepPool";
import { readStage } from "../harness/rotationWorld";
import { boundOf, floorsOf, type Floors } from "./containBound";
import { machineFacts, startCpuMeter, type CpuSpent, type MachineFacts } from "./cpuUsage";
import { cliClients } from "./massRotation";

/** One `rotate --all --emergency` that waits: from the first request to every old key revoked. */
export interface ContainRun {
  readonly timeToContainSeconds: number;
  readonly startedPerSecond: number | null;
  /** First request to the last `RotateSecret` accepted: the pacer's floor is secrets ÷ `--max-rate`. */
  readonly startPhaseSeconds: number;
  /** First request to the last rotation's steps finished (the emulator's clock, not the CLI's 1 s polling). */
  readonly stepsFinishedSeconds: number;
  /** `RotateSecret` answered to `AWSPENDING` cleared, per rotation (waits for an environment or worker included). */
  readonly rotationSeconds: { readonly median: number; readonly max: number };
  /** Step invocations the workers ran, and how many failed (out of process only). */
  readonly stepInvocations: number | null;
  readonly stepFailures: number | null;
  /** Summed over every step invocation: waiting for a free worker (out of process only). */
  readonly waitingForWorkerSeconds: number | null;
  /** Summed over every step invocation: in a worker (out of process only). */
  readonly inWorkerSeconds: number | null;
  /** `inWorkerSeconds` ÷ (workers × `stepsFinishedSeconds`): how full the pool was (out of process only). */
  readonly workerOccupancy: number | null;
  readonly failed: number;
  readonly throttledResponses: number;
  /** The CLI's calls through the proxy, per operation (its `--wait` polls with `DescribeSecret`; the steps call moto directly). */
  readonly cliCalls: Readonly<Record<string, number>>;
  /** CPU seconds over the run: moto, the worker processes, this process (CLI, emulator, proxy; in process also the steps). */
  readonly cpu: CpuSpent;
  readonly loadavgAfter: readonly number[];
  /** Old keys the vendor simulators still accept afterwards: the run fails unless 0. */
  readonly oldKeysStillAccepted: number;
}

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
      throttle.reset();
      pool?.resetStats();
      const leaked = await Promise.all(
        world.secrets.map((s) => readStage(world.client, s.arn, "AWSCURRENT")),
      );
      const meter = startCpuMeter({
        moto: () => (settings.motoPid === undefined ? [] : [settings.motoPid]),
        workers: () => pool?.pids() ?? [],
        benchProcess: () => [process.pid],
      });
      const run = await rotateAll(cliClients(throttle.endpoint), {
        filters: { tags: [], namePrefix: `${world.label}/` },
        requestedBy: "bench",
        concurrency: settings.concurrency,
        timeoutSeconds: 600,
        dryRun: false,
        yes: true,
        fresh: true,
        confirm: async () => true,
        progress: silentProgress,
        emergency: true,
        reason: "benchmark: every key leaked",
        wait: true,
        statePath: path.join(stateDir, `emergency-${i}.json`),
      });
      await emulator.idle();
      const cpu = meter.stop();
      const stillAccepted = world.secrets.filter((s, k) =>
        world.sims[s.vendor]?.isKeyAccepted(leaked[k]?.apiKey ?? ""),
      ).length;
      const label = `${settings.ranAs.split(":")[0]}, run ${i + 1}`;
      const containedMs = checkContained(label, run, stillAccepted);
      process.stderr.write(`contain bench: ${label}: contained in ${seconds(containedMs)} s\n`);
      const started = Date.parse(run.startedAt);
      const tokens = run.secrets.map((s) => s.token ?? "");
      const rotationMs = tokens
        .map((t) => (emulator.finishedAt.get(t) ?? NaN) - (emulator.acceptedAt.get(t) ?? NaN))
        .sort((a, b) => a - b);
      const stats = pool?.stats();
      const finished = Math.max(...tokens.map((t) => emulator.finishedAt.get(t) ?? Number.NaN));
      each.push({
        timeToContainSeconds: seconds(containedMs),
        startedPerSecond: run.startRatePerSecond ?? null,
        startPhaseSeconds: seconds(Math.max(...run.secrets.map((s) => s.startedMs ?? 0))),
        stepsFinishedSeconds: seconds(finished - started),
        rotationSeconds: {
          median: seconds(rotationMs[Math.floor((rotationMs.length - 1) / 2)] ?? Number.NaN),
          max: seconds(rotationMs[rotationMs.length - 1] ?? Number.NaN),
        },
        stepInvocations: stats?.invocations ?? null,
        stepFailures: stats?.failures ?? null,
        waitingForWorkerSeconds: stats === undefined ? null : seconds(stats.waitingForWorkerMs),
        inWorkerSeconds: stats === undefined ? null : seconds(stats.inWorkerMs),
        workerOccupancy:
          stats === undefined
            ? null
            : Math.round((stats.inWorkerMs / (settings.workers * (finished - started))) * 100) /
              100,
        failed: run.counts.failed ?? 0,
        throttledResponses: Object.values(throttle.throttled).reduce((a, b) => a + b, 0),
        cliCalls: { ...throttle.admitted },
        cpu,
        loadavgAfter: machineFacts().loadavg,
        oldKeysStillAccepted: stillAccepted,
      });
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

/**
 * A run counts only if it contained the leak: every rotation finished (the
 * CLI saw each version `AWSCURRENT`) and no old key is still accepted by its
 * vendor. Returns the time to contain; throws, naming the run, otherwise.
 */
export function checkContained(label: string, run: FleetRun, stillAccepted: number): number {
  if (stillAccepted > 0) {
    throw new Error(
      `${label}: ${stillAccepted} old key(s) still accepted after the emergency rotation (must be 0)`,
    );
  }
  if (run.timeToContainMs === undefined) {
    const open = run.secrets.filter((s) => s.outcome !== "rotated");
    throw new Error(
      `${label}: not contained, ${open.length} rotation(s) unfinished, e.g. ${open[0]?.secret}: ${open[0]?.detail}`,
    );
  }
  return run.timeToContainMs;
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

function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}
