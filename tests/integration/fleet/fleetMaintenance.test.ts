import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import type { FleetMaintenanceReport } from "../../../lambdas/engine/lifecycle/fleetMaintenance";
import { runPool } from "../../../lambdas/engine/core/pool";
import { captureOutput, type CapturedOutput } from "../../../harness/captureOutput";
import { createFleetWorld, type FleetMember, type FleetWorld } from "../../../harness/fleetWorld";
import { invariantViolations } from "../../../harness/invariants";
import { readStage } from "../../../harness/rotationWorld";

jest.setTimeout(600_000);

/** 25 members keep the previous key a day, 25 revoke it at once, and one carries a setting out of range. */
const GOOD = 50;
const SPECS = [
  ...Array.from({ length: GOOD }, (_, i) => ({ overlapHours: i % 2 === 0 ? 0 : 24 })),
  { overlapHours: 24, overlapTag: "99999" },
];

interface EmfRecord {
  _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][] }> };
}

/** What `maintain` does to a fleet function given `budgetMs` after the 5 s deadline margin. */
function maintain(world: FleetWorld, budgetMs: number): Promise<FleetMaintenanceReport> {
  const deadline = Date.now() + 5_000 + budgetMs;
  return world.handler(
    { action: "maintain" },
    { getRemainingTimeInMillis: () => deadline - Date.now() },
  ) as Promise<FleetMaintenanceReport>;
}

function attempted(tags: Record<string, string | undefined>): Set<string> {
  return new Set(Object.entries(tags).flatMap(([name, at]) => (at === undefined ? [] : [name])));
}

