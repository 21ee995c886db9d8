import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Any ANSI escape sequence (colour, cursor movement): ESC followed by `[`. */
export const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

/** An empty home directory: no `~/.aws`, so nothing of the machine leaks into a run. */
export function emptyHome(): string {
  return mkdtempSync(path.join(tmpdir(), "rotated-api-key-home-"));
}

/**
 * Runs a TypeScript entry point (`cli/main.ts`, `scripts/drill.ts`) in its own
 * Node process with stdout and stderr piped, as a user's shell or CI would.
 * The environment is only `PATH`, a `HOME` and `env`: none of the caller's
 * AWS settings, and not `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED`,
 * so the program's own handling of the SDK's warning is what is seen.
 */
export function runTs(
  entry: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: emptyHome(),
        ...(process.env.MOTO_PYTHON ? { MOTO_PYTHON: process.env.MOTO_PYTHON } : {}),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The widest line, in characters. */
export function widestLine(text: string): number {
  return Math.max(0, ...text.split("\n").map((line) => [...line].length));
}
