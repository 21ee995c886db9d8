import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { FleetMetrics, PlaybookMetrics } from "../../../lambdas/contract/metricNames";
import {
  PROMOTION_TAG,
  RequestTags,
  parsePromotionTag,
} from "../../../lambdas/contract/secretTags";
import type { FleetMaintenanceReport } from "../../../lambdas/engine/lifecycle/fleetMaintenance";
import { captureOutput, type CapturedOutput } from "../../../harness/captureOutput";
import { createFleetWorld, type FleetMember, type FleetWorld } from "../../../harness/fleetWorld";
import { auditRecords } from "../../../harness/lifecycle";
import { readStage } from "../../../harness/rotationWorld";
import { emfViolations } from "../../lambdas/engine/lifecycle/emfSpec";

jest.setTimeout(120_000);

/** One EMF record as the fleet function writes it: one metric, its dimensions, the secret as metadata. */
interface Emitted {
  readonly metric: string;
  readonly unit: string;
  readonly dimensions: readonly string[];
  readonly fields: Record<string, unknown>;
}

function emitted(lines: readonly string[]): Emitted[] {
  return lines
    .filter((line) => line.includes('"_aws"'))
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown> & {
        _aws: {
          CloudWatchMetrics: Array<{
            Dimensions: string[][];
            Metrics: Array<{ Name: string; Unit: string }>;
          }>;
        };
      };
      const directive = record._aws.CloudWatchMetrics[0];
      const { _aws: _ignored, ...fields } = record;
      return {
        metric: directive?.Metrics[0]?.Name ?? "",
        unit: directive?.Metrics[0]?.Unit ?? "",
        dimensions: directive?.Dimensions[0] ?? [],
        fields,
      };
    });
}

const PLAYBOOK = new Set<string>(Object.values(PlaybookMetrics));

