import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The esbuild bundle `npm run build` writes: what the component deploys. */
export const BUNDLE_PATH = path.resolve(__dirname, "..", "..", "dist", "rotation", "index.js");

export type RotationHandler = (
  event: unknown,
  context?: { getRemainingTimeInMillis(): number },
) => Promise<void>;

const nodeRequire = createRequire(__filename);

/**
 * Loads a fresh copy of the bundle (a cold start: module state, configuration
 * and caches are new) with `env` applied to `process.env` first. Uses Node's
 * own `require`, so the code that runs is exactly the shipped file.
 */
export function loadBundledHandler(env: Record<string, string>): RotationHandler {
  if (!existsSync(BUNDLE_PATH)) {
    throw new Error(`${BUNDLE_PATH} does not exist: run \`npm run build\` first (npm test does).`);
  }
  Object.assign(process.env, env);
  delete nodeRequire.cache[BUNDLE_PATH];
  const loaded = nodeRequire(BUNDLE_PATH) as { handler?: RotationHandler };
  if (typeof loaded.handler !== "function") throw new Error(`${BUNDLE_PATH} exports no handler`);
  return loaded.handler;
}
