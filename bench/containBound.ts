import { DEFAULT_MAX_RATE } from "../cli/fleet/requestPacer";
import type { ContainRun } from "./containRun";

/** Lower bounds on a run's time to contain on this machine, from its own figures (seconds). */
export interface Floors {
  /** Secrets ÷ `--max-rate`: the CLI cannot start them faster. */
  readonly pacer: number;
  /** moto's CPU time: one Python process, so its work is serial whatever the cores. */
  readonly moto: number;
  /** The CPU time of every process of the bench ÷ the cores: the machine's floor were it idle. */
  readonly cpuOverCores: number;
}

export function floorsOf(run: ContainRun, secrets: number, cores: number): Floors {
  const cpu = Object.values(run.cpu.seconds).reduce((a, b) => a + b, 0);
  return {
    pacer: round(secrets / DEFAULT_MAX_RATE),
    moto: round(run.cpu.seconds.moto ?? 0),
    cpuOverCores: round(cpu / cores),
  };
}

/**
 * What bounded a run, from its own figures: the cores when the machine was
 * busy nearly all the time (other tenants included: the figures say how much
 * was this bench's, and which floor is the highest), else moto when its one
 * process was busy most of the run (a Python server saturates below a full
 * core), else the workers when invocations waited for one longer than they
 * ran in a nearly full pool, else the pacer when the starts took most of the
 * time, else the steps' round trips (moto, the vendors).
 */
export function boundOf(run: ContainRun, secrets: number, cores: number): string {
  const floors = floorsOf(run, secrets, cores);
  const used = Object.values(run.cpu.seconds).reduce((a, b) => a + b, 0);
  const ours = used / (cores * run.timeToContainSeconds);
  const cpu = Object.entries(run.cpu.seconds)
    .sort(([, a], [, b]) => b - a)
    .map(([name, s]) => `${name} ${s} s`)
    .join(", ");
  const facts =
    `machine ${percent(run.cpu.machineBusyShare)} busy (this bench's processes ${percent(ours)} of ${cores} cores); CPU ${cpu}; ` +
    `starts ${run.startPhaseSeconds} s (pacer floor ${floors.pacer} s), last steps finished ${run.stepsFinishedSeconds} s, contained ${run.timeToContainSeconds} s` +
    (run.waitingForWorkerSeconds === null
      ? ""
      : `; step invocations waited ${run.waitingForWorkerSeconds} s for a worker, ran ${run.inWorkerSeconds} s (workers ${percent(run.workerOccupancy ?? 0)} occupied)`);
  const highest =
    floors.moto >= floors.cpuOverCores
      ? `moto's CPU, ${floors.moto} s on its one process, is the highest floor`
      : `all CPU over the cores, ${floors.cpuOverCores} s, is the highest floor (moto ${floors.moto} s)`;
  const waitedMore =
    run.waitingForWorkerSeconds !== null &&
    run.waitingForWorkerSeconds > (run.inWorkerSeconds ?? 0) &&
    (run.workerOccupancy ?? 0) >= 0.8;
  const motoShare = (run.cpu.seconds.moto ?? 0) / run.timeToContainSeconds;
  const verdict =
    run.cpu.machineBusyShare >= 0.85
      ? `the cores (CPU-bound; ${highest})`
      : motoShare >= MOTO_SATURATED
        ? `moto (its one process ${percent(motoShare)} of a core over the run)`
        : waitedMore
          ? "the workers (reserved concurrency)"
          : run.startPhaseSeconds >= 0.8 * run.timeToContainSeconds
            ? "the pacer (the RotateSecret quota)"
            : "the steps' round trips (moto, the vendors)";
  return `${verdict}: ${facts}`;
}

/** moto's CPU share of one core from which it counts as the bound (its threads share one interpreter lock). */
const MOTO_SATURATED = 0.65;

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
