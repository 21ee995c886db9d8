import { RotationFleet, type RotationFleetArgs } from "../../../components/fleet";
import { ADMIN_SECRET_ARN } from "../componentArgs";
import { settle, type PulumiMocks } from "../pulumiMocks";

/** The fewest arguments of a fleet. */
export const fleetArgs: RotationFleetArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "app-123" },
  adminCredentialSecretArn: ADMIN_SECRET_ARN,
  tags: { owner: "platform-team", purpose: "every nylas key", environment: "test" },
};

/** Constructs a fleet on freshly reset mocks and waits until its children are registered. */
export async function deployFleet(
  mocks: PulumiMocks,
  name: string,
  args: RotationFleetArgs = fleetArgs,
): Promise<RotationFleet> {
  mocks.reset();
  const fleet = new RotationFleet(name, args);
  await settle(fleet);
  if (fleet.monitoring !== undefined) await settle(fleet.monitoring);
  return fleet;
}
