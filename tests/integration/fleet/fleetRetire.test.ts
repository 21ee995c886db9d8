import { TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { FLEET_TAG } from "../../../lambdas/contract/fleet";
import { captureOutput, type CapturedOutput } from "../../../harness/captureOutput";
import { createFleetWorld, type FleetMember, type FleetWorld } from "../../../harness/fleetWorld";
import { readStage } from "../../../harness/rotationWorld";
import { retireInvocationEvent, type RetireReport } from "../../../harness/lifecycle";

jest.setTimeout(300_000);

function tagsOf(fleet: string | undefined): { Key: string; Value: string }[] {
  return fleet === undefined ? [] : [{ Key: FLEET_TAG, Value: fleet }];
}

describe("a fleet function retires one member on destroy", () => {
  let world: FleetWorld;
  let output: CapturedOutput;
  let members: readonly FleetMember[];
  /** The vendor key ids each member's rotations created, by its key-name prefix. */
  const keysOf = (member: FleetMember) =>
    world.sim.keys().filter((k) => k.name.startsWith(`${member.keyNamePrefix}-`));
  const statusesOf = (member: FleetMember) =>
    Object.fromEntries(keysOf(member).map((k) => [k.id, k.status]));
  const retire = (event: unknown) => world.handler(event) as Promise<RetireReport>;

  beforeAll(async () => {
    world = await createFleetWorld("retire", [
      { overlapHours: 24 },
      { overlapHours: 24 },
      { overlapHours: 24 },
      { overlapHours: 24 },
    ]);
    members = world.members;
    output = captureOutput();
    for (const member of members) {
      for (let i = 0; i < 2; i += 1) {
        const outcome = await world.orchestrator.rotate(member.secretArn);
        if (!outcome.ok) throw new Error(`rotation failed: ${outcome.error?.message}`);
      }
    }
  });
  afterAll(async () => {
    output.restore();
    await world.stop();
  });

  it("answers the create and update phases without calling the vendor", async () => {
    // Prepare
    const [member] = members as [FleetMember];
    world.sim.reset();

    // Act
    const created = await retire(retireInvocationEvent(member.secretArn, "create"));
    const updated = await retire(retireInvocationEvent(member.secretArn, "update"));

    // Assess
    expect([created.outcome, updated.outcome]).toEqual(["skipped", "skipped"]);
    expect(created.reason).toBe(
      "the create phase of the destroy-time invocation: keys are revoked only when it is deleted",
    );
    expect(world.sim.requests).toEqual([]);
  });

  it("revokes every key of the member the event names, AWSCURRENT last, and no other member's", async () => {
    // Prepare
    const [member, ...others] = members as [FleetMember, ...FleetMember[]];
    const [current, previous] = await Promise.all(
      ["AWSCURRENT", "AWSPREVIOUS"].map((stage) =>
        readStage(world.client, member.secretArn, stage),
      ),
    );
    const othersBefore = others.map(statusesOf);
    expect(keysOf(member).map((k) => k.status)).toEqual(["active", "active"]);

    // Act
    const report = await retire(retireInvocationEvent(member.secretArn, "delete"));

    // Assess
    expect(report).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "retired",
      reason: "the component is being destroyed",
      revoked: [previous?.keyId, current?.keyId],
      alreadyGone: [],
    });
    expect(keysOf(member).map((k) => k.status)).toEqual(["revoked", "revoked"]);
    expect(others.map(statusesOf)).toEqual(othersBefore);
    expect(others.flatMap((m) => keysOf(m).map((k) => k.status))).toEqual(
      Array.from({ length: others.length * 2 }, () => "active"),
    );
  });

  it("with revokeKeysOnDestroy off, revokes nothing", async () => {
    // Prepare
    const member = members[1] as FleetMember;
    const before = statusesOf(member);

    // Act
    const report = await retire(retireInvocationEvent(member.secretArn, "delete", false));

    // Assess
    expect(report.outcome).toBe("skipped");
    expect(report.reason).toBe("revokeKeysOnDestroy is off: the vendor keys stay live");
    expect(statusesOf(member)).toEqual(before);
  });

  it("revokes nothing for a member that moved to another fleet or left fleets (its invocation replaced, not destroyed)", async () => {
    // Prepare: one member now tagged for another fleet, one untagged.
    const moved = members[2] as FleetMember;
    const left = members[3] as FleetMember;
    await world.client.send(
      new TagResourceCommand({ SecretId: moved.secretArn, Tags: tagsOf("billing-next") }),
    );
    await world.client.send(
      new UntagResourceCommand({ SecretId: left.secretArn, TagKeys: [FLEET_TAG] }),
    );
    const before = [moved, left].map(statusesOf);

    // Act
    const movedReport = await retire(retireInvocationEvent(moved.secretArn, "delete"));
    const leftReport = await retire(retireInvocationEvent(left.secretArn, "delete"));
    const created = retire(retireInvocationEvent(left.secretArn, "create"));

    // Assess
    expect(movedReport).toEqual({
      action: "retire",
      phase: "delete",
      outcome: "skipped",
      reason:
        "the secret is now served by fleet billing-next (its RotatedApiKey:Fleet tag): it moved rather than being destroyed, so its vendor keys stay live",
      revoked: [],
      alreadyGone: [],
    });
    expect(leftReport.reason).toBe(
      "the secret is now served by its own function (its RotatedApiKey:Fleet tag): it moved rather than being destroyed, so its vendor keys stay live",
    );
    expect([moved, left].map(statusesOf)).toEqual(before);
    // Outside the delete phase a non-member is a deploy error, not a skip.
    await expect(created).rejects.toThrow(
      `Refusing to act on secret ${left.secretName} is not a member of fleet ${world.fleetName}: its RotatedApiKey:Fleet tag is absent.`,
    );
  });
});
