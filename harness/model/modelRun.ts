import fc from "fast-check";
import { appendFileSync } from "node:fs";
import type { ModelReal } from "./commands/commandBase";
import { concurrentCommandArbs } from "./commands/concurrentCommands";
import { operatorCommandArbs } from "./commands/operatorCommands";
import { finalRetireArb, retireCommandArbs, untilRetired } from "./commands/retireCommands";
import { rotationCommandArbs } from "./commands/rotationCommands";
import { ModelConsumer } from "./modelConsumer";
import { emptyModel, type LifecycleModel } from "./modelState";
import { createModelWorld, modelWorkers } from "./modelWorld";
import type { OffsetClock } from "./offsetClock";

/** Where findings go as they are found (the engine's maintainers read it). */
export const FINDINGS_FILE = process.env.MODEL_FINDINGS_FILE ?? "/tmp/model-findings.md";

export interface ModelRunOptions {
  readonly clock: OffsetClock;
  /** Command sequences to run. */
  readonly numRuns: number;
  readonly seed?: number;
  /** Longest sequence. @default 12 */
  readonly maxCommands?: number;
  /** How long sequences tend to be (fast-check's size). @default "medium" */
  readonly size?: fc.SizeForArbitrary;
  /** Stop generating and shrinking after this long (ms). */
  readonly timeLimitMs?: number;
  /** Replay a failure: the `path` fast-check printed. */
  readonly path?: string;
  /** Where the run is from, in findings (`jest`, `soak`). */
  readonly source: string;
  /** Serve the secret from a fleet function (see `ModelWorldOptions.fleet`). @default false */
  readonly fleet?: boolean;
  /** End every sequence with a `Retire` (with a fault), besides the ones drawn among the commands. @default false */
  readonly finalRetire?: boolean;
}

export interface ModelRunReport {
  readonly details: fc.RunDetails<
    [Iterable<fc.AsyncCommand<LifecycleModel, ModelReal>>, fc.Scheduler]
  >;
  readonly sequences: number;
  readonly commands: number;
  readonly message: string | undefined;
}

/** Every command the model knows, with the weights of a day in the life of a rotated key. */
export function commandsArb(
  maxCommands: number,
  size: fc.SizeForArbitrary = "medium",
  finalRetire = false,
): fc.Arbitrary<Iterable<fc.AsyncCommand<LifecycleModel, ModelReal>>> {
  const lifetime = [...rotationCommandArbs, ...operatorCommandArbs, ...concurrentCommandArbs];
  const commands = fc.commands([...lifetime.map(untilRetired), ...retireCommandArbs], {
    maxCommands,
    size,
  });
  if (!finalRetire) return commands;
  return fc
    .tuple(commands, finalRetireArb)
    .map(([life, retire]) => [...life, retire] as fc.AsyncCommand<LifecycleModel, ModelReal>[]);
}

/**
 * Runs command sequences against fresh worlds (one secret, one simulator, one
 * proxy, step workers) with fast-check: generated, run, and on a violation
 * shrunk to a minimal sequence, which is appended to {@link FINDINGS_FILE}.
 */
