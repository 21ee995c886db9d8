import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { BUNDLE_PATH } from "../bundle";
import { startMoto } from "./motoLauncher";

/** The integration tests run the bundle: refuse to run them against a bundle older than its sources. */
function assertBundleFresh(): void {
  const root = path.resolve(__dirname, "..", "..");
  let bundleTime: number;
  let sources: string[];
  try {
    bundleTime = statSync(BUNDLE_PATH).mtimeMs;
    sources = JSON.parse(
      readFileSync(path.join(path.dirname(BUNDLE_PATH), "sources.json"), "utf8"),
    ) as string[];
  } catch {
    throw new Error(
      `${BUNDLE_PATH} does not exist: run \`npm run build\` (npm test does it first).`,
    );
  }
  const stale = sources.filter((f) => {
    try {
      return statSync(path.join(root, f)).mtimeMs > bundleTime;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    throw new Error(
      `The Lambda bundle is older than ${stale[0]}: run \`npm run build\` (npm test does it first).`,
    );
  }
}

/**
 * Starts one moto server for the whole run and tells the test workers where it
 * is through the environment. Each test file uses its own secrets (unique
 * names), so files do not see each other's state.
 */
export default async function globalSetup(): Promise<void> {
  assertBundleFresh();
  const moto = await startMoto();
  process.env.MOTO_ENDPOINT = moto.endpoint;
  (globalThis as { __MOTO__?: typeof moto }).__MOTO__ = moto;
}
