import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";

describe.each(SIMULATED_VENDORS)("a new key that never starts working (%s)", (vendor) => {
  const s = useScenario(`inactive-${vendor}`, { vendor, stepTimeoutMs: { testSecret: 9_000 } });

  it("fails testSecret with a clear error and leaves AWSCURRENT working", async () => {
    // Prepare
    const first = await s.world.orchestrator.rotate(s.world.secretArn);
    expect(first.error).toBeUndefined();
    s.world.sim.faults.activationDelayMs = Number.POSITIVE_INFINITY;

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(outcome.failedStep).toBe("testSecret");
    const pending = await s.world.readValue("AWSPENDING");
    expect(outcome.error?.name).toBe("KeyVerificationError");
    expect(outcome.error?.message).toMatch(
      new RegExp(
        `^testSecret: the pending ${s.world.vendor} key ${pending?.keyId} did not work after \\d+ attempt\\(s\\) \\(last: HTTP 40[13]\\); AWSCURRENT is unchanged\\.$`,
      ),
    );
    const verifies = s.world.sim.requests.filter(
      (r) => r.operation === "verify" && (r.status === 401 || r.status === 403),
    );
    expect(verifies.length).toBeGreaterThan(2);
    const current = await s.world.readValue("AWSCURRENT");
    expect(current?.versionId).toBe(first.token);
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
    await s.expectInvariants();
  });

  it("refuses to start another rotation while that one is pending", async () => {
    // Act / Assess
    await expect(s.world.orchestrator.rotate(s.world.secretArn)).rejects.toThrow(
      /^A previous rotation isn't complete \(version [0-9a-f-]{36} holds AWSPENDING\)\. That rotation will be reattempted\.$/,
    );
    await s.expectInvariants();
  });
});
