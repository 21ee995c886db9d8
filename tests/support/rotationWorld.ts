import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { ConfigEnv } from "../../lambdas/rotation/config";
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  ensureStubRotationFunction,
  motoEndpoint,
  secretsManagerClient,
} from "./aws/motoClients";
import { startFaultProxy, type FaultProxy } from "./aws/faultProxy";
import { loadBundledHandler, type RotationHandler } from "./bundle";
import { RotationOrchestrator } from "./orchestrator";
import { startNylasSimulator, type NylasSimulator } from "./simulators/nylas/nylasSimulator";

export interface WorldOptions {
  /** @default 24 */
  readonly overlapHours?: number;
  /** @default 90 */
  readonly keyTtlDays?: number;
  /** Vendor cap on active keys. @default 10 */
  readonly maxActiveKeys?: number;
  /** @default "rotated" */
  readonly keyNamePrefix?: string;
  /** Time the handler is given per step (a number, or per step name). @default 60000 */
  readonly stepTimeoutMs?: number | Partial<Record<string, number>>;
  /** Extra or overriding Lambda environment variables. */
  readonly env?: Record<string, string>;
}

/** Moto + a Nylas simulator + the bundled handler, wired as `RotatedApiKey` wires them in AWS. */
export interface RotationWorld {
  readonly sim: NylasSimulator;
  /** The handler's path to moto: counts calls per operation, injects faults. */
  readonly proxy: FaultProxy;
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  readonly secretName: string;
  readonly adminSecretArn: string;
  readonly handler: RotationHandler;
  readonly orchestrator: RotationOrchestrator;
  readonly options: Required<Omit<WorldOptions, "env" | "stepTimeoutMs">>;
  readonly env: Record<string, string>;
  /** The stored JSON of the version carrying `stage`, or undefined. */
  readValue(stage: string): Promise<StoredValue | undefined>;
  stop(): Promise<void>;
}

export interface StoredValue {
  readonly versionId: string;
  readonly apiKey: string;
  readonly keyId: string;
  readonly keyName: string;
  readonly rotationToken: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
}

/**
 * Creates the secret the way the component does (no value: the first key is
 * made by the first rotation) next to an admin-credential secret holding the
 * simulator's service account, and loads a cold copy of the bundle.
 */
export async function createRotationWorld(
  label: string,
  options: WorldOptions = {},
): Promise<RotationWorld> {
  const endpoint = motoEndpoint();
  const resolved = {
    overlapHours: options.overlapHours ?? 24,
    keyTtlDays: options.keyTtlDays ?? 90,
    maxActiveKeys: options.maxActiveKeys ?? 10,
    keyNamePrefix: options.keyNamePrefix ?? "rotated",
  };
  const sim = await startNylasSimulator({ maxActiveKeys: resolved.maxActiveKeys });
  const proxy = await startFaultProxy(endpoint);
  const client = secretsManagerClient(endpoint);
  const suffix = randomUUID().slice(0, 8);
  const admin = await client.send(
    new CreateSecretCommand({
      Name: `${label}-${suffix}/nylas-admin`,
      SecretString: sim.serviceAccountJson,
    }),
  );
  const secret = await client.send(
    new CreateSecretCommand({
      Name: `${label}-${suffix}/nylas-api-key`,
      Tags: [
        { Key: "owner", Value: "team-test" },
        { Key: "vendor", Value: "nylas" },
      ],
    }),
  );
  const rotationLambdaArn = await ensureStubRotationFunction(
    endpoint,
    `rotation-stub-${label}-${suffix}`,
  );
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint,
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: "rotated-api-key",
    [ConfigEnv.vendor]: "nylas",
    [ConfigEnv.vendorOptions]: JSON.stringify({
      applicationId: sim.applicationId,
      baseUrl: sim.baseUrl,
    }),
    [ConfigEnv.adminSecretArn]: admin.ARN ?? "",
    [ConfigEnv.overlapHours]: String(resolved.overlapHours),
    [ConfigEnv.keyTtlDays]: String(resolved.keyTtlDays),
    [ConfigEnv.keyNamePrefix]: resolved.keyNamePrefix,
    ...options.env,
  };
  const handler = loadBundledHandler(env);
  const orchestrator = new RotationOrchestrator({
    client,
    handler,
    rotationLambdaArn,
    ...(options.stepTimeoutMs === undefined ? {} : { stepTimeoutMs: options.stepTimeoutMs }),
  });
  const secretArn = secret.ARN ?? "";
  return {
    sim,
    proxy,
    client,
    secretArn,
    secretName: secret.Name ?? "",
    adminSecretArn: admin.ARN ?? "",
    handler,
    orchestrator,
    options: resolved,
    env,
    readValue: (stage) => readStage(client, secretArn, stage),
    stop: async () => {
      await sim.close();
      await proxy.close();
    },
  };
}

export async function readStage(
  client: SecretsManagerClient,
  secretId: string,
  stage: string,
): Promise<StoredValue | undefined> {
  const d = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const versionId = Object.entries(d.VersionIdsToStages ?? {}).find(([, s]) =>
    s.includes(stage),
  )?.[0];
  if (versionId === undefined) return undefined;
  return readVersion(client, secretId, versionId);
}

export async function readVersion(
  client: SecretsManagerClient,
  secretId: string,
  versionId: string,
): Promise<StoredValue | undefined> {
  try {
    const out = await client.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId }),
    );
    if (out.SecretString === undefined) return undefined;
    return { versionId, ...(JSON.parse(out.SecretString) as Omit<StoredValue, "versionId">) };
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}
