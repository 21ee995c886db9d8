import { rotateAll } from "../cli/commands/rotateAll";
import { silentProgress, type FleetRun } from "../cli/fleet/fleetRun";
import type { ThrottleProxy } from "../harness/aws/throttleProxy";
import type { FleetEmulator } from "../harness/fleetOps/fleetEmulator";
import type { FleetWorld } from "../harness/fleetOps/fleetWorld";
import type { StepPool } from "../harness/fleetOps/stepPool";
import { readStage } from "../harness/rotationWorld";
import { machineFacts, startCpuMeter, type CpuSpent } from "./cpuUsage";
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
  /** Old and new keys found in what the steps printed (logs, metrics): the run fails unless 0. */
  readonly keysInOutput: number;
  /** Lines the steps had printed by the end of the run (every run of the scenario so far), all scanned. */
  readonly outputLinesScanned: number;
}

/** What one run needs: the fleet, its emulator (steps in or out of process) and the proxy in front. */
export interface RunContext {
  readonly world: FleetWorld;
  readonly emulator: FleetEmulator;
  readonly throttle: ThrottleProxy;
  /** The step workers (out of process), or undefined (the steps run in this process). */
  readonly pool: StepPool | undefined;
  readonly workers: number;
  readonly concurrency: number;
  readonly motoPid: number | undefined;
  readonly statePath: string;
  /** Names the run in errors and progress. */
  readonly label: string;
}

/**
 * `rotate --all --emergency` that waits, measured: the CLI's `rotateAll`
 * through the throttling proxy, the emulator running the steps. Throws
 * unless every rotation finished, no old key is still accepted and no key
 * (old or new) is in what the steps printed.
 */
export async function emergencyRun(ctx: RunContext): Promise<ContainRun> {
  const { world, emulator, throttle, pool } = ctx;
  throttle.reset();
  pool?.resetStats();
  const leaked = await Promise.all(
    world.secrets.map((s) => readStage(world.client, s.arn, "AWSCURRENT")),
  );
  const meter = startCpuMeter({
    moto: () => (ctx.motoPid === undefined ? [] : [ctx.motoPid]),
    workers: () => pool?.pids() ?? [],
    benchProcess: () => [process.pid],
  });
  const run = await rotateAll(cliClients(throttle.endpoint), {
    filters: { tags: [], namePrefix: `${world.label}/` },
    requestedBy: "bench",
    concurrency: ctx.concurrency,
    timeoutSeconds: 600,
    dryRun: false,
    yes: true,
    fresh: true,
    confirm: async () => true,
    progress: silentProgress,
    emergency: true,
    reason: "benchmark: every key leaked",
    wait: true,
    statePath: ctx.statePath,
  });
  await emulator.idle();
  const cpu = meter.stop();
  const stillAccepted = world.secrets.filter((s, k) =>
    world.sims[s.vendor]?.isKeyAccepted(leaked[k]?.apiKey ?? ""),
  ).length;
  const label = ctx.label;
  const containedMs = checkContained(label, run, stillAccepted);
  const fresh = await Promise.all(
    world.secrets.map((s) => readStage(world.client, s.arn, "AWSCURRENT")),
  );
  const lines = emulator.lines();
  const output = lines.join("\n");
  const keysInOutput = [...leaked, ...fresh].filter(
    (v) => v?.apiKey !== undefined && v.apiKey !== "" && output.includes(v.apiKey),
  ).length;
  if (keysInOutput > 0) {
    throw new Error(`${label}: ${keysInOutput} key(s) found in what the steps printed`);
  }
  process.stderr.write(`contain bench: ${label}: contained in ${seconds(containedMs)} s\n`);
  const started = Date.parse(run.startedAt);
  const tokens = run.secrets.map((s) => s.token ?? "");
  const rotationMs = tokens
    .map((t) => (emulator.finishedAt.get(t) ?? NaN) - (emulator.acceptedAt.get(t) ?? NaN))
    .sort((a, b) => a - b);
  const stats = pool?.stats();
  const finished = Math.max(...tokens.map((t) => emulator.finishedAt.get(t) ?? Number.NaN));
  return {
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
        : Math.round((stats.inWorkerMs / (ctx.workers * (finished - started))) * 100) / 100,
    failed: run.counts.failed ?? 0,
    throttledResponses: Object.values(throttle.throttled).reduce((a, b) => a + b, 0),
    cliCalls: { ...throttle.admitted },
    cpu,
    loadavgAfter: machineFacts().loadavg,
    oldKeysStillAccepted: stillAccepted,
    keysInOutput,
    outputLinesScanned: lines.length,
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

export function seconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}
