import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { act, putPendingCopyOfCurrent } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";

interface Reconciliation {
  orphansRevoked: string[];
  stalePendingCleared?: string;
  foreignPendingCleared?: string;
}

describe("an AWSPENDING version holding a copy of AWSCURRENT (defect 1)", () => {
  const s = useScenario("pending-copy", {
    overlapHours: 24,
    env: { ROTATION_STALE_PENDING_HOURS: "0", ROTATION_ORPHAN_SAFETY_MINUTES: "0" },
  });

  it("is cleared by maintenance without revoking the live key, and rotation resumes", async () => {
    // Prepare: a tool (or AWS's configuration test) put the current value under a new token as AWSPENDING.
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const copyToken = await putPendingCopyOfCurrent(s.world);

    // Act
    const report = await act<{ lifecycle: { reconciliation: Reconciliation } }>(
      s.world,
      "maintain",
    );
    const next = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(report.lifecycle.reconciliation.foreignPendingCleared).toBe(copyToken);
    expect(report.lifecycle.reconciliation.orphansRevoked).toEqual([]);
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
    expect(next.error).toBeUndefined();
    expect((await s.world.readValue("AWSPREVIOUS"))?.keyId).toBe(current?.keyId);
    await s.expectInvariants();
  });

  it("fails createSecret with a message that says how it is cleared", async () => {
    // Prepare: the copy sits under the token Secrets Manager passes to the steps.
    const token = await putPendingCopyOfCurrent(s.world);

    // Act
    const attempt = s.world.orchestrator.invoke(s.world.secretArn, token, "createSecret");

    // Assess
    await expect(attempt).rejects.toThrow(
      `Pending version ${token} of secret ${s.world.secretName} holds a value this engine did not store for this token (a copy of another version, or a value put by hand), and versions cannot be changed. ` +
        `The next maintenance run removes its AWSPENDING label (revoking nothing); or remove it now with \`aws secretsmanager update-secret-version-stage --secret-id ${s.world.secretName} --version-stage AWSPENDING --remove-from-version-id ${token}\`, then rotate again.`,
    );
    await act(s.world, "maintain");
    await s.expectInvariants();
  });
});

describe("stale-pending cleanup against a late finishSecret retry (defect 2)", () => {
  const s = useScenario("stale-race", {
    overlapHours: 24,
    env: { ROTATION_STALE_PENDING_HOURS: "0", ROTATION_ORPHAN_SAFETY_MINUTES: "0" },
  });

  it("removes the label before revoking, so the late retry cannot promote the revoked key", async () => {
    // Prepare: a rotation that got through testSecret and then stalled.
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const token = await s.world.orchestrator.begin(s.world.secretArn);
    for (const step of ["createSecret", "setSecret", "testSecret"]) {
      await s.world.orchestrator.invoke(s.world.secretArn, token, step);
    }
    const stalled = await s.world.readValue("AWSPENDING");

    // Act: maintenance treats it as abandoned; then Secrets Manager's retry arrives.
    const report = await act<{ lifecycle: { reconciliation: Reconciliation } }>(
      s.world,
      "maintain",
    );
    const late = s.world.orchestrator.invoke(s.world.secretArn, token, "finishSecret");

    // Assess
    expect(report.lifecycle.reconciliation.stalePendingCleared).toBe(token);
    await expect(late).rejects.toThrow(
      `Version ${token} of secret ${s.world.secretName} is not AWSPENDING`,
    );
    const stages = (
      await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn }))
    ).VersionIdsToStages?.[token];
    expect(stages ?? []).toEqual([]);
    expect(s.world.sim.keys().find((k) => k.id === stalled?.keyId)?.status).toBe("revoked");
    expect((await s.world.readValue("AWSCURRENT"))?.keyId).toBe(current?.keyId);
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
    await s.expectInvariants();
  });
});
