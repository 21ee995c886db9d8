import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { InventoryEntry } from "../../../cli/commands/inventory";
import type { FleetReport } from "../../../cli/commands/report";
import { motoEndpoint } from "../../../harness/aws/motoClients";
import { runCli, type CliResult } from "../../../harness/cliRunner";
import { startFleetEmulator, type FleetEmulator } from "../../../harness/fleetOps/fleetEmulator";
import { createFleetWorld, type FleetWorld } from "../../../harness/fleetOps/fleetWorld";
import { readStage } from "../../../harness/rotationWorld";
import { PROMOTION_TAG, parsePromotionTag } from "../../../lambdas/contract/secretTags";

jest.setTimeout(240_000);

/**
 * `inventory` and `report` over a fleet of 50 secrets whose history is made
 * by real rotations in moto: every secret's first key, an emergency rotation
 * of 8 OpenAI keys through the CLI, one rotation that fails at the vendor, and
 * two more rotations whose previous keys an operator then revokes. The figures are asserted from that history.
 */
describe("rotated-api-key inventory and report", () => {
  let world: FleetWorld;
  let emulator: FleetEmulator;
  const outputs: CliResult[] = [];
  const stateDir = mkdtempSync(path.join(tmpdir(), "inventory-"));
  const cli = async (args: readonly string[]) => {
    const result = await runCli(emulator.endpoint, args);
    outputs.push(result);
    return result;
  };
  const emergencySecrets = () =>
    world.secrets.filter((s) => s.vendor === "openai" && s.tags.environment === "staging");
  const failing = () => world.secrets[4];
  const revoked = () => world.secrets.slice(10, 12);

  beforeAll(async () => {
    world = await createFleetWorld(motoEndpoint(), "inventory", {
      size: 50,
      vendors: ["sendgrid", "openai"],
    });
    emulator = await startFleetEmulator(world);
    await Promise.all(world.secrets.map((s) => emulator.rotate(s)));
    const emergency = await cli([
      "rotate",
      "--all",
      "--vendor",
      "openai",
      "--tag",
      "environment=staging",
      "--name-prefix",
      `${world.label}/`,
      "--emergency",
      "--reason",
      "leak drill",
      "--yes",
      "--json",
      "--state",
      path.join(stateDir, "e.json"),
    ]);
    expect(emergency.code).toBe(0);
    const secret = failing();
    world.sims[secret?.vendor ?? ""]?.faults.failNext("create", 1, 500);
    expect((await emulator.rotate(secret as (typeof world.secrets)[number])).ok).toBe(false);
    for (const s of revoked()) {
      expect((await emulator.rotate(s)).ok).toBe(true);
      expect((await cli(["revoke-previous", s.name, "--force", "--reason", "retired"])).code).toBe(
        0,
      );
    }
  });
  afterAll(async () => {
    await emulator.idle();
    await emulator.close();
    await world.stop();
  });

  it("inventory --json lists every managed key with its tags, key id, dates, overlap and policy", async () => {
    // Prepare
    const expected: InventoryEntry[] = [];
    for (const s of [...world.secrets].sort((a, b) => a.name.localeCompare(b.name))) {
      const d = await world.client.send(new DescribeSecretCommand({ SecretId: s.arn }));
      const current = await readStage(world.client, s.arn, "AWSCURRENT");
      const promotion = parsePromotionTag(d.Tags?.find((t) => t.Key === PROMOTION_TAG)?.Value);
      const pending = s === failing();
      expected.push({
        secret: s.name,
        owner: s.tags.owner ?? "",
        purpose: s.tags.purpose ?? "",
        environment: s.tags.environment ?? "",
        vendor: s.vendor,
        keyId: current?.keyId ?? "",
        created: current?.createdAt ?? "",
        expires: current?.expiresAt ?? "never",
        lastRotated: d.LastRotatedDate?.toISOString() ?? "never",
        nextRotation: d.NextRotationDate?.toISOString() ?? "-",
        overlap: pending
          ? "rotation in progress"
          : d.VersionIdsToStages &&
              Object.values(d.VersionIdsToStages).some((v) => v.includes("AWSPREVIOUS"))
            ? `until ${new Date((promotion?.at ?? 0) + 24 * 3_600_000).toISOString()}`
            : "none",
        // SendGrid keys never expire; OpenAI's are created with the 90-day TTL.
        ttlDays: current?.expiresAt === undefined ? null : 90,
        compliant: true,
        problems: [],
      });
    }

    // Act
    const result = await cli(["inventory", "--name-prefix", `${world.label}/`, "--json"]);

    // Assess
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  it("inventory checks the TTL against --max-key-age-days, and prints a table and CSV", async () => {
    // Act
    const strict = await cli([
      "inventory",
      "--name-prefix",
      `${world.label}/`,
      "--max-key-age-days",
      "30",
      "--json",
    ]);
    const table = await cli([
      "inventory",
      "--name-prefix",
      `${world.label}/`,
      "--vendor",
      "sendgrid",
    ]);
    const csv = await cli([
      "inventory",
      "--name-prefix",
      `${world.label}/`,
      "--tag",
      "owner=team-b",
      "--csv",
    ]);
    const both = await cli(["inventory", "--json", "--csv"]);

    // Assess
    const entries = JSON.parse(strict.stdout) as InventoryEntry[];
    expect(entries).toHaveLength(50);
    for (const e of entries) {
      // A key that never expires is held to the policy by its age (minutes here).
      expect([e.vendor, e.compliant, e.problems]).toEqual(
        e.vendor === "openai"
          ? ["openai", false, ["key TTL 90 d > max age 30 d"]]
          : ["sendgrid", true, []],
      );
    }
    expect(table.code).toBe(0);
    expect(table.stdout.endsWith("\n25 key(s), 25 within policy, 0 not\n")).toBe(true);
    const rows = csv.stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "secret,owner,purpose,environment,vendor,keyId,created,expires,lastRotated,nextRotation,overlap,compliant,ttlDays,problems",
    );
    expect(rows).toHaveLength(26);
    expect(rows.slice(1).every((r) => r.split(",")[1] === "team-b")).toBe(true);
    expect(both).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: pass --json or --csv, not both.\n",
    });
  });

  it("report computes the playbook's metrics from the audit records and Secrets Manager", async () => {
    // Act
    const result = await cli([
      "report",
      "--since",
      "1h",
      "--name-prefix",
      `${world.label}/`,
      "--json",
    ]);
    const table = await cli(["report", "--since", "1h", "--name-prefix", `${world.label}/`]);
    const empty = await cli([
      "report",
      "--since",
      "2030-01-01T00:00:00Z",
      "--until",
      "2030-02-01T00:00:00Z",
      "--name-prefix",
      `${world.label}/`,
      "--json",
    ]);
    const backwards = await cli(["report", "--since", "1h", "--until", "2h"]);

    // Assess
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as FleetReport;
    const emergencies = emergencySecrets().length;
    expect(report.rotations).toEqual({
      attempted: 52 + emergencies + 1,
      succeeded: 52 + emergencies,
      succeededWithoutOutage: 52 + emergencies,
      failed: 1,
      inProgress: 0,
      successRateWithoutOutage:
        Math.round(((52 + emergencies) / (53 + emergencies)) * 10_000) / 10_000,
    });
    expect(report.timeToRotate.scheduled.count).toBe(52);
    expect(report.timeToRotate.emergency.count).toBe(emergencies);
    expect(report.timeToContain.count).toBe(emergencies);
    expect(report.timeToContain.medianSeconds).toBeGreaterThan(0);
    expect(report.timeToContain.maxSeconds).toBeLessThan(120);
    expect(report.withinPolicy).toEqual({ keys: 50, compliant: 50, share: 1 });
    expect(report.staleKeys).toEqual({
      unusedPreviousRevoked: 0,
      revokedByOperator: revoked().length,
      revokedDespiteUse: 0,
      inUseDeferred: 0,
      orphansCleared: 0,
    });
    expect(table.stdout).toContain("rotation success rate without outages");
    expect((JSON.parse(empty.stdout) as FleetReport).rotations).toEqual({
      attempted: 0,
      succeeded: 0,
      succeededWithoutOutage: 0,
      failed: 0,
      inProgress: 0,
      successRateWithoutOutage: null,
    });
    expect(backwards).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --since must be before --until.\n",
    });
  });

  it("no output holds key material", () => {
    const text =
      outputs.map((o) => `${o.stdout}\n${o.stderr}`).join("\n") + emulator.lines().join("\n");
    const keys = Object.values(world.sims).flatMap((sim) => sim.keys().map((k) => k.secret));
    expect(keys.length).toBeGreaterThanOrEqual(58);
    expect(keys.filter((key) => text.includes(key))).toEqual([]);
  });
});
