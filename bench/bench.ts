/**
 * `npm run bench`: measures the rotation engine (and the component's scale)
 * and writes the figures to bench/results.json. Figures are medians, p95s and
 * ratios, never single timings.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startMoto } from "../harness/moto/motoLauncher";
import { measureComponentScale } from "./componentScale";
import { containBench, type ContainOptions } from "./containBench";
import { consumerBench } from "./consumerBench";
import { costFigures, costPerKey } from "./cost/costPerKey";
import { fleetCostFigures, fleetCostPerKey } from "./cost/fleetCost";
import { defaultFleetUsage, defaultUsage } from "./cost/usage";
import { fleetMaintenanceBench } from "./fleetMaintenanceBench";
import { measureFleetScale } from "./fleetScale";
import { massRotationBench } from "./massRotation";
import { rotationBench } from "./rotationBench";

const RESULTS = path.join(__dirname, "results.json");

/**
 * The out-of-process time-to-contain scenario (`containBench.ts`):
 * `--contain-size N` secrets, `--contain-runs N`, `--contain-workers 4,8,16`
 * (one scenario per count) and `--contain-control` (the same runs in process
 * too); `--contain-only` runs only it, merged into the file.
 */
const { values: args } = parseArgs({
  options: {
    "mass-rotation-only": { type: "boolean" },
    "contain-only": { type: "boolean" },
    "contain-size": { type: "string" },
    "contain-runs": { type: "string" },
    "contain-workers": { type: "string" },
    "contain-control": { type: "boolean" },
  },
});

/** Checked before anything runs, so a mistyped flag does not cost a bench run. */
function containOptions(): ContainOptions {
  const whole = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`\`--${name}\` must be a whole number of at least 1; received ${value}.`);
    }
    return n;
  };
  const size = whole("contain-size", args["contain-size"]);
  const runs = whole("contain-runs", args["contain-runs"]);
  const workers = args["contain-workers"]
    ?.split(",")
    .map((w) => whole("contain-workers", w) as number);
  return {
    ...(size === undefined ? {} : { size }),
    ...(runs === undefined ? {} : { runs }),
    ...(workers === undefined ? {} : { workers }),
    ...(args["contain-control"] === true ? { inProcessControl: true } : {}),
  };
}

/** The results file as it stands (or `{}`), to merge a partial run into. */
function keptResults(): Record<string, unknown> {
  return existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>)
    : {};
}

async function main(): Promise<void> {
  const containArgs = containOptions();
  const moto = await startMoto();
  const contain = { ...containArgs, motoPid: moto.pid };
  process.env.MOTO_ENDPOINT = moto.endpoint;
  try {
    // `npm run bench -- --mass-rotation-only`: only the break-glass figures, merged into the file.
    if (args["mass-rotation-only"] === true || args["contain-only"] === true) {
      const kept = keptResults();
      const before = (kept.massRotation ?? {}) as Record<string, unknown>;
      const massRotation = {
        ...(args["contain-only"] === true ? before : await massRotationBench(moto.endpoint)),
        emergencyOutOfProcess: await containBench(moto.endpoint, contain),
      };
      writeFileSync(RESULTS, `${JSON.stringify({ ...kept, massRotation }, null, 2)}\n`);
      console.log(JSON.stringify(massRotation, null, 2));
      return;
    }
    const rotation = await rotationBench();
    const consumer = await consumerBench({ motoEndpoint: moto.endpoint });
    const component = await measureComponentScale(100);
    // Priced with this run's Secrets Manager call counts, not those of the previous results.
    const usage = {
      ...defaultUsage(),
      secretsManagerCallsPerRotation: rotation.secretsManagerCallsPerRotation,
      secretsManagerCallsPerMaintenanceRun: rotation.secretsManagerCallsPerMaintenanceRun,
    };
    const fleetMaintenance = await fleetMaintenanceBench();
    const cost = {
      ...costFigures(await costPerKey(usage)),
      fleet: fleetCostFigures(await fleetCostPerKey(usage, defaultFleetUsage(fleetMaintenance))),
    };
    const fleetScale = await measureFleetScale(1_000);
    const massRotation = {
      ...(await massRotationBench(moto.endpoint)),
      emergencyOutOfProcess: await containBench(moto.endpoint, contain),
    };
    // Keep what other runs wrote (e.g. `npm run soak`'s modelSoak figures).
    const previous = existsSync(RESULTS)
      ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>)
      : {};
    const results = {
      ...previous,
      measuredAt: new Date().toISOString(),
      node: process.version,
      ...rotation,
      ...consumer,
      componentScale: component,
      costPerKey: cost,
      fleetMaintenance,
      fleetScale,
      massRotation,
      targets: {
        // 9 before issue 10, + the pending read finishSecret checks before promoting, + the promotion record.
        secretsManagerCallsPerRotation: "<= 11",
        // list (leftover sweep before create) + create + verify (testSecret) + verify (finishSecret):
        // safety before call count (issue 10, defects 5 and 8).
        vendorCallsPerRotation: "<= 4",
        coldImportRatio: "<= 1.5",
        // Issue 14: 200 secrets under the 50/s RotateSecret quota, no failure from throttling.
        massRotationStartedPerSecond: ">= 40",
        massRotationFailures: "0",
      },
    };
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
    console.log(`written to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
