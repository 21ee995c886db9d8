/**
 * `npx tsx bench/fleetBench.ts`: the fleet figures alone (program time per key
 * for 1,000 keys under mocks, resources per key in each mode), merged into
 * bench/results.json under `fleetScale` beside what other runs wrote.
 * `npm run bench` measures them too.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { measureFleetScale } from "./fleetScale";

const RESULTS = path.join(__dirname, "results.json");

async function main(): Promise<void> {
  const fleetScale = await measureFleetScale(Number(process.env.FLEET_BENCH_KEYS ?? 1_000));
  const previous = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>)
    : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, fleetScale }, null, 2)}\n`);
  console.log(JSON.stringify({ fleetScale }, null, 2));
}

main().catch((error: unknown) => {
  console.error(`fleet bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
