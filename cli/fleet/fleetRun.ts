import ora from "ora";
import pLimit from "p-limit";

/** What became of one secret in a mass operation. */
export type FleetOutcome =
  | "would-rotate"
  | "would-revoke"
  | "started"
  | "rotated"
  | "revoked"
  | "nothing-to-revoke"
  | "skipped"
  | "failed";

export interface FleetItem {
  readonly secret: string;
  readonly vendor: string;
  outcome: FleetOutcome;
  /** The rotation's `ClientRequestToken` (its new version id). */
  token?: string;
  /** A key id (revocations), never a key. */
  keyId?: string;
  /** Why, in one line. */
  detail: string;
  /** Milliseconds from the start of the run to when the request was accepted. */
  startedMs?: number;
  /** Milliseconds from the start of the run to when it was seen finished. */
  finishedMs?: number;
}

/** A mass operation's result: printed as a table, or as this JSON with `--json`. */
export interface FleetRun {
  readonly operation: "rotate" | "revoke-previous";
  readonly emergency: boolean;
  readonly mode?: "replace-then-revoke" | "revoke-first";
  readonly selection: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Rotations started per second, from the first to the last accepted `RotateSecret`. */
  readonly startRatePerSecond?: number;
  /** Emergency: from the run's start to the last rotation seen finished (every old key revoked by then). */
  readonly timeToContainMs?: number;
  /** SDK retries of throttled or failed write calls (each one backed off first). */
  readonly retries: number;
  readonly counts: Partial<Record<FleetOutcome, number>>;
  /** The resumable run's state file (mass rotation only). */
  readonly stateFile?: string;
  readonly secrets: readonly FleetItem[];
}

export function countOutcomes(items: readonly FleetItem[]): Partial<Record<FleetOutcome, number>> {
  const counts: Partial<Record<FleetOutcome, number>> = {};
  for (const item of items) counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
  return counts;
}

/** Progress on stderr (a spinner with counts on a terminal, nothing otherwise); results go to stdout. */
export interface Progress {
  update(text: string): void;
  stop(): void;
}

export function terminalProgress(text: string): Progress {
  const spinner = ora({
    text,
    stream: process.stderr,
    isSilent: process.stderr.isTTY !== true,
    // No colour with NO_COLOR (https://no-color.org): ora's colour library ignores it.
    color: process.env.NO_COLOR ? undefined : "cyan",
  }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => spinner.stop(),
  };
}

export const silentProgress: Progress = { update: () => undefined, stop: () => undefined };

/**
 * Runs `work` for every item with at most `concurrency` in flight (p-limit);
 * the request rate itself is held under a write quota by the pacer on its
 * client (`requestPacer.ts`), with the adaptive retry mode as the safety net.
 * Every item settles: a failure is the item's, never the run's.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(items.map((item) => limit(() => work(item))));
}
