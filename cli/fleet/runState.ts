import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../errors";

/**
 * What makes a mass rotation resumable: before each `RotateSecret` the
 * `ClientRequestToken` it will carry is written here, so a re-run of the same
 * command (after a crash, Ctrl-C or failures) can ask Secrets Manager what
 * became of it: the token's version is `AWSCURRENT` (done), still
 * `AWSPENDING` (running; Secrets Manager finishes or retries it), or absent
 * (the call never took effect: rotate again). Nothing secret is stored.
 */
export interface RunStateFile {
  readonly format: 1;
  /** The command, mode and filters this run is for; a different command starts its own file. */
  readonly run: string;
  readonly startedAt: string;
  completedAt?: string;
  /** Secret ARN → the token its rotation was started with, and when. */
  readonly tokens: Record<string, { readonly token: string; readonly at: string }>;
}

/** Where a run's state lives by default: `.rotated-api-key/runs/<hash of the run>.json` under the working directory. */
export function defaultStatePath(run: string, cwd: string = process.cwd()): string {
  const hash = createHash("sha256").update(run).digest("hex").slice(0, 16);
  return path.join(cwd, ".rotated-api-key", "runs", `${hash}.json`);
}

/**
 * The state of an unfinished run of `run` at `file`, or a new one (also when
 * the earlier run completed, or `fresh` is set). A file for another command,
 * or one that cannot be read, is refused rather than overwritten.
 */
export function openRunState(file: string, run: string, fresh: boolean): RunStateFile {
  const created: RunStateFile = {
    format: 1,
    run,
    startedAt: new Date().toISOString(),
    tokens: {},
  };
  if (fresh || !existsSync(file)) return created;
  let earlier: RunStateFile;
  try {
    earlier = JSON.parse(readFileSync(file, "utf8")) as RunStateFile;
  } catch (error) {
    throw new CliError(
      `cannot read the run state ${file} (${(error as Error).message}); move it away or pass --fresh.`,
    );
  }
  if (earlier.format !== 1 || earlier.run !== run) {
    throw new CliError(
      `the run state ${file} belongs to another command (${String(earlier.run)}); pass another --state or --fresh.`,
      2,
    );
  }
  return earlier.completedAt === undefined ? earlier : created;
}

/** Writes the state atomically (a crash mid-write leaves the previous file). */
export function saveRunState(file: string, state: RunStateFile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}
