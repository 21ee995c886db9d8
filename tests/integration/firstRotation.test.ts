import { captureOutput, type CapturedOutput } from "../support/captureOutput";
import { invariantViolations } from "../support/invariants";
import { createRotationWorld, type RotationWorld } from "../support/rotationWorld";

describe("first rotation on an empty secret", () => {
  let world: RotationWorld;
  let output: CapturedOutput;

  beforeAll(async () => {
    world = await createRotationWorld("first");
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());
  afterAll(async () => world.stop());

  it("creates, verifies and promotes the first vendor key", async () => {
    // Act
    const outcome = await world.orchestrator.rotate(world.secretArn);

    // Assess
    output.restore();
    expect({ failedStep: outcome.failedStep, error: outcome.error?.message }).toEqual({ failedStep: undefined, error: undefined });
    expect(outcome.steps.map((s) => s.step)).toEqual(["createSecret", "setSecret", "testSecret", "finishSecret"]);
    const current = await world.readValue("AWSCURRENT");
    expect(current?.versionId).toBe(outcome.token);
    expect(current?.rotationToken).toBe(outcome.token);
    expect(world.sim.activeKeys().map((k) => k.id)).toEqual([current?.keyId]);
    expect(await world.readValue("AWSPENDING")).toBeUndefined();
    expect(await world.readValue("AWSPREVIOUS")).toBeUndefined();
    expect(await invariantViolations(world, output.text())).toEqual([]);
  });
});
