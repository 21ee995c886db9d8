import { motoEndpoint } from "../../../harness/aws/motoClients";
import { createFleetWorld, type FleetWorld } from "../../../harness/fleetOps/fleetWorld";
import { startStepPool, type StepPool } from "../../../harness/fleetOps/stepPool";

jest.setTimeout(120_000);

describe("the step pool", () => {
  let world: FleetWorld;
  let pool: StepPool;

  beforeAll(async () => {
    world = await createFleetWorld(motoEndpoint(), "step-pool", { size: 2 });
    pool = startStepPool(world, { workers: 3 });
  });
  afterAll(async () => {
    await pool.close();
    await world.stop();
  });

  it("shares the workers out per vendor and starts them all when warmed", async () => {
    // Act
    await pool.warm();
    // Assess: 3 over two vendors, the first vendor gets the odd one
    expect(pool.workersPerVendor).toEqual({ sendgrid: 2, datadog: 1 });
    expect(pool.pids()).toHaveLength(3);
    expect(new Set(pool.pids()).size).toBe(3);
    expect(pool.pids()).not.toContain(process.pid);
  });

  it("throws a failed step's error as the handler's, and counts it", async () => {
    // Prepare
    pool.resetStats();
    const secret = world.secrets[0];
    if (secret === undefined) throw new Error("the world has no secret");
    const handler = pool.handlerFor(secret);
    // Act
    const result = handler({
      Step: "createSecret",
      SecretId: secret.arn,
      ClientRequestToken: "00000000-0000-4000-8000-000000000000",
    });
    // Assess: the worker's error, name and message, as the bundle threw it (the secret never rotated yet)
    await expect(result).rejects.toMatchObject({
      name: "InvalidEventError",
      message: `Secret ${secret.name} is not enabled for rotation; enable rotation (RotateSecret with a Lambda ARN) before invoking createSecret.`,
    });
    expect(pool.stats()).toMatchObject({ invocations: 1, failures: 1, peakInFlight: 1 });
  });
});
