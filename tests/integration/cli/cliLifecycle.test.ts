import { startAwsEmulator, type AwsEmulator } from "../../../harness/aws/awsEmulator";
import { motoEndpoint } from "../../../harness/aws/motoClients";
import { runCli } from "../../../harness/cliRunner";
import { recordConsumerFallback } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";

describe("rotated-api-key rollback, revoke-previous, status and history", () => {
  const s = useScenario("cli-ops", {
    overlapHours: 24,
    env: { ROTATION_USAGE_QUIET_MINUTES: "5" },
  });
  let aws: AwsEmulator;

  beforeAll(async () => {
    aws = await startAwsEmulator(s.world, motoEndpoint());
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  });
  afterAll(() => aws.close());

  it("rollback moves AWSCURRENT back to the previous key", async () => {
    // Prepare
    const good = await s.world.readValue("AWSPREVIOUS");
    const bad = await s.world.readValue("AWSCURRENT");

    // Act
    const result = await runCli(aws.endpoint, [
      "--as",
      "dave",
      "rollback",
      s.world.secretName,
      "--reason",
      "403s after rotation",
    ]);

    // Assess
    expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({
      code: 0,
      stderr: "",
      stdout: `✓ rolled back ${s.world.secretName}: key ${good?.keyId} is AWSCURRENT again; key ${bad?.keyId} is AWSPREVIOUS and will be revoked once unused\n`,
    });
    await s.expectInvariants();
  });

  it("revoke-previous refuses while consumers still use the previous key, and --force overrides", async () => {
    // Prepare
    const previous = await s.world.readValue("AWSPREVIOUS");
    await recordConsumerFallback(s.world.secretName, new Date(Date.now() - 30_000));

    // Act
    const refused = await runCli(aws.endpoint, ["revoke-previous", s.world.secretName]);
    const forced = await runCli(aws.endpoint, [
      "revoke-previous",
      s.world.secretName,
      "--force",
      "--reason",
      "consumers confirmed moved",
    ]);

    // Assess
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({
      code: 1,
      stderr: `error: Refusing to revoke the AWSPREVIOUS key ${previous?.keyId} of ${s.world.secretName}: consumers fell back to it 1 time(s) in the last 5 minutes. Wait until consumers have moved, or pass --force.\n`,
    });
    expect({ code: forced.code, stdout: forced.stdout }).toEqual({
      code: 0,
      stdout: `✓ revoked the previous key ${previous?.keyId} of ${s.world.secretName} (it was still in use)\n`,
    });
    expect(s.world.sim.isKeyAccepted(previous?.apiKey ?? "")).toBe(false);
  });

  it("rollback is refused once the previous key is revoked", async () => {
    // Act
    const result = await runCli(aws.endpoint, ["rollback", s.world.secretName]);

    // Assess
    const previous = await s.world.readValue("AWSPREVIOUS");
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr: `error: Cannot roll back ${s.world.secretName}: the AWSPREVIOUS key ${previous?.keyId} is already revoked at nylas. Rotate instead.\n`,
    });
  });

  it("status lists the secret with its owner, vendor and key state; bad filters exit 2", async () => {
    // Act
    const json = await runCli(aws.endpoint, ["status", "--tag", "owner=team-local", "--json"]);
    const table = await runCli(aws.endpoint, ["status", "--tag", "owner=team-local"]);
    const bad = await runCli(aws.endpoint, ["status", "--tag", "owner"]);

    // Assess
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    const mine = rows.find((r) => r.secret === s.world.secretName);
    expect(mine).toMatchObject({
      owner: "team-local",
      vendor: "nylas",
      activeVendorKeys: 1,
      alarms: "none",
    });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(s.world.secretName);
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({
      code: 2,
      stderr: 'error: --tag must look like key=value (received "owner").\n',
    });
  });

  it("history --json exports versions and audit records, and no key", async () => {
    // Act
    const result = await runCli(aws.endpoint, ["history", s.world.secretName, "--json"]);

    // Assess
    expect(result.code).toBe(0);
    const h = JSON.parse(result.stdout) as {
      versions: Array<Record<string, unknown>>;
      audit: Array<Record<string, unknown>>;
    };
    expect(h.versions.length).toBe(2);
    for (const v of h.versions)
      expect(Object.keys(v).sort()).toEqual(
        [
          "createdAt",
          "createdDate",
          "keyId",
          "keyName",
          "stages",
          "vendor",
          "versionId",
          "expiresAt",
        ].sort(),
      );
    expect(h.audit.map((a) => a.event)).toEqual(["rollback", "revocation"]);
    expect(h.audit[0]).toMatchObject({ trigger: "cli:dave", reason: "403s after rotation" });
    for (const key of s.world.sim.keys()) expect(result.stdout).not.toContain(key.secret);
  });
});
