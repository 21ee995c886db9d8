import { act, putPendingCopyOfCurrent } from "../../harness/lifecycle";
import { useScenario } from "../../harness/scenario";

describe("steps invoked out of order", () => {
  const s = useScenario("step-order", { overlapHours: 24 });

  it("finishSecret right after RotateSecret refuses to promote the valueless version (defect 5)", async () => {
    // Prepare
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const token = await s.world.orchestrator.begin(s.world.secretArn);

    // Act
    const finish = s.world.orchestrator.invoke(s.world.secretArn, token, "finishSecret");

    // Assess
    await expect(finish).rejects.toThrow(
      `finishSecret refuses to promote version ${token} of secret ${s.world.secretName}: it holds no key stored by createSecret (or is no longer AWSPENDING). AWSCURRENT is unchanged; run the steps in order.`,
    );
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(current?.versionId);
    const retried = await s.world.orchestrator.retry(s.world.secretArn, token);
    expect(retried.error).toBeUndefined();
    await s.expectInvariants();
  });
});

describe("Secrets Manager's configuration test (RotateImmediately=false)", () => {
  const s = useScenario("config-test", { overlapHours: 24 });

  it("passes against an empty pending version by proving the current key, and changes nothing", async () => {
    // Prepare
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const keys = s.world.sim.keys().length;

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, {
      rotateImmediately: false,
    });

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.steps.map((t) => t.step)).toEqual(["testSecret"]);
    expect(s.world.sim.keys()).toHaveLength(keys);
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(current?.versionId);
    await s.expectInvariants();
  });

  it("passes against a pending version that copies AWSCURRENT, and never treats its key as its own", async () => {
    // Prepare: the undocumented variant — the test version holds a copy of the current value.
    const current = await s.world.readValue("AWSCURRENT");
    const token = await putPendingCopyOfCurrent(s.world);

    // Act
    await s.world.orchestrator.invoke(s.world.secretArn, token, "testSecret");
    const finish = s.world.orchestrator.invoke(s.world.secretArn, token, "finishSecret");

    // Assess
    await expect(finish).rejects.toThrow(
      `finishSecret refuses to promote version ${token} of secret ${s.world.secretName}: it holds a key stored for another rotation. AWSCURRENT is unchanged; run the steps in order.`,
    );
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(current?.versionId);
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
  });
});

describe("a pending key revoked after testSecret (e.g. by a concurrent attempt's sweep)", () => {
  const s = useScenario("dead-pending", {
    overlapHours: 24,
    env: { ROTATION_ORPHAN_SAFETY_MINUTES: "0" },
  });

  it("is never promoted, and maintenance frees the next rotation at once", async () => {
    // Prepare
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const token = await s.world.orchestrator.begin(s.world.secretArn);
    for (const step of ["createSecret", "setSecret", "testSecret"]) {
      await s.world.orchestrator.invoke(s.world.secretArn, token, step);
    }
    const pending = await s.world.readValue("AWSPENDING");
    s.world.sim.revokeOutOfBand(pending?.keyId ?? "");

    // Act
    const finish = s.world.orchestrator.invoke(s.world.secretArn, token, "finishSecret");
    const finishError = await finish.then(
      () => undefined,
      (error: unknown) => error,
    );
    const report = await act<{ lifecycle: { reconciliation: { deadPendingCleared?: string } } }>(
      s.world,
      "maintain",
    );
    const next = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect((finishError as Error).message).toMatch(
      new RegExp(
        `^finishSecret refuses to promote version ${token} of secret ${s.world.secretName}: nylas rejects its key ${pending?.keyId} \\(HTTP 401\\)\\. AWSCURRENT is unchanged\\.$`,
      ),
    );
    expect(report.lifecycle.reconciliation.deadPendingCleared).toBe(token);
    expect(next.error).toBeUndefined();
    expect((await s.world.readValue("AWSPREVIOUS"))?.keyId).toBe(current?.keyId);
    await s.expectInvariants();
  });
});