describe("the playbook's metrics, emitted by a fleet function", () => {
  let world: FleetWorld;
  let output: CapturedOutput;
  let members: FleetMember[];

  /** The playbook and fleet-policy records written since line `from`. */
  const playbookSince = (from: number, extra: readonly string[] = []): Emitted[] =>
    emitted(output.lines().slice(from)).filter(
      (e) => PLAYBOOK.has(e.metric) || extra.includes(e.metric),
    );

  /** The version's `CreatedDate` (what Secrets Manager keeps of the rotation's request) and the promotion record. */
  const versionTimes = async (member: FleetMember, versionId: string) => {
    const value = await world.client.send(
      new GetSecretValueCommand({ SecretId: member.secretArn, VersionId: versionId }),
    );
    const described = await world.client.send(
      new DescribeSecretCommand({ SecretId: member.secretArn }),
    );
    const promotion = parsePromotionTag(
      described.Tags?.find((t) => t.Key === PROMOTION_TAG)?.Value,
    );
    return { created: value.CreatedDate?.getTime() ?? Number.NaN, promotedAt: promotion?.at };
  };

  const requestEmergency = (member: FleetMember, token: string, mode?: string) =>
    world.client.send(
      new TagResourceCommand({
        SecretId: member.secretArn,
        Tags: Object.entries({
          [RequestTags.emergency]: "key leaked in a log",
          [RequestTags.requestToken]: token,
          ...(mode === undefined ? {} : { [RequestTags.emergencyMode]: mode }),
        }).map(([Key, Value]) => ({ Key, Value })),
      }),
    );

  beforeAll(async () => {
    world = await createFleetWorld("playbook", [
      { overlapHours: 0 },
      { overlapHours: 24 },
      { overlapHours: 24 },
      // Never rotated: no current key, so not within the key policy.
      { overlapHours: 24 },
    ]);
    members = [...world.members];
    output = captureOutput();
  });
  afterAll(async () => {
    output.restore();
    await world.stop();
  });

  it("times a scheduled rotation from its version's creation to its promotion, under Fleet and Mode", async () => {
    // Prepare
    const member = members[0] as FleetMember;
    const from = output.lines().length;

    // Act
    const outcome = await world.orchestrator.rotate(member.secretArn);

    // Assess
    expect(outcome.error).toBeUndefined();
    const { created, promotedAt } = await versionTimes(member, outcome.token);
    expect(promotedAt).toBeDefined();
    expect(playbookSince(from)).toEqual([
      {
        metric: PlaybookMetrics.TimeToRotate,
        unit: "Seconds",
        dimensions: ["service", "Fleet", "Mode"],
        fields: {
          service: "rotated-api-key",
          Fleet: world.fleetName,
          Mode: "scheduled",
          SecretName: member.secretName,
          [PlaybookMetrics.TimeToRotate]: ((promotedAt as number) - created) / 1000,
        },
      },
    ]);
  });

  it("times an emergency rotation under Mode=emergency, and its containment when the old key is revoked", async () => {
    // Prepare
    const member = members[1] as FleetMember;
    await world.orchestrator.rotate(member.secretArn);
    const leaked = await readStage(world.client, member.secretArn, "AWSCURRENT");
    const token = randomUUID();
    await requestEmergency(member, token);
    const from = output.lines().length;

    // Act
    const outcome = await world.orchestrator.rotate(member.secretArn, { token });

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(world.sim.keys().find((k) => k.id === leaked?.keyId)?.status).toBe("revoked");
    const { created, promotedAt } = await versionTimes(member, token);
    const records = playbookSince(from);
    expect(records.map((r) => [r.metric, r.dimensions, r.fields.Mode])).toEqual([
      [PlaybookMetrics.TimeToRotate, ["service", "Fleet", "Mode"], "emergency"],
      [PlaybookMetrics.TimeToContain, ["service", "Fleet"], undefined],
    ]);
    const [rotate, contain] = records.map((r) => r.fields[r.metric] as number);
    expect(rotate).toBe(((promotedAt as number) - created) / 1000);
    const revokedAt = Date.parse(
      String(auditRecords(output.lines().slice(from)).find((a) => a.event === "emergency")?.at),
    );
    expect(contain).toBeGreaterThanOrEqual(rotate as number);
    expect(contain).toBeLessThanOrEqual((revokedAt - created) / 1000);
    expect(records.every((r) => r.fields.SecretName === member.secretName)).toBe(true);
  });

  it("counts a revoke-first emergency as an outage, contained before the new key exists", async () => {
    // Prepare
    const member = members[2] as FleetMember;
    await world.orchestrator.rotate(member.secretArn);
    const token = randomUUID();
    await requestEmergency(member, token, "revoke-first");
    const from = output.lines().length;
    const requested = Math.floor(Date.now() / 1000) * 1000;

    // Act
    const outcome = await world.orchestrator.rotate(member.secretArn, { token });

    // Assess
    expect(outcome.error).toBeUndefined();
    const records = playbookSince(from);
    expect(records.map((r) => [r.metric, r.unit, r.dimensions, r.fields.Mode])).toEqual([
      [PlaybookMetrics.RotationOutage, "Count", ["service", "Fleet"], undefined],
      [PlaybookMetrics.TimeToContain, "Seconds", ["service", "Fleet"], undefined],
      [PlaybookMetrics.TimeToRotate, "Seconds", ["service", "Fleet", "Mode"], "emergency"],
    ]);
    expect(records[0]?.fields[PlaybookMetrics.RotationOutage]).toBe(1);
    const contained = Date.parse(
      String(auditRecords(output.lines().slice(from)).find((a) => a.event === "emergency")?.at),
    );
    const contain = records[1]?.fields[PlaybookMetrics.TimeToContain] as number;
    expect(contain).toBeGreaterThanOrEqual(0);
    expect(contain).toBeLessThanOrEqual((contained - requested) / 1000);
  });

  it("counts each failed rotation attempt under the fleet, naming the secret only as metadata", async () => {
    // Prepare
    const outsider = await world.client.send(
      new CreateSecretCommand({ Name: `outsider-${randomUUID().slice(0, 8)}` }),
    );
    const from = output.lines().length;

    // Act
    const outcome = await world.orchestrator.rotate(outsider.ARN ?? "");

    // Assess
    expect(outcome.failedStep).toBe("createSecret");
    expect(playbookSince(from)).toEqual([
      {
        metric: PlaybookMetrics.RotationFailed,
        unit: "Count",
        dimensions: ["service", "Fleet"],
        fields: {
          service: "rotated-api-key",
          Fleet: world.fleetName,
          SecretName: outsider.Name,
          [PlaybookMetrics.RotationFailed]: 1,
        },
      },
    ]);
  });

  it("counts unused previous keys revoked, and the keys checked and within policy, in a maintenance run", async () => {
    // Prepare: the 0 h member gets a previous key whose window is over at once.
    const member = members[0] as FleetMember;
    expect((await world.orchestrator.rotate(member.secretArn)).error).toBeUndefined();
    const from = output.lines().length;

    // Act
    const report = (await world.handler(
      { action: "maintain" },
      { getRemainingTimeInMillis: () => 60_000 },
    )) as FleetMaintenanceReport;

    // Assess
    expect([report.keysChecked, report.keysWithinPolicy]).toEqual([4, 3]);
    const records = playbookSince(from, [FleetMetrics.KeysChecked, FleetMetrics.KeysWithinPolicy]);
    expect(records.map((r) => [r.metric, r.dimensions, r.fields[r.metric]])).toEqual([
      [PlaybookMetrics.UnusedPreviousKeyRevoked, ["service", "Fleet"], 1],
      [FleetMetrics.KeysChecked, ["service", "Fleet"], 4],
      [FleetMetrics.KeysWithinPolicy, ["service", "Fleet"], 3],
    ]);
    expect(records[0]?.fields.SecretName).toBe(member.secretName);
  });

  it("writes every metric record to the EMF specification, without key material", async () => {
    // Act
    const keys = world.sim.keys().map((k) => k.secret);
    const records = output.lines().filter((l) => l.includes('"_aws"'));

    // Assess
    expect(keys.length).toBeGreaterThan(0);
    expect(records.filter((r) => keys.some((k) => r.includes(k)))).toEqual([]);
    expect(records.flatMap((r) => emfViolations(r))).toEqual([]);
  });
});
