import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { RequestTags } from "../../../lambdas/contract/secretTags";
import { startAwsEmulator, type AwsEmulator } from "../../../harness/aws/awsEmulator";
import { motoEndpoint } from "../../../harness/aws/motoClients";
import { runCli } from "../../../harness/cliRunner";
import { useScenario } from "../../../harness/scenario";

describe("rotated-api-key rotate", () => {
  const s = useScenario("cli-rotate", { overlapHours: 24, stepTimeoutMs: { testSecret: 6_000 } });
  let aws: AwsEmulator;

  beforeAll(async () => {
    aws = await startAwsEmulator(s.world, motoEndpoint());
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  });
  afterAll(() => aws.close());

  /** The token the secret's request tags are bound to. */
  const requestToken = async (): Promise<string | undefined> =>
    (
      await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn }))
    ).Tags?.find((t) => t.Key === RequestTags.requestToken)?.Value;

  it("rotates through RotateSecret and follows it until the new version is AWSCURRENT", async () => {
    // Prepare
    const before = await s.world.readValue("AWSCURRENT");

    // Act
    const result = await runCli(aws.endpoint, ["--as", "carol", "rotate", s.world.secretName]);

    // Assess
    const current = await s.world.readValue("AWSCURRENT");
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      new RegExp(
        `^✓ rotated ${s.world.secretName}: version ${current?.versionId} is AWSCURRENT; the previous key stays valid for the overlap window \\(\\d+\\.\\d s\\)\\n$`,
      ),
    );
    expect(result.code).toBe(0);
    expect((await s.world.readValue("AWSPREVIOUS"))?.keyId).toBe(before?.keyId);
    await s.expectInvariants();
  });

  it("--emergency revokes the previous key at once", async () => {
    // Prepare
    const leaked = await s.world.readValue("AWSCURRENT");

    // Act
    const result = await runCli(aws.endpoint, [
      "rotate",
      s.world.secretName,
      "--emergency",
      "--reason",
      "leaked in CI logs",
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^✓ emergency rotation of .+: version .+ is AWSCURRENT and the previous key is revoked/,
    );
    expect(s.world.sim.isKeyAccepted(leaked?.apiKey ?? "")).toBe(false);
    await s.expectInvariants({ emergency: true });
  });

  it("refuses --emergency without a reason, with usage exit code 2", async () => {
    // Act
    const result = await runCli(aws.endpoint, ["rotate", s.world.secretName, "--emergency"]);

    // Assess
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: --emergency needs --reason "…": it is recorded in the audit log.\n',
    });
  });

  it("reports a failed rotation in one line with exit code 1", async () => {
    // Prepare
    s.world.sim.faults.activationDelayMs = Number.POSITIVE_INFINITY;

    // Act
    const result = await runCli(aws.endpoint, ["rotate", s.world.secretName, "--timeout", "60"]);
    await aws.idle();
    s.world.sim.faults.activationDelayMs = 0;

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^error: rotation failed: testSecret: the pending nylas key .+ did not work after \d+ attempt\(s\) \(last: HTTP 401\); AWSCURRENT is unchanged\. Secrets Manager will retry it with the same version\.\n$/,
    );
    // The previous key was revoked by the emergency rotation above.
    await s.expectInvariants({ emergency: true });
  });

  it("refuses a new request while a requested rotation is pending, and keeps that request", async () => {
    // Prepare: the failed rotation above is still pending, its request tags bound to it.
    const before = await requestToken();

    // Act
    const result = await runCli(aws.endpoint, [
      "rotate",
      s.world.secretName,
      "--emergency",
      "--reason",
      "key in a screenshot",
    ]);

    // Assess
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: A requested rotation of ${s.world.secretName} is still in progress (version ${before}); Secrets Manager reattempts it and refuses a new one until it finishes. Follow it with \`history ${s.world.secretName}\`, then request again.\n`,
    });
    expect(await requestToken()).toBe(before);
  });

  it("names a secret that does not exist", async () => {
    // Act
    const result = await runCli(aws.endpoint, ["rotate", "no-such-secret"]);

    // Assess
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr: "error: Secret no-such-secret does not exist (or you may not describe it).\n",
    });
  });

  it("rejects an unknown command with exit code 2", async () => {
    // Act
    const result = await runCli(aws.endpoint, ["spin", s.world.secretName]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'spin'");
  });
});
