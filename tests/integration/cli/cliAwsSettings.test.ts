import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { MOTO_CREDENTIALS, motoEndpoint } from "../../../harness/aws/motoClients";
import { emptyHome, runTs } from "../../scripts/childProcess";

/**
 * `--region` and `--profile` reach the SDK: a secret that exists only in
 * eu-west-3 is found there and not in us-east-1, and a profile's region and
 * credentials are used when no flag or environment variable gives them.
 */
describe("rotated-api-key --region and --profile", () => {
  const name = `cli-region-${randomUUID().slice(0, 8)}`;
  const home = emptyHome();
  const notRotated = `error: Secret ${name} has no rotation function: is it a RotatedApiKey secret?\n`;
  const missing = `error: Secret ${name} does not exist (or you may not describe it).\n`;
  const cli = (args: readonly string[], env: Record<string, string> = {}) =>
    runTs("cli/main.ts", args, { HOME: home, AWS_ENDPOINT_URL: motoEndpoint(), ...env });

  beforeAll(async () => {
    const client = new SecretsManagerClient({
      endpoint: motoEndpoint(),
      region: "eu-west-3",
      credentials: MOTO_CREDENTIALS,
    });
    await client.send(new CreateSecretCommand({ Name: name, SecretString: "{}" }));
    mkdirSync(path.join(home, ".aws"));
    writeFileSync(path.join(home, ".aws", "config"), "[profile ops]\nregion = eu-west-3\n");
    writeFileSync(
      path.join(home, ".aws", "credentials"),
      `[ops]\naws_access_key_id = ${MOTO_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${MOTO_CREDENTIALS.secretAccessKey}\n`,
    );
  });

  it("--region picks the region the secret is looked up in", async () => {
    // Prepare
    const keys = {
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    };

    // Act
    const there = await cli(["--region", "eu-west-3", "history", name], keys);
    const elsewhere = await cli(["history", name, "--region", "us-east-1"], keys);

    // Assess
    expect(there).toEqual({ code: 1, stdout: "", stderr: notRotated });
    expect(elsewhere).toEqual({ code: 1, stdout: "", stderr: missing });
  });

  it("--profile supplies the profile's credentials and region; --region overrides the region", async () => {
    // Act
    const profile = await cli(["--profile", "ops", "history", name]);
    const overridden = await cli(["--profile", "ops", "--region", "us-east-1", "history", name]);

    // Assess
    expect(profile).toEqual({ code: 1, stdout: "", stderr: notRotated });
    expect(overridden).toEqual({ code: 1, stdout: "", stderr: missing });
  });
});
