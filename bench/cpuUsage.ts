import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

/** Linux's `USER_HZ` (`getconf CLK_TCK`): the unit of /proc/<pid>/stat's CPU times. */
const TICKS_PER_SECOND = 100;

/** The machine a figure was measured on, so a reader knows what bounded it. */
export interface MachineFacts {
  /** `os.cpus().length`. */
  readonly cores: number;
  readonly model: string;
  /** `os.loadavg()` (1, 5, 15 minutes), rounded. */
  readonly loadavg: readonly number[];
}

export function machineFacts(): MachineFacts {
  return {
    cores: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** CPU seconds (user + system, every thread) a live process has used, from /proc; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time over every core (ms), from `os.cpus()`. */
function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const { user, nice, sys, idle, irq } = cpu.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + idle + irq;
  }
  return { busy, total };
}

/** CPU seconds per named part over a stretch of time, and the machine's busy share (0-1, every core). */
export interface CpuSpent {
  readonly seconds: Readonly<Record<string, number>>;
  readonly machineBusyShare: number;
}

/**
 * Starts measuring the CPU time of named groups of processes (`pids` is read
 * again at the end, so workers started meanwhile are counted from 0) and of
 * the whole machine; `stop` returns what each used.
 */
export function startCpuMeter(groups: Readonly<Record<string, () => readonly number[]>>): {
  stop(): CpuSpent;
} {
  const before = new Map<number, number>();
  for (const pids of Object.values(groups)) {
    for (const pid of pids()) before.set(pid, processCpuSeconds(pid));
  }
  const machineBefore = machineTimes();
  return {
    stop: () => {
      const seconds: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        const used = pids().reduce(
          (sum, pid) => sum + processCpuSeconds(pid) - (before.get(pid) ?? 0),
          0,
        );
        seconds[name] = Math.round(used * 100) / 100;
      }
      const machine = machineTimes();
      const total = machine.total - machineBefore.total;
      return {
        seconds,
        machineBusyShare:
          total <= 0 ? 0 : Math.round(((machine.busy - machineBefore.busy) / total) * 100) / 100,
      };
    },
  };
}
