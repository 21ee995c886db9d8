import { TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { FLEET_TAG } from "../../../lambdas/contract/fleet";
import { keyNameFor } from "../../../lambdas/engine/core/keyNames";
import {
  act,
  auditRecords,
  retireInvocationEvent,
  type RetireReport,
} from "../../../harness/lifecycle";
import { invariantViolations } from "../../../harness/invariants";
import { useScenario } from "../../../harness/scenario";
import type { NylasVendorSimulator } from "../../../harness/simulators/nylas/nylasVendorSimulator";

function statuses(keys: ReadonlyArray<{ id: string; status: string }>): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k.id, k.status]));
}

describe("retire on destroy (delete phase)", () => {
  const s = useScenario("retire", {
    overlapHours: 24,
    stepTimeoutMs: { testSecret: 6_000 },
  });

  it("revokes every key of this secret (current, previous, an unlabelled one, an orphan, the pending one) and no other; a second retire changes nothing", async () => {
    // Prepare: three rotations (the first key is unlabelled but inside no revocation yet), a
    // failed fourth (its key sits in AWSPENDING), an orphan named for this secret, someone else's key.
    for (let i = 0; i < 3; i += 1) await s.world.orchestrator.rotate(s.world.secretArn);
    s.world.sim.faults.activationDelayMs = Number.POSITIVE_INFINITY;
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).failedStep).toBe("testSecret");
    s.world.sim.faults.activationDelayMs = 0;
    const [current, previous, pending] = await Promise.all(
      ["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"].map((stage) => s.world.readValue(stage)),
    );
    const nylas = (s.world.sim as NylasVendorSimulator).nylas;
    const orphan = nylas.seedKey(
      keyNameFor("rotated", s.world.secretArn, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"),
    );
    const foreign = nylas.seedKey("production-key-2026-01-01");
    const ours = s.world.sim.keys().filter((k) => k.id !== foreign.id);
    expect(ours.map((k) => k.status)).toEqual(["active", "active", "active", "active", "active"]);

    // Act
    const first = await act<RetireReport>(
      s.world,
      "retire",
      retireInvocationEvent(s.world.secretArn, "delete"),
    );
    const afterFirst = statuses(s.world.sim.keys());
    const second = await act<RetireReport>(
      s.world,
      "retire",
      retireInvocationEvent(s.world.secretArn, "delete"),
    );

    // Assess: pending first, AWSCURRENT last; every key of ours revoked, the foreign one live.
    expect(first).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "retired",
      reason: "the component is being destroyed",
      revoked: expect.arrayContaining(ours.map((k) => k.id)),
      alreadyGone: [],
    });
    expect(first.revoked).toHaveLength(5);
    expect(first.revoked[0]).toBe(pending?.keyId);
    expect(first.revoked.at(-2)).toBe(previous?.keyId);
    expect(first.revoked.at(-1)).toBe(current?.keyId);
    expect(first.revoked).toContain(orphan.id);
    expect(s.world.sim.activeKeys().map((k) => k.id)).toEqual([foreign.id]);
    expect(second).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "retired",
      reason: "every key of this secret was already gone",
      revoked: [],
      alreadyGone: [pending?.keyId, previous?.keyId, current?.keyId],
    });
    expect(statuses(s.world.sim.keys())).toEqual(afterFirst);
    const audits = auditRecords(s.output.lines()).filter((a) => a.event === "retirement");
    expect(audits.map((a) => a.keyId)).toEqual(first.revoked);
    expect(audits.every((a) => a.trigger === "pulumi:destroy" && a.outcome === "revoked")).toBe(
      true,
    );
    // After retire no key of ours is live: invariants 1 and 2 (a working, unrevoked AWSCURRENT;
    // AWSPREVIOUS kept through its window) no longer apply, by design; every other invariant
    // (no leak, no orphan, the cap, no shared key) still holds.
    const currentVersion = current?.versionId;
    expect(await invariantViolations(s.world, s.output.text())).toEqual([
      `1: AWSCURRENT (${currentVersion}) does not hold a key the vendor accepts`,
      `2: the AWSCURRENT key ${current?.keyId} is revoked`,
      `2: the AWSPREVIOUS key ${previous?.keyId} was revoked inside its overlap window`,
    ]);
  });
});

