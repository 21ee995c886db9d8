import { useScenario } from "../support/scenario";
import { SIMULATED_VENDORS } from "../support/simulators";

describe.each(SIMULATED_VENDORS)("the vendor's cap on active keys (%s)", (vendor) => {
  describe("while the previous key is inside its overlap window", () => {
    const s = useScenario(`cap-window-${vendor}`, { vendor, maxActiveKeys: 2, overlapHours: 24 });

    it("refuses with a clear error and revokes nothing", async () => {
      // Prepare: two rotations fill the cap (current + previous in its window).
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      const current = await s.world.readValue("AWSCURRENT");
      const previous = await s.world.readValue("AWSPREVIOUS");

      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect(outcome.failedStep).toBe("createSecret");
      expect(outcome.error?.name).toBe("VendorCapacityError");
      const windowEnd = new Date(
        Date.parse(current?.createdAt ?? "") + 24 * 3_600_000,
      ).toISOString();
      expect(outcome.error?.message).toBe(
        `${s.world.vendor} has reached its cap of active keys (2 active) and none may be revoked to make room: ` +
          `AWSCURRENT (${current?.keyId}), AWSPREVIOUS (${previous?.keyId}, inside its overlap window until ${windowEnd}), ` +
          `0 other key(s), inside a window or not created by this secret. ` +
          `Nothing was revoked. Revoke an unused key at the vendor, or rotate again after the overlap window ends.`,
      );
      expect(s.world.sim.keys().map((k) => k.status)).toEqual(["active", "active"]);
      await s.expectInvariants();
    });
  });

  describe("once the previous key's overlap window is over", () => {
    const s = useScenario(`cap-expired-${vendor}`, { vendor, maxActiveKeys: 2, overlapHours: 0 });

    it("revokes the previous key to make room and rotates", async () => {
      // Prepare
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      const previous = await s.world.readValue("AWSPREVIOUS");

      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect(outcome.error).toBeUndefined();
      expect(s.world.sim.keys().find((k) => k.id === previous?.keyId)?.status).toBe("revoked");
      expect(s.world.sim.activeKeys()).toHaveLength(2);
      await s.expectInvariants();
    });
  });
});
