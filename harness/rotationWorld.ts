import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { motoEndpoint } from "./aws/motoClients";
import { startFaultProxy, type FaultProxy } from "./aws/faultProxy";
import type { RotationHandler } from "./bundle";
import { provisionLocalRotation } from "./localRotation";
import type { RotationOrchestrator } from "./orchestrator";
import { SIMULATORS } from "./simulators";
import type { VendorSimulator } from "./simulators/vendorSimulator";

export interface WorldOptions {
  /** The simulator, by its key in `SIMULATORS` (its `vendor` names the adapter). @default "nylas" */
  readonly vendor?: string;
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

/** Moto + a vendor simulator + the bundled handler, wired as `RotatedApiKey` wires them in AWS. */
export interface RotationWorld {
  readonly vendor: string;
  readonly sim: VendorSimulator;
  /** The handler's path to moto: counts calls per operation, injects faults. */
  readonly proxy: FaultProxy;
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  readonly secretName: string;
  readonly adminSecretArn: string;
  readonly handler: RotationHandler;
  readonly orchestrator: RotationOrchestrator;
  /** The stub function ARN registered in moto for `RotateSecret`. */
  readonly rotationLambdaArn: string;
  readonly options: Required<Omit<WorldOptions, "env" | "stepTimeoutMs" | "vendor">>;
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
  const simulator = options.vendor ?? "nylas";
  const startSimulator = SIMULATORS[simulator];
  if (startSimulator === undefined) throw new Error(`no simulator registered as ${simulator}`);
  const sim = await startSimulator({ maxActiveKeys: resolved.maxActiveKeys });
  // The simulator says which adapter drives it (e.g. the configurable "http" adapter).
  const vendor = sim.vendor;
  const proxy = await startFaultProxy(endpoint);
  const local = await provisionLocalRotation({
    label,
    vendor,
    motoEndpoint: endpoint,
    handlerEndpoint: proxy.endpoint,
    adminCredentialJson: sim.adminCredentialJson,
    vendorOptions: sim.vendorOptions,
    ...resolved,
    ...(options.stepTimeoutMs === undefined ? {} : { stepTimeoutMs: options.stepTimeoutMs }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const { client, secretArn } = local;
  return {
    vendor,
    sim,
    proxy,
    client,
    secretArn,
    secretName: local.secretName,
    adminSecretArn: local.adminSecretArn,
    handler: local.handler,
    orchestrator: local.orchestrator,
    rotationLambdaArn: local.rotationLambdaArn,
    options: resolved,
    env: local.env,
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
