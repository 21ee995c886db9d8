import { useScenario } from "../support/scenario";

describe("first rotation on an empty secret", () => {
  const s = useScenario("first");

  it("creates, verifies and promotes the first vendor key", async () => {
    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect({ failedStep: outcome.failedStep, error: outcome.error?.message }).toEqual({});
    expect(outcome.steps.map((step) => step.step)).toEqual([
      "createSecret",
      "setSecret",
      "testSecret",
      "finishSecret",
    ]);
    const current = await s.world.readValue("AWSCURRENT");
    expect(current?.versionId).toBe(outcome.token);
    expect(current?.rotationToken).toBe(outcome.token);
    expect(s.world.sim.activeKeys().map((k) => k.id)).toEqual([current?.keyId]);
    expect(await s.world.readValue("AWSPENDING")).toBeUndefined();
    expect(await s.world.readValue("AWSPREVIOUS")).toBeUndefined();
    await s.expectInvariants();
  });
});
