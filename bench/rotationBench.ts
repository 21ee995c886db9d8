import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { BUNDLE_PATH, loadBundledHandler } from "../harness/bundle";
import { RotationOrchestrator } from "../harness/orchestrator";
import { createRotationWorld } from "../harness/rotationWorld";
import { captureOutput } from "../harness/captureOutput";
import { maintenanceEvent } from "../lambdas/contract/events";

export interface RotationBenchResult {
  readonly rotations: number;
  readonly rotationP50Ms: number;
  readonly rotationP95Ms: number;
  readonly secretsManagerCallsPerRotation: number;
  readonly secretsManagerCallsByOperation: Record<string, number>;
  /** Secrets Manager calls of one scheduled maintenance run (`{"action":"maintain"}`), cold handler. */
  readonly secretsManagerCallsPerMaintenanceRun: number;
  readonly vendorCallsPerRotation: number;
  readonly bundleBytes: number;
  readonly coldImportBundleMedianMs: number;
  readonly coldImportSdkMedianMs: number;
  readonly coldImportRatio: number;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Time to `require` a module in a fresh Node process, measured inside that process. */
function coldImportMs(specifier: string): number {
  const child = spawnSync(
    process.execPath,
    [
      "-e",
      `const t=process.hrtime.bigint();require(${JSON.stringify(specifier)});` +
        `process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
    ],
    {
      encoding: "utf8",
      cwd: process.cwd(),
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  if (child.status !== 0) throw new Error(`importing ${specifier} failed: ${child.stderr}`);
  return Number(child.stdout);
}

/**
 * Full rotations (RotateSecret + four steps + AWSPENDING removal) through the
 * bundle against moto and the Nylas simulator. Latency is measured with a warm
 * handler; Secrets Manager calls are counted on the wire (a loopback proxy in
 * front of moto that the bundle's own SDK client talks to) with a cold handler
 * per rotation, as rotations days apart would run, so the admin-credential
 * read is included.
 */
export async function rotationBench(
  rotations = 50,
  countedRotations = 10,
): Promise<RotationBenchResult> {
  const output = captureOutput();
  const world = await createRotationWorld("bench", { overlapHours: 0, maxActiveKeys: 1000 });
  try {
    const durations: number[] = [];
    for (let i = 0; i < rotations; i++) {
      const outcome = await world.orchestrator.rotate(world.secretArn);
      if (!outcome.ok) throw outcome.error ?? new Error("rotation failed");
      durations.push(outcome.totalMs);
    }
    world.proxy.resetCounts();
    world.sim.reset();
    for (let i = 0; i < countedRotations; i++) {
      const cold = new RotationOrchestrator({
        client: world.client,
        handler: loadBundledHandler(world.env),
        rotationLambdaArn: world.rotationLambdaArn,
      });
      const outcome = await cold.retry(world.secretArn, await cold.begin(world.secretArn));
      if (!outcome.ok) throw outcome.error ?? new Error("rotation failed");
      await cold.complete(world.secretArn, outcome.token);
    }
    const handlerCalls = Object.values(world.proxy.counts).reduce((a, b) => a + b, 0);
    // Read before the maintenance measurement below, whose vendor calls are not a rotation's.
    const vendorCalls = world.sim.requests.length;
    const byOperation = Object.fromEntries(
      Object.entries(world.proxy.counts).map(([op, n]) => [op, n / countedRotations]),
    );
    const maintenanceCalls = await maintenanceCallsPerRun(world);
    // Alternate the two so machine load drifts affect both alike.
    const bundleTimes: number[] = [];
    const sdkTimes: number[] = [];
    for (let i = 0; i < 31; i++) {
      bundleTimes.push(coldImportMs(BUNDLE_PATH));
      sdkTimes.push(coldImportMs("@aws-sdk/client-secrets-manager"));
    }
    const bundleMs = percentile(bundleTimes, 50);
    const sdkMs = percentile(sdkTimes, 50);
    return {
      rotations,
      rotationP50Ms: round(percentile(durations, 50)),
      rotationP95Ms: round(percentile(durations, 95)),
      secretsManagerCallsPerRotation: handlerCalls / countedRotations,
      secretsManagerCallsByOperation: byOperation,
      secretsManagerCallsPerMaintenanceRun: maintenanceCalls,
      vendorCallsPerRotation: vendorCalls / countedRotations,
      bundleBytes: statSync(BUNDLE_PATH).size,
      coldImportBundleMedianMs: round(bundleMs),
      coldImportSdkMedianMs: round(sdkMs),
      coldImportRatio: round(bundleMs / sdkMs),
    };
  } finally {
    output.restore();
    await world.stop();
  }
}

/**
 * Secrets Manager calls of a scheduled maintenance run, counted on the wire
 * with a cold handler per run (hourly runs rarely find a warm one), so the
 * admin-credential read is included. The vendor counts are left alone.
 */
export async function maintenanceCallsPerRun(
  world: Awaited<ReturnType<typeof createRotationWorld>>,
  runs = 5,
): Promise<number> {
  world.proxy.resetCounts();
  for (let i = 0; i < runs; i++) {
    await loadBundledHandler(world.env)(maintenanceEvent("maintain"));
  }
  return Object.values(world.proxy.counts).reduce((a, b) => a + b, 0) / runs;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
