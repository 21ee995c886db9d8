import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";

describe.each(SIMULATED_VENDORS)("consecutive rotations (%s)", (vendor) => {
  const s = useScenario(`consecutive-${vendor}`, { vendor });

  it("keeps AWSCURRENT and AWSPREVIOUS on the two newest keys across six rotations", async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect({ failedStep: outcome.failedStep, error: outcome.error?.message }).toEqual({});
      tokens.push(outcome.token);
      const current = await s.world.readValue("AWSCURRENT");
      const previous = await s.world.readValue("AWSPREVIOUS");
      expect(current?.versionId).toBe(outcome.token);
      expect(previous?.versionId).toBe(tokens[i - 1]);
      expect(await s.world.readValue("AWSPENDING")).toBeUndefined();
      expect(s.world.sim.keys()).toHaveLength(i + 1);
      expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
      if (previous) expect(s.world.sim.isKeyAccepted(previous.apiKey)).toBe(true);
      expect(current?.keyName).toMatch(new RegExp(`^rotated-[0-9a-f]{10}-${outcome.token}$`));
      await s.expectInvariants();
    }
  });
});
