import { randomUUID } from "node:crypto";
import { RequestTags } from "../../../lambdas/contract/secretTags";
import { act, auditRecords, promotedThenStopped, tagSecret } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";
import { shiftedClock } from "../../../harness/shiftedClock";

describe("rollback while the previous key is valid", () => {
  const s = useScenario("rollback", { overlapHours: 24 });

  it("moves AWSCURRENT back to the previous key and records it", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const good = await s.world.readValue("AWSPREVIOUS");
    const bad = await s.world.readValue("AWSCURRENT");

    // Act
    const report = await act(s.world, "rollback", {
      reason: "new key lacks a scope",
      requestedBy: "bob",
    });

    // Assess
    expect(report).toEqual({
      action: "rolled-back",
      reason: "new key lacks a scope",
      restoredKeyId: good?.keyId,
      rolledBackKeyId: bad?.keyId,
    });
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(good?.versionId);
    expect((await s.world.readValue("AWSPREVIOUS"))?.versionId).toBe(bad?.versionId);
    expect(auditRecords(s.output.lines()).filter((a) => a.event === "rollback")).toMatchObject([
      { event: "rollback", trigger: "cli:bob", oldKeyId: bad?.keyId, newKeyId: good?.keyId },
    ]);
    await s.expectInvariants();
  });

  it("rolls back automatically on a 401-spike alarm only when auto-rollback is on", async () => {
    // Act
    const report = await act(s.world, "autoRollback", { alarmName: "nylas-auth-failures" });

    // Assess
    expect(report).toEqual({
      action: "none",
      reason: "auto-rollback is off (ROTATION_AUTO_ROLLBACK=false)",
    });
  });
});

describe("automatic rollback on a 401 spike right after a rotation", () => {
  const s = useScenario("auto-rollback", {
    overlapHours: 24,
    env: { ROTATION_AUTO_ROLLBACK: "true" },
  });

  it("rolls back and names the alarm", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const good = await s.world.readValue("AWSPREVIOUS");

    // Act
    const report = await act(s.world, "autoRollback", { alarmName: "nylas-auth-failures" });

    // Assess
    expect(report).toMatchObject({ action: "rolled-back", restoredKeyId: good?.keyId });
    expect((report as { reason: string }).reason).toMatch(
      /^401-spike alarm nylas-auth-failures fired \d+ min after rotation$/,
    );
    expect(auditRecords(s.output.lines()).filter((a) => a.event === "rollback")).toMatchObject([
      { event: "rollback", trigger: "alarm:nylas-auth-failures" },
    ]);
    await s.expectInvariants();
  });
});

describe("rollback after the previous key was revoked", () => {
  const s = useScenario("rollback-refused", {
    overlapHours: 0,
    env: { ROTATION_USAGE_QUIET_MINUTES: "1" },
  });

  it("is refused with the reason, and changes nothing", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    await act(s.world, "maintain");
    const current = await s.world.readValue("AWSCURRENT");
    const previous = await s.world.readValue("AWSPREVIOUS");

    // Act / Assess
    await expect(act(s.world, "rollback")).rejects.toThrow(
      `Cannot roll back ${s.world.secretName}: the AWSPREVIOUS key ${previous?.keyId} is already revoked at nylas. Rotate instead.`,
    );
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(current?.versionId);
    await s.expectInvariants();
  });
});

describe("rollback to a key about to expire (defect 7)", () => {
  // OpenAI: keys carry an expiry and its requests no signed timestamps, which a shifted clock would invalidate.
  const s = useScenario("rollback-expiring", {
    vendor: "openai",
    overlapHours: 24,
    keyTtlDays: 90,
  });

  it("is refused, and AWSCURRENT stays where it is", async () => {
    // Prepare: the previous key expires in 30 minutes.
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");
    const current = await s.world.readValue("AWSCURRENT");
    const clock = shiftedClock();
    try {
      clock.shift(Date.parse(previous?.expiresAt ?? "") - Date.now() - 30 * 60_000);

      // Act
      const attempt = act(s.world, "rollback", { reason: "new key lacks a scope" });

      // Assess
      await expect(attempt).rejects.toThrow(
        `Cannot roll back ${s.world.secretName}: the AWSPREVIOUS key ${previous?.keyId} expires at ${previous?.expiresAt}, less than 1 h from now. Rotate instead.`,
      );
      expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(current?.versionId);
    } finally {
      clock.restore();
    }
  });
});

