import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { loadBundledHandler } from "../../harness/bundle";
import { captureOutput } from "../../harness/captureOutput";
import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";
import { SUPPORTED_VENDORS } from "../../lambdas/contract/config";

describe.each(SIMULATED_VENDORS)("events the handler must refuse (%s)", (vendor) => {
  const s = useScenario(`bad-events-${vendor}`, { vendor });
  const invoke = (event: unknown) =>
    s.world.handler(event, { getRemainingTimeInMillis: () => 60_000 });

  beforeAll(async () => {
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  });

  it("refuses an unknown step", async () => {
    await expect(
      invoke({
        Step: "deleteSecret",
        SecretId: s.world.secretArn,
        ClientRequestToken: randomUUID(),
      }),
    ).rejects.toThrow(
      "Unknown rotation step `deleteSecret`; expected one of createSecret, setSecret, testSecret, finishSecret.",
    );
    await s.expectInvariants();
  });

  it("refuses something that is not a rotation event", async () => {
    await expect(invoke({ Step: "createSecret" })).rejects.toThrow(
      "Not a Secrets Manager rotation event: `SecretId` is required; `ClientRequestToken` is required.",
    );
  });

  it("refuses a token that is not a version of the secret", async () => {
    const token = randomUUID();
    await expect(
      invoke({ Step: "createSecret", SecretId: s.world.secretArn, ClientRequestToken: token }),
    ).rejects.toThrow(
      `ClientRequestToken ${token} is not a version of secret ${s.world.secretName}; createSecret runs only for the version RotateSecret created.`,
    );
    expect(s.world.sim.keys()).toHaveLength(1);
    await s.expectInvariants();
  });

  it("refuses a version that is neither AWSCURRENT nor AWSPENDING", async () => {
    // Prepare: a second rotation makes the first version AWSPREVIOUS.
    const first = await s.world.readValue("AWSCURRENT");
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();

    // Act / Assess
    await expect(
      invoke({
        Step: "finishSecret",
        SecretId: s.world.secretArn,
        ClientRequestToken: first?.versionId,
      }),
    ).rejects.toThrow(
      `Version ${first?.versionId} of secret ${s.world.secretName} is not AWSPENDING (stages: AWSPREVIOUS); another rotation replaced it or a rollback ended its rotation; nothing was changed.`,
    );
    await s.expectInvariants();
  });

  it("refuses a secret whose rotation is disabled", async () => {
    // Prepare
    const plain = await s.world.client.send(
      new CreateSecretCommand({
        Name: `bad-events-plain-${randomUUID().slice(0, 8)}`,
        SecretString: "{}",
      }),
    );

    // Act / Assess
    await expect(
      invoke({ Step: "createSecret", SecretId: plain.ARN, ClientRequestToken: randomUUID() }),
    ).rejects.toThrow(
      `Secret ${plain.Name} is not enabled for rotation; enable rotation (RotateSecret with a Lambda ARN) before invoking createSecret.`,
    );
    expect(s.output.text()).toContain('"level":"ERROR"');
  });
});

describe("a misconfigured Lambda", () => {
  it("fails every invocation with one error naming each bad variable", async () => {
    // Prepare
    const handler = loadBundledHandler({
      ROTATION_VENDOR: "stripe",
      ROTATION_ADMIN_SECRET_ARN: "not-an-arn",
      ROTATION_OVERLAP_HOURS: "-1",
      ROTATION_KEY_TTL_DAYS: "ninety",
      ROTATION_KEY_NAME_PREFIX: "bad prefix!",
    });
    const event = { Step: "createSecret", SecretId: "any", ClientRequestToken: randomUUID() };

    // Act / Assess
    const output = captureOutput();
    const expected =
      `Invalid rotation Lambda configuration: ROTATION_VENDOR must be one of ${SUPPORTED_VENDORS.join(", ")}; ` +
      "ROTATION_ADMIN_SECRET_ARN must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>); " +
      "ROTATION_OVERLAP_HOURS must be a whole number written in decimal digits only (hours the previous key stays valid); " +
      "ROTATION_KEY_TTL_DAYS must be a whole number written in decimal digits only (days until the vendor expires a new key; 0 = never); " +
      "ROTATION_KEY_NAME_PREFIX must be 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit.";
    try {
      await expect(handler(event)).rejects.toThrow(expected);
      await expect(handler(event)).rejects.toThrow(expected);
    } finally {
      output.restore();
    }
    const logged = output
      .lines()
      .map((line) => JSON.parse(line) as { level?: string; error?: { name?: string } });
    expect(logged.filter((l) => l.level === "ERROR").map((l) => l.error?.name)).toEqual([
      "ConfigurationError",
      "ConfigurationError",
    ]);
  });
});
