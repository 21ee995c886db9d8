/**
 * The local drill (`npm start`): the rotation engine end to end with no AWS
 * account. It starts moto (Secrets Manager) and a Nylas simulator, provisions
 * the secret as `RotatedApiKey` would, runs rotations through the bundled
 * handler the way Secrets Manager drives it — including a slow-to-activate key
 * and a crash between creating and storing a key — and prints a timeline.
 *
 * Rehearsal against the real vendor (Secrets Manager stays local):
 *   npm start -- --vendor-base-url https://api.us.nylas.com \
 *     --application-id <app id> --service-account ./service-account.json
 * Keys the drill creates at the vendor are named `drill-…` and revoked at the end.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { startMoto } from "../harness/moto/motoLauncher";
import { provisionLocalRotation, type LocalRotation } from "../harness/localRotation";
import { readStage } from "../harness/rotationWorld";
import { captureOutput } from "../harness/captureOutput";
import type { RotationOutcome } from "../harness/orchestrator";
import {
  startNylasSimulator,
  type NylasSimulator,
} from "../harness/simulators/nylas/nylasSimulator";
import { NylasAdapter } from "../lambdas/vendors/nylas/nylasAdapter";
import { nylasAdminCredentialSchema, nylasOptionsSchema } from "../lambdas/vendors/nylas/options";

const { values: args } = parseArgs({
  options: {
    rotations: { type: "string", default: "3" },
    "vendor-base-url": { type: "string" },
    "application-id": { type: "string" },
    "service-account": { type: "string" },
    "overlap-hours": { type: "string", default: "24" },
    "key-ttl-days": { type: "string", default: "90" },
    help: { type: "boolean", default: false },
  },
});

const LOG_FILE = path.join(__dirname, "..", "dist", "drill-logs.jsonl");

interface Row {
  readonly label: string;
  readonly outcome: RotationOutcome;
}

async function main(): Promise<void> {
  if (args.help) {
    console.log(
      readFileSync(__filename, "utf8")
        .split("*/")[0]
        ?.replace(/^\/\*\*|^ \* ?/gm, "") ?? "",
    );
    return;
  }
  const realVendor = args["vendor-base-url"] !== undefined;
  const rotations = positiveInt(args.rotations ?? "3", "--rotations");
  console.log(`Starting moto (Secrets Manager)${realVendor ? "" : " and the Nylas simulator"}…`);
  const moto = await startMoto();
  let sim: NylasSimulator | undefined;
  try {
    let vendorOptions: Record<string, unknown>;
    let adminCredentialJson: string;
    if (realVendor) {
      vendorOptions = nylasOptionsSchema.parse({
        applicationId: args["application-id"],
        baseUrl: args["vendor-base-url"],
      });
      if (args["service-account"] === undefined)
        throw new Error("--service-account <file> is required with --vendor-base-url");
      adminCredentialJson = readFileSync(args["service-account"], "utf8");
      nylasAdminCredentialSchema.parse(JSON.parse(adminCredentialJson));
    } else {
      sim = await startNylasSimulator();
      vendorOptions = { applicationId: sim.applicationId, baseUrl: sim.baseUrl };
      adminCredentialJson = sim.serviceAccountJson;
    }
    const local = await provisionLocalRotation({
      label: "drill",
      vendor: "nylas",
      motoEndpoint: moto.endpoint,
      handlerEndpoint: moto.endpoint,
      adminCredentialJson,
      vendorOptions,
      overlapHours: positiveInt(args["overlap-hours"] ?? "24", "--overlap-hours"),
      keyTtlDays: positiveInt(args["key-ttl-days"] ?? "90", "--key-ttl-days"),
      keyNamePrefix: "drill",
      stepTimeoutMs: { createSecret: 60_000, testSecret: 30_000 },
    });
    console.log(`Secret ${local.secretName} created with no value, as RotatedApiKey leaves it.\n`);
    const rows = await runRotations(local, sim, rotations);
    printTimeline(rows);
    await printKeys(local, sim);
    await printMaintenance(local);
    if (realVendor) await cleanUpRealVendor(local, vendorOptions, adminCredentialJson);
    const failed = rows.filter((r) => !r.outcome.ok && !r.label.includes("crash"));
    if (failed.length > 0) {
      process.exitCode = 1;
      console.error(
        `${failed.length} rotation(s) failed; see ${path.relative(process.cwd(), LOG_FILE)}.`,
      );
    }
  } finally {
    await sim?.close();
    await moto.stop();
  }
}

