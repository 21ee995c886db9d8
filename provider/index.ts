/**
 * The component provider: serves `RotatedApiKey` and `RotationFleet` to
 * every Pulumi language (`pulumi package add`). The schema comes from
 * Pulumi's component analyzer, which reads the components' TypeScript types
 * and TSDoc from this repository's sources; `plugin.ts` is the entry Pulumi's
 * Node.js language host runs.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import {
  ComponentProvider,
  type ComponentProviderOptions,
} from "@pulumi/pulumi/provider/experimental";
import { RotationFleet } from "../components/fleet/rotationFleet";
import { RotatedApiKey } from "../components/rotatedApiKey";

/** The package name: the first part of the components' type tokens (`rotated-api-key:index:RotatedApiKey`). */
export const PROVIDER_NAME = "rotated-api-key";

/**
 * The repository root: the nearest folder above `from` with a package.json
 * (`provider/` from the sources, `lib/provider/` once built). It must hold the
 * TypeScript sources and tsconfig.json the analyzer reads.
 */
export function packageRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json in ${from} or any folder above it.`);
    dir = parent;
  }
  if (!existsSync(path.join(dir, "tsconfig.json"))) {
    throw new Error(
      `The rotated-api-key component provider reads the package's TypeScript sources, but ${dir} has no tsconfig.json (an installed npm package ships compiled JavaScript only). Add the package from a clone of its repository: \`pulumi package add <path or URL of the repository>\`.`,
    );
  }
  return dir;
}

/**
 * The provider's options: the repository root (package.json, tsconfig.json)
 * and the components. `RotationMonitoring` and `FleetMonitoring` are not
 * served: each is built from its parent's checked plan, not from arguments
 * a program writes.
 */
export function providerOptions(from?: string): ComponentProviderOptions {
  return {
    name: PROVIDER_NAME,
    dirname: packageRoot(from),
    components: [RotatedApiKey, RotationFleet],
  };
}

/** An in-process provider, for tests and tools that want the schema without a plugin host. */
export function createProvider(version?: string): ComponentProvider {
  return new ComponentProvider(
    version === undefined ? providerOptions() : { ...providerOptions(), version },
  );
}
