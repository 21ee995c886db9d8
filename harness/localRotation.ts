import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { ConfigEnv } from "../lambdas/contract/config";
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  ensureStubRotationFunction,
  secretsManagerClient,
} from "./aws/motoClients";
import { loadBundledHandler, type RotationHandler } from "./bundle";
import { RotationOrchestrator } from "./orchestrator";

export interface LocalRotationParams {
  /** Names the secrets (a random suffix is added). */
  readonly label: string;
  /** `ROTATION_VENDOR`. */
  readonly vendor: string;
  /** moto's endpoint, for set-up and assertions. */
  readonly motoEndpoint: string;
  /** The endpoint the handler uses for Secrets Manager (moto, or a proxy in front of it). */
  readonly handlerEndpoint: string;
  /** JSON stored in the admin-credential secret (the vendor's service account). */
  readonly adminCredentialJson: string;
  /** `ROTATION_VENDOR_OPTIONS` for the vendor. */
  readonly vendorOptions: Record<string, unknown>;
  readonly overlapHours: number;
  readonly keyTtlDays: number;
  readonly keyNamePrefix: string;
  readonly stepTimeoutMs?: number | Partial<Record<string, number>>;
  readonly env?: Record<string, string>;
}

export interface LocalRotation {
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  readonly secretName: string;
  readonly adminSecretArn: string;
  readonly env: Record<string, string>;
  readonly rotationLambdaArn: string;
  readonly handler: RotationHandler;
  readonly orchestrator: RotationOrchestrator;
}

/**
 * Provisions in moto what `RotatedApiKey` provisions in AWS: the rotated
 * secret with no value (the first rotation makes the first key), the admin
 * credential secret, a function ARN for `RotateSecret`, and the Lambda's
 * environment; then loads a cold copy of the bundle with that environment.
 */
export async function provisionLocalRotation(params: LocalRotationParams): Promise<LocalRotation> {
  const client = secretsManagerClient(params.motoEndpoint);
  const suffix = randomUUID().slice(0, 8);
  const admin = await client.send(
    new CreateSecretCommand({
      Name: `${params.label}-${suffix}/${params.vendor}-admin`,
      SecretString: params.adminCredentialJson,
    }),
  );
  const secret = await client.send(
    new CreateSecretCommand({
      Name: `${params.label}-${suffix}/${params.vendor}-api-key`,
      Tags: [
        { Key: "owner", Value: "team-local" },
        { Key: "vendor", Value: params.vendor },
      ],
    }),
  );
  const rotationLambdaArn = await ensureStubRotationFunction(
    params.motoEndpoint,
    `rotation-stub-${params.label}-${suffix}`,
  );
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: params.handlerEndpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: params.motoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: params.motoEndpoint,
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: "rotated-api-key",
    [ConfigEnv.vendor]: params.vendor,
    [ConfigEnv.vendorOptions]: JSON.stringify(params.vendorOptions),
    [ConfigEnv.adminSecretArn]: admin.ARN ?? "",
    [ConfigEnv.secretArn]: secret.ARN ?? "",
    [ConfigEnv.overlapHours]: String(params.overlapHours),
    [ConfigEnv.keyTtlDays]: String(params.keyTtlDays),
    [ConfigEnv.keyNamePrefix]: params.keyNamePrefix,
    ...params.env,
  };
  const handler = loadBundledHandler(env);
  const orchestrator = new RotationOrchestrator({
    client,
    handler,
    rotationLambdaArn,
    ...(params.stepTimeoutMs === undefined ? {} : { stepTimeoutMs: params.stepTimeoutMs }),
  });
  return {
    client,
    secretArn: secret.ARN ?? "",
    secretName: secret.Name ?? "",
    adminSecretArn: admin.ARN ?? "",
    env,
    rotationLambdaArn,
    handler,
    orchestrator,
  };
}
