/**
 * The drill itself: moto as Secrets Manager, a vendor (simulator or real),
 * the secret provisioned as `RotatedApiKey` leaves it, then the planned
 * rotations through the bundled handler, each printed as it finishes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { captureOutput } from "../../harness/captureOutput";
import { startMoto, type MotoServer } from "../../harness/moto/motoLauncher";
import { provisionLocalRotation, type LocalRotation } from "../../harness/localRotation";
import type { RotationOutcome } from "../../harness/orchestrator";
import { readStage } from "../../harness/rotationWorld";
import { maintenanceEvent } from "../../lambdas/contract/events";
import type { DrillOptions } from "./options";
import { withProgress, wrap, type Out } from "./output";
import { planRotations, type PlannedRotation } from "./plan";
import {
  TIMELINE_TITLE,
  failedAt,
  failureDetails,
  intendedCrashNote,
  keysTable,
  rootCause,
  timelineRow,
  timelineTable,
  type Attempt,
  type KeyLine,
} from "./report";
import {
  realVendorTarget,
  revokeDrillKeys,
  simulatorKeys,
  startSimulatedVendor,
  type VendorTarget,
} from "./target";

export const LOG_FILE = path.join(__dirname, "..", "..", "dist", "drill-logs.jsonl");
const SLOW_ACTIVATION_MS = 1_500;

/** Runs the drill; resolves to the exit code (0: every rotation went as planned, 1: one did not). */
export async function runDrill(options: DrillOptions, out: Out): Promise<number> {
  const { style } = out;
  const logFile = path.relative(process.cwd(), LOG_FILE);
  const real = options.target.kind === "real";
  out.line(
    wrap(
      real
        ? `Local drill against the real ${options.target.vendor} API (keys named drill-…, revoked at ` +
            "the end); Secrets Manager is local (moto). No AWS account is used."
        : `Local drill: ${options.target.vendor} simulator, moto as Secrets Manager, the bundled ` +
            "rotation handler. No AWS account or network is used.",
    ),
  );
  const what = real
    ? "Starting moto (local Secrets Manager)"
    : `Starting moto (local Secrets Manager) and the ${options.target.vendor} simulator`;
  const { moto, target } = await withProgress(
    out,
    what,
    () => startServers(options),
    (_, seconds) => `${style.green("✓")} ready in ${seconds} s`,
  );
  const logs = new Logs(LOG_FILE);
  try {
    const local = await provisionLocalRotation({
      label: "drill",
      vendor: target.vendor,
      motoEndpoint: moto.endpoint,
      handlerEndpoint: moto.endpoint,
      adminCredentialJson: target.adminCredentialJson,
      vendorOptions: target.vendorOptions,
      overlapHours: options.overlapHours,
      keyTtlDays: options.keyTtlDays,
      keyNamePrefix: "drill",
      stepTimeoutMs: { createSecret: 60_000, testSecret: 30_000 },
    });
    out.line(wrap(`Secret ${local.secretName} created with no value, as RotatedApiKey leaves it.`));
    out.line();
    const attempts = await runTimeline(options, out, local, target, logs);
    const failed = attempts.find((a) => a.verdict === "failed");
    const crash = attempts.find((a) => a.verdict === "intended");
    if (failed !== undefined) {
      for (const line of failureDetails(style, failed, logFile)) out.line(line);
    } else if (crash !== undefined) {
      out.line(`\n${intendedCrashNote(crash)}`);
    }
    await printKeys(out, local, target, attempts);
    if (failed === undefined) {
      out.line(`\nHandler logs and EMF metrics: ${logFile}`);
      await printMaintenance(out, local, logs);
    }
    if (real) await cleanUpRealVendor(out, target, attempts);
    if (failed !== undefined) {
      out.error(
        `error: rotation ${failed.rotation.number} (${failed.rotation.label}) failed at ` +
          `${failedAt(failed)}: ${rootCause(failed)}`,
      );
      return 1;
    }
    const done = attempts.filter((a) => !a.retry).length;
    out.line(
      `\n${style.green("✓")} ${done} rotation${done === 1 ? "" : "s"}, all as planned` +
        `${crash === undefined ? "" : " (the crash was on purpose and recovered)"}.`,
    );
    return 0;
  } finally {
    logs.flush();
    await target.close();
    await moto.stop();
  }
}

async function startServers(
  options: DrillOptions,
): Promise<{ moto: MotoServer; target: VendorTarget }> {
  const moto = await startMoto();
  try {
    const target =
      options.target.kind === "real"
        ? realVendorTarget(options.target)
        : await startSimulatedVendor(options.target);
    return { moto, target };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}

/** The handler's own output (Powertools logs, EMF metrics), kept out of the report and written to a file. */
class Logs {
  private readonly chunks: string[] = [];

  public constructor(private readonly file: string) {}

  public async capture<T>(work: () => Promise<T>): Promise<T> {
    const output = captureOutput();
    try {
      return await work();
    } finally {
      output.restore();
      this.chunks.push(output.text());
    }
  }

  public flush(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, this.chunks.join(""));
  }
}

