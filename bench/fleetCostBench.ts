/**
 * `npx tsx bench/fleetCostBench.ts`: the fleet's cost figures alone (fleet
 * maintenance measured against moto, then $/key-month for 1, 100 and 1,000
 * members), merged into bench/results.json (`fleetMaintenance`,
 * `costPerKey.fleet`) beside what other runs wrote. `npm run bench` measures
 * them too. Needs `npm run build` first.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startMoto } from "../harness/moto/motoLauncher";
import { fleetCostFigures, fleetCostPerKey } from "./cost/fleetCost";
import { defaultFleetUsage, defaultUsage } from "./cost/usage";
import { fleetMaintenanceBench } from "./fleetMaintenanceBench";

const RESULTS = path.join(__dirname, "results.json");

async function main(): Promise<void> {
  const moto = await startMoto();
  process.env.MOTO_ENDPOINT = moto.endpoint;
  try {
    const fleetMaintenance = await fleetMaintenanceBench();
    const fleet = fleetCostFigures(
      await fleetCostPerKey(defaultUsage(), defaultFleetUsage(fleetMaintenance)),
    );
    const previous = existsSync(RESULTS)
      ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>)
      : {};
    const costPerKey = { ...(previous.costPerKey as Record<string, unknown>), fleet };
    writeFileSync(
      RESULTS,
      `${JSON.stringify({ ...previous, costPerKey, fleetMaintenance }, null, 2)}\n`,
    );
    console.log(JSON.stringify({ fleetMaintenance, costPerKey }, null, 2));
  } finally {
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`fleet cost bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