async function runRotations(
  local: LocalRotation,
  sim: NylasSimulator | undefined,
  count: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const output = captureOutput();
  try {
    rows.push({
      label: "first key (empty secret)",
      outcome: await local.orchestrator.rotate(local.secretArn),
    });
    for (let i = 1; i < count; i++) {
      rows.push({
        label: `scheduled #${i + 1}`,
        outcome: await local.orchestrator.rotate(local.secretArn),
      });
    }
    if (sim) {
      sim.faults.activationDelayMs = 1_500;
      rows.push({
        label: "new key slow to activate",
        outcome: await local.orchestrator.rotate(local.secretArn),
      });
      sim.faults.activationDelayMs = 0;
      sim.faults.dropAfterCreate(1);
      const crashed = await local.orchestrator.rotate(local.secretArn);
      rows.push({ label: "crash after vendor create", outcome: crashed });
      rows.push({
        label: "retry, same token",
        outcome: await local.orchestrator.retry(local.secretArn, crashed.token),
      });
    }
  } finally {
    output.restore();
    writeFileSync(LOG_FILE, output.text());
  }
  return rows;
}

function printTimeline(rows: readonly Row[]): void {
  const table = new Table({
    head: [
      "#",
      "rotation",
      "token",
      "createSecret",
      "setSecret",
      "testSecret",
      "finishSecret",
      "result",
    ],
  });
  rows.forEach((row, i) => {
    const ms = (step: string) => {
      const t = row.outcome.steps.find((s) => s.step === step);
      return t === undefined ? "-" : `${t.error ? "✗ " : ""}${Math.round(t.ms)} ms`;
    };
    table.push([
      String(i + 1),
      row.label,
      row.outcome.token.slice(0, 8),
      ms("createSecret"),
      ms("setSecret"),
      ms("testSecret"),
      ms("finishSecret"),
      row.outcome.ok ? "✓ promoted" : `✗ ${row.outcome.error?.message.slice(0, 60) ?? "failed"}`,
    ]);
  });
  console.log("Timeline (each step run by the bundled handler, as Secrets Manager invokes it):");
  console.log(table.toString());
}

async function printKeys(local: LocalRotation, sim: NylasSimulator | undefined): Promise<void> {
  const current = await readStage(local.client, local.secretArn, "AWSCURRENT");
  const previous = await readStage(local.client, local.secretArn, "AWSPREVIOUS");
  const table = new Table({ head: ["vendor key id", "name", "state"] });
  const keys =
    sim?.keys() ??
    [current, previous].flatMap((v) =>
      v ? [{ id: v.keyId, name: v.keyName, status: "active" }] : [],
    );
  for (const key of keys) {
    const state =
      key.id === current?.keyId
        ? "AWSCURRENT"
        : key.id === previous?.keyId
          ? "AWSPREVIOUS (inside overlap window)"
          : key.status === "revoked"
            ? "revoked (crash recovery)"
            : "older version, awaiting revocation";
    table.push([key.id, key.name, state]);
  }
  console.log("\nVendor keys (secrets are never printed):");
  console.log(table.toString());
  console.log(`\nHandler logs and EMF metrics: ${path.relative(process.cwd(), LOG_FILE)}`);
}

/** One scheduled maintenance run, as EventBridge would trigger it: what it decided about the previous key. */
async function printMaintenance(local: LocalRotation): Promise<void> {
  const output = captureOutput();
  let report: { lifecycle?: { revocation?: { action: string; reason: string } } } | undefined;
  try {
    report = (await local.handler({ action: "maintain" })) as typeof report;
  } finally {
    output.restore();
  }
  const revocation = report?.lifecycle?.revocation;
  console.log(
    `\nMaintenance run (hourly in AWS): previous key ${revocation?.action ?? "?"} — ${revocation?.reason ?? "no report"}.`,
  );
}

async function cleanUpRealVendor(
  local: LocalRotation,
  options: Record<string, unknown>,
  credentialJson: string,
): Promise<void> {
  const adapter = new NylasAdapter({
    options: nylasOptionsSchema.parse(options),
    credential: async () => nylasAdminCredentialSchema.parse(JSON.parse(credentialJson)),
  });
  const ours = (await adapter.listKeys()).filter((k) => k.name.startsWith("drill-"));
  for (const key of ours) await adapter.revokeKey(key.id);
  console.log(
    `Revoked the ${ours.length} key(s) the drill created at the vendor (${local.secretName}).`,
  );
}

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${flag} must be a whole number, got "${raw}"`);
  return n;
}

main().catch((error: unknown) => {
  console.error(`drill failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