describe("a fleet of 51 secrets served by one rotation function", () => {
  let world: FleetWorld;
  let output: CapturedOutput;
  let good: FleetMember[];
  let bad: FleetMember;

  beforeAll(async () => {
    world = await createFleetWorld("fleet", SPECS, {
      env: { ROTATION_FLEET_CONCURRENCY: "4" },
    });
    good = world.members.slice(0, GOOD);
    bad = world.members[GOOD] as FleetMember;
    output = captureOutput();
  });
  afterAll(async () => {
    output.restore();
    await world.stop();
  });

  it("rotates every member twice, as their schedules would, each with its own settings", async () => {
    // Act
    const outcomes = await runPool(good, 5, async (member) => {
      const first = await world.orchestrator.rotate(member.secretArn);
      const second = await world.orchestrator.rotate(member.secretArn);
      return [first.ok, second.ok, first.error?.message, second.error?.message];
    });

    // Assess
    expect(outcomes.filter((o) => o.status !== "fulfilled" || o.value[1] !== true)).toEqual([]);
    const current = await readStage(world.client, good[0]?.secretArn ?? "", "AWSCURRENT");
    expect(current?.keyName.startsWith(`${good[0]?.keyNamePrefix}-`)).toBe(true);
    expect(
      (await readStage(world.client, good[1]?.secretArn ?? "", "AWSCURRENT"))?.keyName.startsWith(
        `${good[1]?.keyNamePrefix}-`,
      ),
    ).toBe(true);
  });

  it("refuses to rotate a secret that is not tagged into the fleet", async () => {
    // Prepare
    const outsider = await world.client.send(
      new CreateSecretCommand({ Name: `outsider-${randomUUID().slice(0, 8)}` }),
    );

    // Act
    const outcome = await world.orchestrator.rotate(outsider.ARN ?? "");

    // Assess
    expect(outcome.ok).toBe(false);
    expect(outcome.failedStep).toBe("createSecret");
    expect(outcome.error?.message).toBe(
      `Refusing to act on secret ${outsider.Name} is not a member of fleet ${world.fleetName}: its RotatedApiKey:Fleet tag is absent.`,
    );
  });

  it("maintains the fleet across runs cut short by the deadline, resuming where the last stopped", async () => {
    // Act: two runs with 1.5 s each, then full runs until nothing is left
    const first = await maintain(world, 1_500);
    const afterFirstTags = await world.maintainedAt();
    const afterFirst = attempted(afterFirstTags);
    const second = await maintain(world, 1_500);
    const afterSecondTags = await world.maintainedAt();
    const reports = [first, second];
    while ((reports.at(-1)?.deferred ?? 0) > 0 && reports.length < 6) {
      reports.push(await maintain(world, 120_000));
    }

    // Assess
    const processed = (r: FleetMaintenanceReport) => r.maintained + r.failed.length;
    expect(first.members).toBe(SPECS.length);
    expect(processed(first)).toBeGreaterThan(0);
    expect(first.deferred).toBeGreaterThan(0);
    expect(processed(first) + first.deferred).toBe(SPECS.length);
    expect(afterFirst.size).toBe(processed(first));
    // The second run took the members the first one left, before any it had done.
    const secondRun = new Set(
      Object.entries(afterSecondTags).flatMap(([name, at]) =>
        at !== undefined && at !== afterFirstTags[name] ? [name] : [],
      ),
    );
    expect(secondRun.size).toBe(processed(second));
    expect([...secondRun].filter((name) => afterFirst.has(name))).toHaveLength(
      Math.max(0, processed(second) - first.deferred),
    );
    expect(reports.at(-1)?.deferred).toBe(0);
    expect(attempted(await world.maintainedAt()).size).toBe(SPECS.length);
  });

  it("isolates the member with a bad setting: reported by name, every other member maintained", async () => {
    // Act
    const report = await maintain(world, 120_000);

    // Assess
    expect(report).toEqual({
      fleet: world.fleetName,
      members: SPECS.length,
      maintained: GOOD,
      failed: [
        {
          secretName: bad.secretName,
          error: `ConfigurationError: Invalid settings of fleet secret ${bad.secretName}: RotatedApiKey:Setting:overlapHours must be at most 8760 (hours the previous key stays valid).`,
        },
      ],
      deferred: 0,
      keysChecked: GOOD,
      keysWithinPolicy: GOOD,
    });
    const failureLog = output
      .lines()
      .filter((l) => l.includes("fleet: maintenance of a member failed"))
      .map((l) => JSON.parse(l) as { secretName: string });
    expect(failureLog.at(-1)?.secretName).toBe(bad.secretName);
  });

  it("applied each member's own overlap: revoked at once for 0 h, kept for 24 h", async () => {
    // Act
    const previousActive = await Promise.all(
      good.map(async (member) => {
        const previous = await readStage(world.client, member.secretArn, "AWSPREVIOUS");
        return world.sim.keys().find((k) => k.id === previous?.keyId)?.status;
      }),
    );

    // Assess
    expect(previousActive).toEqual(good.map((m) => (m.overlapHours === 0 ? "revoked" : "active")));
  });

  it("runs an operator action on the member its event names, and refuses one that names none", async () => {
    // Prepare
    const member = good[1] as FleetMember;

    // Act
    const status = (await world.handler({ action: "status", secretId: member.secretArn })) as {
      secretName?: string;
    };
    const unnamed = world.handler({ action: "status" });

    // Assess
    expect(status.secretName).toBe(member.secretName);
    await expect(unnamed).rejects.toThrow(
      `\`secretId\` is required for \`status\`: fleet ${world.fleetName} serves many secrets; name the one to act on.`,
    );
  });

  it("holds every invariant on every member, and emits fleet-level metrics only", async () => {
    // Act
    const problems = await Promise.all(
      good.map(async (member) =>
        (await invariantViolations(world.memberWorld(member), output.text())).map(
          (p) => `${member.secretName}: ${p}`,
        ),
      ),
    );
    const dimensions = output
      .lines()
      .filter((l) => l.includes('"_aws"'))
      .flatMap((l) => (JSON.parse(l) as EmfRecord)._aws.CloudWatchMetrics[0]?.Dimensions ?? []);

    // Assess
    expect(problems.flat()).toEqual([]);
    expect(dimensions.length).toBeGreaterThan(0);
    expect(dimensions.filter((d) => !d.includes("Fleet") || d.includes("SecretName"))).toEqual([]);
  });
});
