/**
 * What the drill prints about rotations and keys: a timeline whose rows are
 * printed as each rotation finishes, the root cause of a failed one, and the
 * vendor keys. Every line fits in {@link MAX_WIDTH} columns.
 */
import type { RotationOutcome } from "../../harness/orchestrator";
import { MAX_WIDTH, StreamTable, wrap, type Style } from "./output";
import type { PlannedRotation } from "./plan";

const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

/**
 * One attempt of a planned rotation. `intended`: the crash the drill caused
 * on purpose, which happened as planned; `failed`: anything that did not go
 * as planned.
 */
export interface Attempt {
  readonly rotation: PlannedRotation;
  /** The second attempt of a rotation: Secrets Manager's retry with the same token. */
  readonly retry: boolean;
  readonly outcome: RotationOutcome;
  readonly verdict: "promoted" | "intended" | "failed";
  /** Why a `failed` verdict although the attempt itself succeeded (e.g. a planned crash did not happen). */
  readonly note?: string;
}

export function timelineTable(style: Style): StreamTable {
  return new StreamTable(
    [
      { title: "#", width: 2, align: "right" },
      { title: "rotation", width: 25 },
      { title: "token", width: 8 },
      { title: "create", width: 7, align: "right" },
      { title: "set", width: 7, align: "right" },
      { title: "test", width: 7, align: "right" },
      { title: "finish", width: 7, align: "right" },
      { title: "result", width: 23 },
    ],
    style,
  );
}

export const TIMELINE_TITLE =
  "Rotations, each step run by the bundled handler as Secrets Manager invokes it " +
  "(create/set/test/finish: createSecret … finishSecret, in ms):";

/** The row of one attempt. */
export function timelineRow(table: StreamTable, style: Style, attempt: Attempt): string {
  const { outcome, verdict } = attempt;
  const mark = verdict === "intended" ? "↯" : "✗";
  const markPaint = verdict === "intended" ? style.yellow : style.red;
  const cells = STEPS.map((step) => {
    const t = outcome.steps.find((s) => s.step === step);
    if (t === undefined) return { text: "-", paint: style.dim };
    const ms = String(Math.round(t.ms));
    return t.error === undefined
      ? { text: ms, paint: undefined }
      : { text: `${mark} ${ms}`, paint: markPaint };
  });
  const result =
    verdict === "promoted"
      ? { text: "✓ promoted", paint: style.green }
      : verdict === "intended"
        ? { text: "↯ crashed, as intended", paint: style.yellow }
        : { text: "✗ failed (see below)", paint: style.red };
  return table.row(
    [
      attempt.retry ? "" : String(attempt.rotation.number),
      attempt.retry ? "↳ retry, same token" : attempt.rotation.label,
      outcome.token.slice(0, 8),
      ...cells.map((c) => c.text),
      result.text,
    ],
    [undefined, undefined, style.dim, ...cells.map((c) => c.paint), result.paint],
  );
}

/** The first line of a failed attempt's cause and its `cause` chain, without repeats. */
export function rootCause(attempt: Attempt): string {
  if (attempt.note !== undefined) return attempt.note;
  const messages: string[] = [];
  let error: unknown = attempt.outcome.error;
  for (let depth = 0; error !== undefined && depth < 5; depth++) {
    const message = error instanceof Error ? error.message : String(error);
    const line = message.split("\n")[0]?.trim() ?? "";
    if (line !== "" && !messages.some((m) => m.includes(line))) messages.push(line);
    error = error instanceof Error ? error.cause : undefined;
  }
  return messages.length > 0 ? messages.join(": ") : "the step failed without a message";
}

/** Where an attempt failed: the step, or `RotateSecret` if no step ran. */
export function failedAt(attempt: Attempt): string {
  return attempt.outcome.failedStep ?? (attempt.note === undefined ? "RotateSecret" : "the check");
}

/** The paragraph under the timeline for a failed attempt: what failed, the root cause, what next. */
export function failureDetails(style: Style, attempt: Attempt, logFile: string): string[] {
  const { number, label } = attempt.rotation;
  return [
    "",
    wrap(`✗ Rotation ${number} (${label}) failed at ${failedAt(attempt)}:`).replace(
      /^✗/,
      style.red("✗"),
    ),
    wrap(rootCause(attempt), MAX_WIDTH - 4, "    ").replace(/^/, "    "),
    wrap(
      "Secrets Manager would retry this rotation with the same token and refuse new ones until it " +
        `completes, so the drill stopped here. Handler logs: ${logFile}`,
      MAX_WIDTH,
    ),
  ];
}

/** The note under the timeline for the crash the drill caused on purpose. */
export function intendedCrashNote(attempt: Attempt): string {
  return wrap(
    `↯ Rotation ${attempt.rotation.number} crashed on purpose: the simulator dropped the connection ` +
      "right after creating the vendor key, as a Lambda timeout would. Secrets Manager's retry with " +
      "the same token recovered it (see the vendor keys below).",
    MAX_WIDTH,
  );
}

export interface KeyLine {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

/** The vendor keys, with the rotation that created each (from the token in its name). */
export function keysTable(
  style: Style,
  keys: readonly KeyLine[],
  attempts: readonly Attempt[],
): string[] {
  const table = new StreamTable(
    [
      { title: "vendor key id", width: 36 },
      { title: "rotation", width: 8, align: "right" },
      { title: "state", width: 50 },
    ],
    style,
  );
  const rotationOf = (name: string) =>
    attempts.find((a) => name.endsWith(a.outcome.token))?.rotation.number;
  return [
    table.header(),
    ...keys.map((k) => table.row([k.id, String(rotationOf(k.name) ?? "-"), k.state])),
  ];
}
