/**
 * The resources one `RotatedApiKey` registers, recorded under Pulumi mocks
 * (the same recording mocks the component tests use). The cost model prices
 * these; the docs generator lists the alarms from them.
 */
import { RotatedApiKey, type RotatedApiKeyArgs } from "../../components";
import { installPulumiMocks, settle, type PulumiMocks } from "../../tests/components/pulumiMocks";

/** One registered resource: its type token, name and inputs. */
export interface KeyResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** The resources of one component, and the plain figures the usage model reads from it. */
export interface KeyDeployment {
  readonly resources: readonly KeyResource[];
  /** The longest time between two rotations (the component's output). */
  readonly rotationIntervalHours: number;
}

let mocks: PulumiMocks | undefined;

/**
 * Constructs a `RotatedApiKey` under Pulumi mocks and returns the custom
 * resources it registered. Replaces any mocks set before in this process.
 * Needs the Lambda bundle (`npm run build`): the component checks it exists.
 */
export async function deployUnderMocks(
  name: string,
  args: RotatedApiKeyArgs,
): Promise<KeyDeployment> {
  mocks ??= installPulumiMocks("cost-model", "cost-model");
  mocks.reset();
  const key = new RotatedApiKey(name, args);
  await settle(key);
  return {
    resources: mocks.resources
      .filter((r) => r.custom)
      .map(({ type, name: resourceName, inputs }) => ({ type, name: resourceName, inputs })),
    rotationIntervalHours: key.rotationIntervalHours,
  };
}
