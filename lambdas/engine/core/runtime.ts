import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { loadConfig, type RotationConfig } from "../../contract/config";
import { loadSecretConfig } from "../../contract/fleet";
import { RotationError } from "../../contract/errors";
import type { VendorAdapter } from "../../vendors/kit/adapter";
import { createAdapter } from "../../vendors/registry";
import { SecretsStore, Stage } from "./secretsStore";

const ADMIN_CREDENTIAL_TTL_MS = 5 * 60_000;

export interface Runtime {
  readonly config: RotationConfig;
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
  /**
   * The configuration for one secret: the function's own for a key's own
   * function; for a fleet function, its environment with the secret's
   * setting tags laid over it (and a refusal if the secret is not a member).
   */
  readonly configFor: (secret: {
    readonly arn: string;
    readonly name: string;
    readonly tags: Readonly<Record<string, string>>;
  }) => RotationConfig;
}

let runtime: Runtime | undefined;

/**
 * Built once per cold start: configuration is validated here (a bad variable
 * fails every invocation with the same clear error), the SDK client honours
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` / `AWS_ENDPOINT_URL` by itself, and the
 * admin credential is read only when an admin call needs it, then cached.
 */
export function getRuntime(): Runtime {
  if (runtime !== undefined) return runtime;
  // A snapshot: every secret's configuration is read against the environment of this cold start.
  const env = { ...process.env };
  const config = loadConfig(env);
  const store = new SecretsStore(new SecretsManagerClient({}));
  let cached: { value: string; at: number } | undefined;
  const adapter = createAdapter(config, async () => {
    if (cached === undefined || Date.now() - cached.at > ADMIN_CREDENTIAL_TTL_MS) {
      const read = await store.read(config.adminSecretArn, { stage: Stage.Current });
      if (read?.secretString === undefined) {
        throw new RotationError(
          `The admin credential secret ${config.adminSecretArn} has no AWSCURRENT value; store the vendor admin credential in it.`,
          { operation: "loadAdminCredential" },
        );
      }
      cached = { value: read.secretString, at: Date.now() };
    }
    return cached.value;
  });
  const configFor: Runtime["configFor"] = (secret) =>
    config.fleetName === undefined ? config : loadSecretConfig(env, secret);
  runtime = { config, store, adapter, configFor };
  return runtime;
}
