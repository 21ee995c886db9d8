import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The esbuild bundle `npm run build` writes: what the component deploys. */
export const BUNDLE_PATH = path.resolve(__dirname, "..", "dist", "rotation", "index.js");

export type RotationHandler = (
  event: unknown,
  context?: { getRemainingTimeInMillis(): number },
) => Promise<unknown>;

const nodeRequire = createRequire(__filename);

/** The environment keys the last loaded world set. */
let previousWorldEnv: readonly string[] = [];

/**
 * Loads a fresh copy of the bundle (a cold start: module state, configuration
 * and caches are new) with `env` applied to `process.env` first. The code that
 * runs is exactly the shipped file. Under jest, whose module registry ignores
 * `require.cache`, each load goes through `jest.isolateModules`.
 */
export function loadBundledHandler(env: Record<string, string>): RotationHandler {
  if (!existsSync(BUNDLE_PATH)) {
    throw new Error(`${BUNDLE_PATH} does not exist: run \`npm run build\` first (npm test does).`);
  }
  // The bundle reads its configuration from process.env (some of it at load): a key the previous
  // world set and this one does not (ROTATION_FLEET_NAME, say) must not leak into this function.
  for (const key of previousWorldEnv) if (!(key in env)) delete process.env[key];
  previousWorldEnv = Object.keys(env);
  Object.assign(process.env, env);
  let loaded: { handler?: RotationHandler } = {};
  if (typeof jest === "undefined") {
    delete nodeRequire.cache[BUNDLE_PATH];
    loaded = nodeRequire(BUNDLE_PATH) as typeof loaded;
  } else {
    jest.isolateModules(() => {
      loaded = nodeRequire(BUNDLE_PATH) as typeof loaded;
    });
  }
  if (typeof loaded.handler !== "function") throw new Error(`${BUNDLE_PATH} exports no handler`);
  return loaded.handler;
}