describe("the overdue gauge after a rollback (issue 13, misfire 3)", () => {
  // SendGrid: no signed timestamps (which a shifted clock would invalidate) and no creation time in
  // its create answer, so each key's `createdAt` is the function's (shifted) clock.
  const s = useScenario("rollback-overdue", { vendor: "sendgrid", overlapHours: 24 });
  const HOUR = 3_600_000;

  it("measures HoursSinceLastRotation from the last rotation, not from the restored key's age", async () => {
    // Prepare: a rotation, another 30 days later, a rollback 2 h after that.
    const clock = shiftedClock();
    try {
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      clock.shift(30 * 24 * HOUR);
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      clock.shift(2 * HOUR);
      const restored = await s.world.readValue("AWSPREVIOUS");
      expect(await act(s.world, "rollback", { reason: "scope missing" })).toMatchObject({
        action: "rolled-back",
        restoredKeyId: restored?.keyId,
      });
      clock.shift(3 * HOUR);

      // Act
      const report = await act<{ monitor: { hoursSinceLastRotation?: number } }>(
        s.world,
        "maintain",
      );

      // Assess: 5 h since the second rotation's promotion, not the restored key's 30 days and 5 h.
      expect(Date.now() - Date.parse(restored?.createdAt ?? "")).toBeGreaterThan(30 * 24 * HOUR);
      expect((await s.world.readValue("AWSCURRENT"))?.keyId).toBe(restored?.keyId);
      expect(report.monitor.hoursSinceLastRotation).toBeGreaterThanOrEqual(5);
      expect(report.monitor.hoursSinceLastRotation).toBeLessThan(5.1);
      await s.expectInvariants();
    } finally {
      clock.restore();
    }
  });
});

describe("rollback after a rotation that stopped right after its promotion", () => {
  const s = useScenario("rollback-unfinished", { overlapHours: 24 });

  /** A rotation whose finishSecret died right after the move, its request tags bound to it. */
  async function promotedThenDied(tags: Record<string, string> = {}): Promise<string> {
    const token = randomUUID();
    if (Object.keys(tags).length > 0) {
      await tagSecret(s.world, { ...tags, [RequestTags.requestToken]: token });
    }
    await promotedThenStopped(s.world, token);
    return token;
  }

  it("ends that rotation: its late finishSecret fails and promotes nothing", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    const good = await s.world.readValue("AWSCURRENT");
    const token = await promotedThenDied();

    // Act
    await act(s.world, "rollback", { reason: "consumers reject the new key" });
    const late = await s.world.orchestrator.runSteps(s.world.secretArn, token, ["finishSecret"]);

    // Assess
    expect(late.error?.message).toBe(
      `Version ${token} of secret ${s.world.secretName} is not AWSPENDING (stages: AWSPREVIOUS); another rotation replaced it or a rollback ended its rotation; nothing was changed.`,
    );
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(good?.versionId);
    await s.expectInvariants();
  });

  it("is refused while an emergency has not revoked the leaked key", async () => {
    // Prepare
    const leaked = await s.world.readValue("AWSCURRENT");
    await promotedThenDied({ [RequestTags.emergency]: "key in a public gist" });
    const replacement = await s.world.readValue("AWSCURRENT");

    // Act / Assess
    await expect(act(s.world, "rollback")).rejects.toThrow(
      `Cannot roll back ${s.world.secretName}: AWSCURRENT ${replacement?.keyId} replaced the AWSPREVIOUS key ${leaked?.keyId} in an emergency (key in a public gist) and that key is not revoked yet; rolling back would restore it. The next maintenance run revokes it; to revoke it now: revoke-previous --force.`,
    );
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(replacement?.versionId);

    // Act: what the message advises.
    await act(s.world, "revokePrevious", { force: true, reason: "contain now" });

    // Assess
    expect(s.world.sim.isKeyAccepted(leaked?.apiKey ?? "")).toBe(false);
    expect(s.world.sim.isKeyAccepted(replacement?.apiKey ?? "")).toBe(true);
  });
});