export async function runModel(options: ModelRunOptions): Promise<ModelRunReport> {
  const stats = { commands: 0, sequences: 0 };
  const workers = modelWorkers(options.clock);
  const property = fc.asyncProperty(
    commandsArb(options.maxCommands ?? 12, options.size, options.finalRetire === true),
    fc.scheduler(),
    async (cmds, scheduler) => {
      stats.sequences += 1;
      const mw = await createModelWorld("model", options.clock, workers, {
        fleet: options.fleet === true,
      });
      const model = emptyModel();
      const consumer = new ModelConsumer(mw, model);
      try {
        await fc.asyncModelRun(() => ({ model, real: { mw, consumer, scheduler, stats } }), cmds);
      } finally {
        if (process.env.MODEL_VERBOSE === "1")
          process.stderr.write(`sequence ${stats.sequences}:\n  ${model.history.join("\n  ")}\n`);
        consumer.close();
        await mw.stop();
      }
    },
  );
  const details = await fc
    .check(property, {
      numRuns: options.numRuns,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.timeLimitMs === undefined
        ? {}
        : { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false }),
      endOnFailure: false,
    })
    .finally(() => workers.close());
  const error = details.errorInstance;
  // The time limit reached before any sequence ran: fast-check reports that as a failure without a
  // counterexample; it is the end of a soak, not a violation.
  const violated = details.failed && !(details.interrupted && details.numRuns === 0);
  const message = violated
    ? `${fc.defaultReportMessage(details)}\n\n${error instanceof Error ? error.message : String(error)}`
    : undefined;
  if (violated)
    recordFinding(options.source, details, message ?? "", {
      maxCommands: options.maxCommands ?? 12,
      size: String(options.size ?? "medium"),
    });
  return { details, sequences: stats.sequences, commands: stats.commands, message };
}

function recordFinding(
  source: string,
  details: ModelRunReport["details"],
  message: string,
  replay: { maxCommands: number; size: string },
): void {
  const error = details.errorInstance;
  const problems =
    error instanceof Error && "problems" in error
      ? (error as { problems: string[] }).problems
      : [String(error instanceof Error ? error.message : error).slice(0, 600)];
  const commands = details.counterexample?.[0];
  const entry = [
    `## ${new Date(performance.timeOrigin + performance.now()).toISOString()} — model ${source}, seed ${details.seed}, path ${details.counterexamplePath ?? "?"}`,
    "",
    `Shrunk sequence: \`${commands === undefined ? "?" : [...commands].map(String).join(", ")}\``,
    "",
    "Violated:",
    ...problems.map((p) => `- ${p}`),
    "",
    `Likely cause: ${readingOf(problems)}`,
    "",
    `Replay: \`npm run soak -- --seed ${details.seed} --path ${details.counterexamplePath ?? ""} --max-commands ${replay.maxCommands} --size ${replay.size}\` (interleavings replay as far as real I/O timing allows)`,
    "",
    "<details><summary>fast-check report</summary>",
    "",
    "```",
    message.slice(0, 6000),
    "```",
    "</details>",
    "",
  ].join("\n");
  appendFileSync(FINDINGS_FILE, `${entry}\n`);
}

/** A first reading of a violation, matched against the defects the engine is known to have had. */
export function readingOf(problems: readonly string[]): string {
  const text = problems.join(" ");
  if (/was revoked while it is AWSCURRENT/.test(text))
    return "a revocation path (maintenance stale-pending cleanup via a pending copy of AWSCURRENT, or makeRoom) took the current key for someone else's.";
  if (/inside the .* overlap window measured from promotion/.test(text))
    return "the window is measured from the successor's creation instead of its promotion, or an emergency request stayed armed for a later rotation.";
  if (/usage gate/.test(text))
    return "a revocation path (makeRoom, scheduled revocation or a non-forced operator revocation) skipped the usage gate.";
  if (/keys were created for token|live vendor keys for token/.test(text))
    return "a retry or duplicate delivery created a second key for the same token instead of reusing or revoking the first.";
  if (/does not hold a key the vendor accepts/.test(text))
    return "AWSCURRENT was moved to a version without a working key (a valueless version promoted, or a revoked key restored by rollback / a late finishSecret).";
  if (/deadline/.test(text)) return "a vendor or AWS call ignored the invocation's deadline.";
  if (/after a successful retire|second retire/.test(text))
    return "retire (the destroy-time action) left a key of this secret live, or a rerun changed keys: a key missed by the label or name scan.";
  if (/orphan/.test(text)) return "a key was created and never stored, and nothing revoked it.";
  if (/consumer/.test(text)) return "the consumer lost its key outside an emergency.";
  if (/appears in the output/.test(text)) return "secret material reached a log line or error.";
  return "unknown: see the report.";
}
