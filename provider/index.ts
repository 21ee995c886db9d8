/**
 * The component provider: serves `RotatedApiKey` and `RotationFleet` to
 * every Pulumi language (`pulumi package add`). The schema comes from
 * Pulumi's component analyzer, which reads the components' TypeScript types
 * and TSDoc from this repository's sources.
 */
import * as path from "node:path";
import {
  ComponentProvider,
  componentProviderHost,
  type ComponentProviderOptions,
} from "@pulumi/pulumi/provider/experimental";
import { RotationFleet } from "../components/fleet/rotationFleet";
import { RotatedApiKey } from "../components/rotatedApiKey";

/** The package name: the first part of the components' type tokens (`rotated-api-key:index:RotatedApiKey`). */
export const PROVIDER_NAME = "rotated-api-key";

/**
 * The provider's options: the repository root (package.json, tsconfig.json)
 * and the components. `RotationMonitoring` and `FleetMonitoring` are not
 * served: each is built from its parent's checked plan, not from arguments
 * a program writes.
 */
export function providerOptions(): ComponentProviderOptions {
  return {
    name: PROVIDER_NAME,
    dirname: path.resolve(__dirname, ".."),
    components: [RotatedApiKey, RotationFleet],
  };
}

/** An in-process provider, for tests and tools that want the schema without a plugin host. */
export function createProvider(version?: string): ComponentProvider {
  return new ComponentProvider(
    version === undefined ? providerOptions() : { ...providerOptions(), version },
  );
}

if (require.main === module) {
  void componentProviderHost(providerOptions());
}
