import { act, promotionRecord } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";
import { shiftedClock } from "../../../harness/shiftedClock";

interface Revocation {
  action: string;
  reason: string;
  keyId?: string;
}

const HOUR = 3_600_000;

describe("the overlap window of a rotation that was promoted long after its key was made", () => {
  // SendGrid: its requests carry no signed timestamps, which a shifted clock would invalidate.
  const s = useScenario("window-promotion", {
    vendor: "sendgrid",
    overlapHours: 24,
    env: { ROTATION_USAGE_QUIET_MINUTES: "1", ROTATION_REVOKE_HARD_LIMIT_HOURS: "72" },
  });

  it("runs from the promotion, so the previous key survives the next maintenance run", async () => {
    // Prepare: the second rotation's key is made now, but finishSecret only succeeds 30 h later
    // (testSecret kept failing and Secrets Manager retried).
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const previous = await s.world.readValue("AWSCURRENT");
    const token = await s.world.orchestrator.begin(s.world.secretArn);
    for (const step of ["createSecret", "setSecret", "testSecret"]) {
      await s.world.orchestrator.invoke(s.world.secretArn, token, step);
    }
    const clock = shiftedClock();
    try {
      clock.shift(30 * HOUR);
      await s.world.orchestrator.invoke(s.world.secretArn, token, "finishSecret");
      await s.world.orchestrator.complete(s.world.secretArn, token);
      const promoted = await promotionRecord(s.world);
      clock.shift(HOUR);

      // Act
      const report = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

      // Assess
      const created = (await s.world.readValue("AWSCURRENT"))?.createdAt ?? "";
      expect(Date.parse(promoted?.at ?? "") - Date.parse(created)).toBeGreaterThanOrEqual(
        30 * HOUR,
      );
      expect(promoted?.versionId).toBe(token);
      expect(report.lifecycle.revocation).toEqual({
        action: "waiting",
        reason: `the AWSPREVIOUS key is inside its overlap window until ${new Date(Date.parse(promoted?.at ?? "") + 24 * HOUR).toISOString()}`,
        keyId: previous?.keyId,
      });
      expect(s.world.sim.isKeyAccepted(previous?.apiKey ?? "")).toBe(true);
    } finally {
      clock.restore();
    }
  });
});
