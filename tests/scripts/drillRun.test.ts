import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../harness/moto/motoLauncher";
import { ANSI, emptyHome, runTs, widestLine, type ProcessResult } from "./childProcess";

/**
 * The drill end to end, as `npm start -- …` runs it: its own process, its
 * own moto, piped output. Each run takes a few seconds, so there are three.
 */
const drill = (args: readonly string[], env: Record<string, string> = {}) =>
  runTs("scripts/drill.ts", args, env);

/** The timeline's rows: lines starting with a rotation number or the retry arrow. */
const timelineRows = (stdout: string) =>
  stdout.split("\n").filter((line) => /^ {0,1}\d+ {2}|^ {4}↳ /.test(line));

function expectPlainNarrowOutput(result: ProcessResult): void {
  expect(result.stdout).not.toMatch(ANSI);
  expect(result.stderr).not.toMatch(ANSI);
  expect(widestLine(result.stdout)).toBeLessThanOrEqual(100);
  expect(result.stdout + result.stderr).not.toContain("NodeVersionSupportWarning");
}

describe("the drill", () => {
  it("--vendor sendgrid with NO_COLOR: 4 rotations, the crash marked as intended, no ANSI, ≤ 100 columns", async () => {
    // Act
    const result = await drill(["--vendor", "sendgrid"], { NO_COLOR: "1" });

    // Assess
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expectPlainNarrowOutput(result);
    const lines = result.stdout.split("\n");
    const starting = lines.indexOf(
      "Starting moto (local Secrets Manager) and the sendgrid simulator…",
    );
    expect(starting).toBeGreaterThan(0);
    expect(lines[starting + 1]).toMatch(/^✓ ready in \d+\.\d s$/);
    const rows = timelineRows(result.stdout);
    expect(rows.map((row) => row.slice(0, 30).trimEnd())).toEqual([
      " 1  first key (empty secret)",
      " 2  scheduled",
      " 3  new key slow to activate",
      " 4  crash after vendor create",
      "    ↳ retry, same token",
    ]);
    expect(rows.map((row) => row.slice(77).trim())).toEqual([
      "✓ promoted",
      "✓ promoted",
      "✓ promoted",
      "↯ crashed, as intended",
      "✓ promoted",
    ]);
    expect(result.stdout).toContain("↯ Rotation 4 crashed on purpose:");
    expect(result.stdout).not.toContain("✗");
    expect(lines.at(-2)).toBe(
      "✓ 4 rotations, all as planned (the crash was on purpose and recovered).",
    );
  });

  it("--vendor twilio --rotations 1 runs exactly one rotation; piped output has no colour", async () => {
    // Act
    const result = await drill(["--vendor", "twilio", "--rotations", "1"]);

    // Assess
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expectPlainNarrowOutput(result);
    expect(timelineRows(result.stdout).map((row) => row.slice(0, 30).trimEnd())).toEqual([
      " 1  first key (empty secret)",
    ]);
    expect(result.stdout).toMatch(/^SK[0-9a-f]{32} +1 {2}AWSCURRENT$/m);
    expect(result.stdout).toContain("\n✓ 1 rotation, all as planned.\n");
  });

  it("against an unreachable vendor: stops at the failed step and prints its root cause", async () => {
    // Prepare: a port nothing listens on, and a well-formed service account
    const port = await freePort();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const serviceAccount = path.join(emptyHome(), "service-account.json");
    writeFileSync(
      serviceAccount,
      JSON.stringify({
        private_key_id: "drill-test",
        private_key: privateKey.export({ type: "pkcs8", format: "pem" }),
      }),
    );

    // Act
    const result = await drill([
      "--vendor-base-url",
      `http://127.0.0.1:${port}`,
      "--application-id",
      "app-1",
      "--service-account",
      serviceAccount,
    ]);

    // Assess
    expect(result.code).toBe(1);
    expectPlainNarrowOutput(result);
    expect(result.stderr).toMatch(
      new RegExp(
        "^error: rotation 1 \\(first key \\(empty secret\\)\\) failed at createSecret: " +
          `nylas [^\\n]*ECONNREFUSED 127\\.0\\.0\\.1:${port}\\n$`,
      ),
    );
    expect(timelineRows(result.stdout)).toHaveLength(1);
    expect(result.stdout).toContain(
      "\n✗ Rotation 1 (first key (empty secret)) failed at createSecret:\n",
    );
    expect(result.stdout).toContain("ECONNREFUSED");
    expect(result.stdout + result.stderr).not.toContain("A previous rotation isn't complete");
  });
});
