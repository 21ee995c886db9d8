/**
 * `npm run bench`: measures the rotation engine (and the component's scale)
 * and writes the figures to bench/results.json. Figures are medians, p95s and
 * ratios, never single timings.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startMoto } from "../harness/moto/motoLauncher";
import { measureComponentScale } from "./componentScale";
import { consumerBench } from "./consumerBench";
import { rotationBench } from "./rotationBench";

const RESULTS = path.join(__dirname, "results.json");

async function main(): Promise<void> {
  const moto = await startMoto();
  process.env.MOTO_ENDPOINT = moto.endpoint;
  try {
    const rotation = await rotationBench();
    const consumer = await consumerBench({ motoEndpoint: moto.endpoint });
    const component = await measureComponentScale(100);
    const results = {
      measuredAt: new Date().toISOString(),
      node: process.version,
      ...rotation,
      ...consumer,
      componentScale: component,
      targets: {
        secretsManagerCallsPerRotation: "<= 9",
        vendorCallsPerRotation: "<= 2",
        coldImportRatio: "<= 1.5",
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
