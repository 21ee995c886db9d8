import { STEPS } from "../../harness/orchestrator";
import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";

describe.each(SIMULATED_VENDORS)("every step invoked twice (%s)", (vendor) => {
  const s = useScenario(`twice-${vendor}`, { vendor });

  it("has the same effect as invoking each step once", async () => {
    // Prepare: one completed rotation, then RotateSecret for a second one.
    const first = await s.world.orchestrator.rotate(s.world.secretArn);
    expect(first.error).toBeUndefined();
    const token = await s.world.orchestrator.begin(s.world.secretArn);

    // Act: every step twice, in order.
    for (const step of STEPS) {
      await s.world.orchestrator.invoke(s.world.secretArn, token, step);
      await s.world.orchestrator.invoke(s.world.secretArn, token, step);
    }
    await s.world.orchestrator.complete(s.world.secretArn, token);

    // Assess
    expect(s.world.sim.keys()).toHaveLength(2);
    expect(s.world.sim.requests.filter((r) => r.operation === "create")).toHaveLength(2);
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(token);
    expect((await s.world.readValue("AWSPREVIOUS"))?.versionId).toBe(first.token);
    await s.expectInvariants();
  });

  it("treats a late retry of a finished rotation as done", async () => {
    // Prepare
    const current = await s.world.readValue("AWSCURRENT");
    const keysBefore = s.world.sim.keys().length;

    // Act
    const retry = await s.world.orchestrator.retry(s.world.secretArn, current?.versionId ?? "");

    // Assess
    expect(retry.error).toBeUndefined();
    expect(s.world.sim.keys()).toHaveLength(keysBefore);
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(current?.versionId);
    await s.expectInvariants();
  });
});