/** Runs the plan, printing each row as its rotation finishes; stops at the first unplanned failure. */
async function runTimeline(
  options: DrillOptions,
  out: Out,
  local: LocalRotation,
  target: VendorTarget,
  logs: Logs,
): Promise<Attempt[]> {
  const table = timelineTable(out.style);
  out.line(wrap(TIMELINE_TITLE));
  out.line(table.header());
  const attempts: Attempt[] = [];
  for (const rotation of planRotations(options.rotations, target.sim !== undefined)) {
    const these = await withProgress(out, `rotation ${rotation.number}: ${rotation.label}`, () =>
      logs.capture(() => rotate(local, target, rotation)),
    );
    for (const attempt of these) {
      attempts.push(attempt);
      out.line(timelineRow(table, out.style, attempt));
    }
    if (these.some((a) => a.verdict === "failed")) break;
  }
  return attempts;
}

/** One planned rotation: one attempt, or for the planned crash two (the crash and the retry). */
async function rotate(
  local: LocalRotation,
  target: VendorTarget,
  rotation: PlannedRotation,
): Promise<Attempt[]> {
  const arn = local.secretArn;
  const attempt = (outcome: RotationOutcome, retry = false): Attempt => ({
    rotation,
    retry,
    outcome,
    verdict: outcome.ok ? "promoted" : "failed",
  });
  const sim = target.sim;
  if (rotation.kind === "slow-activation" && sim !== undefined) {
    sim.faults.activationDelayMs = SLOW_ACTIVATION_MS;
    try {
      return [attempt(await started(local, arn))];
    } finally {
      sim.faults.activationDelayMs = 0;
    }
  }
  if (rotation.kind === "crash-then-retry" && sim !== undefined) {
    sim.faults.dropAfterCreate(1);
    const crashed = await started(local, arn);
    sim.faults.clear();
    if (crashed.ok || crashed.failedStep !== "createSecret") {
      return [
        {
          ...attempt(crashed),
          verdict: "failed",
          ...(crashed.ok
            ? { note: "the planned crash after the vendor created a key did not happen" }
            : {}),
        },
      ];
    }
    const crash: Attempt = { ...attempt(crashed), verdict: "intended" };
    return [crash, attempt(await local.orchestrator.retry(arn, crashed.token), true)];
  }
  return [attempt(await started(local, arn))];
}

/**
 * `RotateSecret` and the four steps. A refused `RotateSecret` (no step ran)
 * becomes a failed outcome rather than an exception, so it is reported like
 * any other failure.
 */
async function started(local: LocalRotation, arn: string): Promise<RotationOutcome> {
  const t0 = performance.now();
  try {
    return await local.orchestrator.rotate(arn);
  } catch (error) {
    return {
      token: "",
      ok: false,
      steps: [],
      error: error instanceof Error ? error : new Error(String(error)),
      totalMs: performance.now() - t0,
    };
  }
}

async function printKeys(
  out: Out,
  local: LocalRotation,
  target: VendorTarget,
  attempts: readonly Attempt[],
): Promise<void> {
  const current = await readStage(local.client, local.secretArn, "AWSCURRENT");
  const previous = await readStage(local.client, local.secretArn, "AWSPREVIOUS");
  const keys =
    target.sim === undefined
      ? [current, previous].flatMap((v) =>
          v ? [{ id: v.keyId, name: v.keyName, status: "active" as const }] : [],
        )
      : simulatorKeys(target.sim);
  if (keys.length === 0) {
    out.line(
      target.sim === undefined ? "\nThe secret holds no key yet." : "\nThe simulator holds no key.",
    );
    return;
  }
  const lines: KeyLine[] = keys.map((key) => ({
    id: key.id,
    name: key.name,
    state:
      key.id === current?.keyId
        ? "AWSCURRENT"
        : key.id === previous?.keyId
          ? "AWSPREVIOUS (inside the overlap window)"
          : key.status === "revoked"
            ? "revoked (crash recovery)"
            : "older version, awaiting revocation",
  }));
  out.line(`\nVendor keys (secrets are never printed):`);
  for (const line of keysTable(out.style, lines, attempts)) out.line(line);
}

/** One scheduled maintenance run, as EventBridge triggers it hourly: what it decided about the previous key. */
async function printMaintenance(out: Out, local: LocalRotation, logs: Logs): Promise<void> {
  type Report = { lifecycle?: { revocation?: { action: string; reason: string } } };
  let revocation: { action: string; reason: string } | undefined;
  try {
    const report = (await logs.capture(() =>
      local.handler(maintenanceEvent("maintain")),
    )) as Report;
    revocation = report.lifecycle?.revocation;
  } catch (error) {
    out.line(
      `\n${wrap(`Maintenance run failed: ${error instanceof Error ? error.message : String(error)}`)}`,
    );
    return;
  }
  out.line(
    `\n${wrap(
      `Maintenance run (hourly in AWS): previous key ${revocation?.action ?? "?"} — ` +
        `${revocation?.reason ?? "no report"}.`,
    )}`,
  );
}

async function cleanUpRealVendor(
  out: Out,
  target: VendorTarget,
  attempts: readonly Attempt[],
): Promise<void> {
  const tokens = attempts.map((a) => a.outcome.token).filter((t) => t !== "");
  try {
    const revoked = await revokeDrillKeys(target, tokens);
    out.line(`\nRevoked the ${revoked} key(s) the drill created at ${target.vendor}.`);
  } catch (error) {
    out.line(
      `\n${wrap(
        `Could not revoke the drill's keys at ${target.vendor} (revoke keys named drill-… by hand): ` +
          `${error instanceof Error ? error.message : String(error)}`,
      )}`,
    );
  }
}
