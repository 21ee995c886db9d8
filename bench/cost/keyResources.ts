/**
 * The resources one `RotatedApiKey` registers, recorded under Pulumi mocks
 * (the same recording mocks the component tests use). The cost model prices
 * these; the docs generator lists the alarms from them.
 */
import {
  RotatedApiKey,
  RotationFleet,
  type RotatedApiKeyArgs,
  type RotationFleetArgs,
} from "../../components";
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

/** A fleet's own resources and one member's, for pricing N members as the fleet once + N × a member. */
export interface FleetDeployment {
  readonly fleet: readonly KeyResource[];
  readonly member: readonly KeyResource[];
  readonly rotationIntervalHours: number;
}

function customResources(): KeyResource[] {
  return (mocks as PulumiMocks).resources
    .filter((r) => r.custom)
    .map(({ type, name: resourceName, inputs }) => ({ type, name: resourceName, inputs }));
}

/**
 * Constructs a `RotationFleet` and one member `RotatedApiKey` (`memberArgs`
 * plus `fleet: fleet.memberArgs`) under Pulumi mocks and returns each one's
 * custom resources. Replaces any mocks set before in this process.
 */
export async function deployFleetUnderMocks(
  name: string,
  fleetArgs: RotationFleetArgs,
  memberArgs: RotatedApiKeyArgs,
): Promise<FleetDeployment> {
  mocks ??= installPulumiMocks("cost-model", "cost-model");
  mocks.reset();
  const fleet = new RotationFleet(name, fleetArgs);
  await settle(fleet);
  if (fleet.monitoring !== undefined) await settle(fleet.monitoring);
  const fleetResources = customResources();
  mocks.reset();
  const key = new RotatedApiKey(`${name}-member`, { ...memberArgs, fleet: fleet.memberArgs });
  await settle(key);
  return {
    fleet: fleetResources,
    member: customResources(),
    rotationIntervalHours: key.rotationIntervalHours,
  };
}

/** The resources of a fleet with `members` members: the fleet's once, the member's `members` times. */
export function fleetOf(deployment: FleetDeployment, members: number): KeyResource[] {
  return [
    ...deployment.fleet,
    ...Array.from({ length: members }, (_, i) =>
      deployment.member.map((r) => ({ ...r, name: `${r.name}-${i}` })),
    ).flat(),
  ];
}
