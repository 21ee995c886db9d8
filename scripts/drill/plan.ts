/**
 * Which rotations the drill runs. `--rotations N` is exactly N rotations:
 * the first (on the empty secret), then scheduled ones; against a simulator
 * the last two of a long enough run are the rehearsed faults — a key slow to
 * activate, and a crash after the vendor created a key (that rotation's
 * second attempt is Secrets Manager's retry with the same token, still one
 * rotation).
 */
export type RotationKind = "first" | "scheduled" | "slow-activation" | "crash-then-retry";

export interface PlannedRotation {
  /** 1-based, as printed. */
  readonly number: number;
  readonly kind: RotationKind;
  readonly label: string;
}

export const DEFAULT_ROTATIONS = 4;

const FAULTS: readonly RotationKind[] = ["slow-activation", "crash-then-retry"];

const LABELS: Record<RotationKind, string> = {
  first: "first key (empty secret)",
  scheduled: "scheduled",
  "slow-activation": "new key slow to activate",
  "crash-then-retry": "crash after vendor create",
};

/**
 * `count` rotations. With a simulator, rotations 3 and 4 of the default run
 * are the faults; a shorter run drops them from the end (1: first only,
 * 2: first and scheduled), a longer one adds scheduled rotations before them.
 * A real vendor gets no faults: the drill cannot inject them there.
 */
export function planRotations(count: number, simulated: boolean): PlannedRotation[] {
  const faults = simulated ? FAULTS.slice(0, Math.max(0, count - 2)) : [];
  const scheduled = Array.from(
    { length: Math.max(0, count - 1 - faults.length) },
    (): RotationKind => "scheduled",
  );
  const kinds: RotationKind[] = ["first" as const, ...scheduled, ...faults].slice(0, count);
  return kinds.map((kind, i) => ({ number: i + 1, kind, label: LABELS[kind] }));
}