describe("retire outside the delete phase, and refusals", () => {
  const s = useScenario("retire-refusals", { overlapHours: 24 });

  it("answers the create and update phases, and a delete with revokeKeysOnDestroy off, without touching a key or calling the vendor", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const before = statuses(s.world.sim.keys());
    s.world.sim.reset();

    // Act
    const created = await act<RetireReport>(
      s.world,
      "retire",
      retireInvocationEvent(s.world.secretArn, "create"),
    );
    const updated = await act<RetireReport>(
      s.world,
      "retire",
      retireInvocationEvent(s.world.secretArn, "update"),
    );
    const optedOut = await act<RetireReport>(
      s.world,
      "retire",
      retireInvocationEvent(s.world.secretArn, "delete", false),
    );

    // Assess
    expect(created).toEqual({
      action: "retire",
      phase: "create",
      outcome: "skipped",
      reason:
        "the create phase of the destroy-time invocation: keys are revoked only when it is deleted",
      revoked: [],
      alreadyGone: [],
    });
    expect(updated.outcome).toBe("skipped");
    expect(optedOut).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "skipped",
      reason: "revokeKeysOnDestroy is off: the vendor keys stay live",
      revoked: [],
      alreadyGone: [],
    });
    expect(s.world.sim.requests).toEqual([]);
    expect(statuses(s.world.sim.keys())).toEqual(before);
    await s.expectInvariants();
  });

  it("refuses a retire without the invocation's lifecycle key, one naming another secret, and an unknown action, revoking nothing", async () => {
    // Prepare
    const before = statuses(s.world.sim.keys());
    const other = s.world.secretArn.replace(/secret:/, "secret:someone-else-");

    // Act
    const bare = act(s.world, "retire", { secretArn: s.world.secretArn });
    const foreign = act(s.world, "retire", retireInvocationEvent(other, "delete"));
    const unknown = act(s.world, "decommission", { tf: { action: "delete" } });

    // Assess
    await expect(bare).rejects.toThrow(
      "Not a retire event: `tf` is required: retire runs only from the component's aws.lambda.Invocation (lifecycleScope CRUD), which adds it.",
    );
    await expect(foreign).rejects.toThrow(
      `The retire event names the secret ${other}, but this function rotates ${s.world.secretArn}; nothing was revoked.`,
    );
    await expect(unknown).rejects.toThrow(
      "Not a maintenance event: `action` must be one of maintain, status, revokePrevious, rollback, autoRollback.",
    );
    expect(statuses(s.world.sim.keys())).toEqual(before);
    await s.expectInvariants();
  });

  it("revokes nothing for a key that joined a fleet: its own invocation is removed while the secret stays", async () => {
    // Prepare: the secret now carries a fleet's membership tag (the component moved it into a fleet).
    const before = statuses(s.world.sim.keys());
    s.world.sim.reset();
    await s.world.client.send(
      new TagResourceCommand({
        SecretId: s.world.secretArn,
        Tags: [{ Key: FLEET_TAG, Value: "nylas-prod" }],
      }),
    );

    // Act
    let report: RetireReport;
    try {
      report = await act<RetireReport>(
        s.world,
        "retire",
        retireInvocationEvent(s.world.secretArn, "delete"),
      );
    } finally {
      await s.world.client.send(
        new UntagResourceCommand({ SecretId: s.world.secretArn, TagKeys: [FLEET_TAG] }),
      );
    }

    // Assess
    expect(report).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "skipped",
      reason:
        "the secret is now served by fleet nylas-prod (its RotatedApiKey:Fleet tag): it moved rather than being destroyed, so its vendor keys stay live",
      revoked: [],
      alreadyGone: [],
    });
    expect(s.world.sim.requests).toEqual([]);
    expect(statuses(s.world.sim.keys())).toEqual(before);
    await s.expectInvariants();
  });

  it("is not reachable through a rotation step or a maintenance run carrying a delete phase", async () => {
    // Prepare
    const before = statuses(s.world.sim.keys());

    // Act
    const step = s.world.handler({
      Step: "retire",
      SecretId: s.world.secretArn,
      ClientRequestToken: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      tf: { action: "delete" },
    });
    const maintain = await act(s.world, "maintain", { tf: { action: "delete" } });

    // Assess
    await expect(step).rejects.toThrow(
      "Unknown rotation step `retire`; expected one of createSecret, setSecret, testSecret, finishSecret.",
    );
    expect(maintain).toHaveProperty("lifecycle");
    expect(statuses(s.world.sim.keys())).toEqual(before);
    await s.expectInvariants();
  });
});

describe("retire when the vendor fails", () => {
  const s = useScenario("retire-fault", { overlapHours: 24 });

  it("tries every key, names the ones it could not revoke in its error, and a rerun finishes", async () => {
    // Prepare: two keys of ours; the vendor answers 500 to every delete for a while.
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const [current, previous] = await Promise.all(
      ["AWSCURRENT", "AWSPREVIOUS"].map((stage) => s.world.readValue(stage)),
    );
    s.world.sim.faults.failNext("delete", 1_000, 500);

    // Act
    const failed = act(s.world, "retire", retireInvocationEvent(s.world.secretArn, "delete"));
    await expect(failed).rejects.toThrow(
      /^Retire revoked 0 key\(s\) but could not revoke 2: .+\. The destroy stops here; run it again to retry, or revoke these keys at the vendor\.$/,
    );
    const message = await failed.catch((error: Error) => error.message);
    s.world.sim.faults.clear();
    const rerun = await act<RetireReport>(
      s.world,
      "retire",
      retireInvocationEvent(s.world.secretArn, "delete"),
    );

    // Assess
    expect(message).toContain(`${previous?.keyId} (`);
    expect(message).toContain(`${current?.keyId} (`);
    expect(rerun.revoked).toEqual([previous?.keyId, current?.keyId]);
    expect(s.world.sim.activeKeys()).toEqual([]);
    expect(s.output.text()).not.toContain(current?.apiKey ?? "unset");
  }, 60_000);
});
