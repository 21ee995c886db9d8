import {
  act,
  auditRecords,
  overlapWindowEndIso,
  recordConsumerFallback,
} from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";

interface Revocation {
  action: string;
  reason: string;
  keyId?: string;
  despiteUse?: boolean;
}

describe("revocation of the previous key inside its overlap window", () => {
  const s = useScenario("revoke-window", { overlapHours: 24 });

  it("waits and revokes nothing", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");

    // Act
    const report = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

    // Assess
    const windowEnd = await overlapWindowEndIso(s.world);
    expect(report.lifecycle.revocation).toEqual({
      action: "waiting",
      reason: `the AWSPREVIOUS key is inside its overlap window until ${windowEnd}`,
      keyId: previous?.keyId,
    });
    expect(s.world.sim.isKeyAccepted(previous?.apiKey ?? "")).toBe(true);
    await s.expectInvariants();
  });
});

describe("revocation of the previous key after its overlap window", () => {
  const s = useScenario("revoke-after", {
    overlapHours: 0,
    env: { ROTATION_USAGE_QUIET_MINUTES: "1" },
  });

  it("revokes it once, then reports it already revoked", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");

    // Act
    const first = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");
    const second = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

    // Assess
    expect(first.lifecycle.revocation).toEqual({
      action: "revoked",
      reason: "overlap window over and no use seen",
      keyId: previous?.keyId,
      despiteUse: false,
    });
    expect(second.lifecycle.revocation).toEqual({
      action: "none",
      reason: "the AWSPREVIOUS key is already revoked",
      keyId: previous?.keyId,
    });
    expect(s.world.sim.isKeyAccepted(previous?.apiKey ?? "")).toBe(false);
    expect(s.world.sim.isKeyAccepted((await s.world.readValue("AWSCURRENT"))?.apiKey ?? "")).toBe(
      true,
    );
    expect(auditRecords(s.output.lines()).filter((a) => a.event === "revocation")).toMatchObject([
      { event: "revocation", keyId: previous?.keyId, trigger: "schedule", outcome: "revoked" },
    ]);
    await s.expectInvariants();
  });

  it("waits while consumers still fall back to the previous key, and revokes once they stop", async () => {
    // Prepare: consumers used the previous key 50 s ago; the quiet period is 1 minute.
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");
    await recordConsumerFallback(s.world.secretName, new Date(Date.now() - 50_000));

    // Act
    const during = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const after = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

    // Assess
    expect(during.lifecycle.revocation.action).toBe("waiting");
    expect(during.lifecycle.revocation.reason).toMatch(
      /^the AWSPREVIOUS key is still in use \(consumers fell back to it 1 time\(s\) in the last 1 minutes\); revocation waits until it is unused or until the hard limit at .+Z$/,
    );
    expect(after.lifecycle.revocation).toMatchObject({ action: "revoked", keyId: previous?.keyId });
    expect(s.output.text()).toContain('"RevocationDeferred"');
    await s.expectInvariants();
  }, 30_000);
});

describe("the hard limit on waiting for an unused previous key", () => {
  const s = useScenario("revoke-hard", {
    overlapHours: 0,
    env: { ROTATION_REVOKE_HARD_LIMIT_HOURS: "0", ROTATION_USAGE_QUIET_MINUTES: "5" },
  });

  it("revokes while still in use, and says so", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");
    await recordConsumerFallback(s.world.secretName, new Date(Date.now() - 30_000));

    // Act
    const report = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

    // Assess
    expect(report.lifecycle.revocation).toEqual({
      action: "revoked",
      reason: "hard limit of 0 h past the overlap window reached while still in use",
      keyId: previous?.keyId,
      despiteUse: true,
    });
    expect(s.output.text()).toContain('"RevokedDespiteUse"');
    await s.expectInvariants();
  });
});
