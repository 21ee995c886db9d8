import { useScenario } from "../../harness/scenario";

describe("a vendor key that would expire before the next rotation (defect 11)", () => {
  // The orchestrator schedules rotation every 30 days; keys asked to live 1 day cannot cover that.
  const s = useScenario("short-lived", { keyTtlDays: 1, overlapHours: 24 });

  it("is revoked, never stored, and the step fails with a clear error", async () => {
    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(outcome.failedStep).toBe("createSecret");
    expect(outcome.error?.name).toBe("KeyExpiryError");
    const [key] = s.world.sim.keys();
    expect(outcome.error?.message).toMatch(
      new RegExp(
        `^createSecret: nylas issued key ${key?.id}, but it expires at \\S+, before \\S+ \\(the next rotation in 720 h, the 24 h overlap window and a 1 h margin\\)\\. ` +
          "The key was revoked and nothing was stored; AWSCURRENT is unchanged\\. Check the vendor's expiry settings and `keyTtlDays`\\.$",
      ),
    );
    expect(s.world.sim.keys().map((k) => k.status)).toEqual(["revoked"]);
    expect(await s.world.readValue("AWSPENDING")).toBeUndefined();
    await s.expectInvariants();
  });
});
