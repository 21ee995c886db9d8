import { keyNameFor } from "../../../lambdas/engine/core/keyNames";
import { act } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";
import type { NylasVendorSimulator } from "../../../harness/simulators/nylas/nylasVendorSimulator";

describe("reconciliation", () => {
  const s = useScenario("reconcile", {
    overlapHours: 24,
    stepTimeoutMs: { testSecret: 6_000 },
    env: { ROTATION_ORPHAN_SAFETY_MINUTES: "0", ROTATION_STALE_PENDING_HOURS: "0" },
  });

  it("revokes an orphaned key of this secret and leaves other keys alone", async () => {
    // Prepare: a key named for this secret under a token that was never stored, and someone else's key.
    await s.world.orchestrator.rotate(s.world.secretArn);
    const nylas = (s.world.sim as NylasVendorSimulator).nylas;
    const orphan = nylas.seedKey(
      keyNameFor("rotated", s.world.secretArn, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"),
    );
    const foreign = nylas.seedKey("production-key-2026-01-01");

    // Act
    const report = await act<{ lifecycle: { reconciliation: { orphansRevoked: string[] } } }>(
      s.world,
      "maintain",
    );

    // Assess
    expect(report.lifecycle.reconciliation.orphansRevoked).toEqual([orphan.id]);
    expect(s.world.sim.keys().find((k) => k.id === foreign.id)?.status).toBe("active");
    await s.expectInvariants();
  });

  it("clears an abandoned AWSPENDING and revokes its key, so the next rotation can start", async () => {
    // Prepare: a rotation whose new key never works leaves AWSPENDING behind.
    s.world.sim.faults.activationDelayMs = Number.POSITIVE_INFINITY;
    const failed = await s.world.orchestrator.rotate(s.world.secretArn);
    expect(failed.failedStep).toBe("testSecret");
    const stuck = await s.world.readValue("AWSPENDING");
    await expect(s.world.orchestrator.rotate(s.world.secretArn)).rejects.toThrow(
      /A previous rotation isn't complete/,
    );
    s.world.sim.faults.activationDelayMs = 0;

    // Act
    const report = await act<{ lifecycle: { reconciliation: { stalePendingCleared?: string } } }>(
      s.world,
      "maintain",
    );
    const next = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(report.lifecycle.reconciliation.stalePendingCleared).toBe(failed.token);
    expect(s.world.sim.keys().find((k) => k.id === stuck?.keyId)?.status).toBe("revoked");
    expect(next.error).toBeUndefined();
    await s.expectInvariants();
  });
});
