import { overlapWindowEndIso, recordConsumerFallback } from "../../harness/lifecycle";
import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";

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
      const windowEnd = await overlapWindowEndIso(s.world);
      expect(outcome.error?.message).toBe(
        `${s.world.vendor} has reached its cap of active keys (2 active) and none may be revoked to make room: ` +
          `AWSCURRENT (${current?.keyId}), AWSPREVIOUS (${previous?.keyId}, inside its overlap window until ${windowEnd}, or still in use), ` +
          `0 other key(s), inside a window or not created by this secret. ` +
          `Nothing was revoked. Revoke an unused key at the vendor, or rotate again after the overlap window ends.`,
      );
      expect(s.world.sim.keys().map((k) => k.status)).toEqual(["active", "active"]);
      await s.expectInvariants();
    });
  });

  describe("once the previous key's overlap window and the hard limit are over", () => {
    const s = useScenario(`cap-expired-${vendor}`, {
      vendor,
      maxActiveKeys: 2,
      overlapHours: 0,
      env: { ROTATION_REVOKE_HARD_LIMIT_HOURS: "0" },
    });

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

  describe("once the overlap window is over but consumers still use the previous key", () => {
    const s = useScenario(`cap-in-use-${vendor}`, {
      vendor,
      maxActiveKeys: 2,
      overlapHours: 0,
      // Set explicitly: worlds share process.env, and the block above sets 0.
      env: { ROTATION_REVOKE_HARD_LIMIT_HOURS: "72" },
    });

    it("refuses like scheduled revocation would, and revokes nothing", async () => {
      // Prepare: the window is over (0 h) and a consumer fell back to the previous key just now.
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      const previous = await s.world.readValue("AWSPREVIOUS");
      await recordConsumerFallback(s.world.secretName, new Date(Date.now() - 30_000));

      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect(outcome.error?.name).toBe("VendorCapacityError");
      expect(s.world.sim.keys().find((k) => k.id === previous?.keyId)?.status).toBe("active");
      expect(s.world.sim.activeKeys()).toHaveLength(2);
      await s.expectInvariants();
    });
  });

  describe("when the create after making room loses its answer (defect 12)", () => {
    const s = useScenario(`cap-sweep-${vendor}`, {
      vendor,
      maxActiveKeys: 2,
      overlapHours: 0,
      env: { ROTATION_REVOKE_HARD_LIMIT_HOURS: "0" },
    });

    it("revokes the key that second create made, so nothing is left live under the token", async () => {
      // Prepare: the cap is full; the next create (after room is made) succeeds at the vendor but its answer is lost.
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      const current = await s.world.readValue("AWSCURRENT");
      s.world.sim.faults.dropAfterCreate(1);

      // Act
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

      // Assess
      expect(outcome.failedStep).toBe("createSecret");
      const forToken = s.world.sim.keys().filter((k) => k.name.endsWith(outcome.token));
      expect(forToken.map((k) => k.status)).toEqual(["revoked"]);
      expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
      await s.expectInvariants();
    });
  });
});
