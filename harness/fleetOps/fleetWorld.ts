import { CreateRoleCommand, EntityAlreadyExistsException, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { strToU8, zipSync } from "fflate";
import { randomUUID } from "node:crypto";
import { ConfigEnv } from "../../lambdas/contract/config";
import {
  MOTO_ACCOUNT,
  MOTO_CREDENTIALS,
  MOTO_REGION,
  secretsManagerClient,
} from "../aws/motoClients";
import { SIMULATORS } from "../simulators";
import type { VendorSimulator } from "../simulators/vendorSimulator";

/** One managed secret of the fleet, as `RotatedApiKey` would have provisioned it. */
export interface FleetSecret {
  readonly name: string;
  readonly arn: string;
  readonly vendor: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly functionName: string;
  readonly functionArn: string;
  /** The rotation function's environment (non-secret configuration, as the component sets it). */
  readonly env: Readonly<Record<string, string>>;
}

export interface FleetWorldOptions {
  /** How many secrets. */
  readonly size: number;
  /** Simulators (keys of `SIMULATORS`), assigned round-robin. @default ["sendgrid", "datadog"] */
  readonly vendors?: readonly string[];
  /** @default 24 */
  readonly overlapHours?: number;
  /** @default 90 */
  readonly keyTtlDays?: number;
  /** Inventory tags of secret `i`. @default owner team-a/team-b, purpose, environment prod/staging */
  readonly tagsOf?: (i: number) => Record<string, string>;
  /** Extra Lambda environment for every function. */
  readonly env?: Record<string, string>;
}

/**
 * A fleet in moto: `size` secrets, each created empty and tagged as the
 * component tags it (`owner`, `purpose`, `environment`, `vendor`), each with
 * its own rotation function (a stub in moto whose environment holds the
 * component's non-secret settings), one admin-credential secret and one
 * simulator per vendor. No rotation has run yet.
 */
export interface FleetWorld {
  readonly label: string;
  readonly client: SecretsManagerClient;
  readonly secrets: readonly FleetSecret[];
  readonly sims: Readonly<Record<string, VendorSimulator>>;
  readonly motoEndpoint: string;
  stop(): Promise<void>;
}

export async function createFleetWorld(
  motoEndpoint: string,
  label: string,
  options: FleetWorldOptions,
): Promise<FleetWorld> {
  const client = secretsManagerClient(motoEndpoint);
  const config = { endpoint: motoEndpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const run = `${label}-${randomUUID().slice(0, 8)}`;
  const roleName = `${run}-role`;
  await iam
    .send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof EntityAlreadyExistsException)) throw error;
    });
  const simulatorNames = options.vendors ?? ["sendgrid", "datadog"];
  const sims: Record<string, VendorSimulator> = {};
  const admins: Record<string, string> = {};
  for (const name of simulatorNames) {
    const start = SIMULATORS[name];
    if (start === undefined) throw new Error(`no simulator registered as ${name}`);
    const sim = await start({ maxActiveKeys: 100_000 });
    sims[sim.vendor] = sim;
    const admin = await client.send(
      new CreateSecretCommand({
        Name: `${run}/${sim.vendor}-admin`,
        SecretString: sim.adminCredentialJson,
      }),
    );
    admins[sim.vendor] = admin.ARN ?? "";
  }
  const vendors = Object.keys(sims);
  const code = zipSync({ "index.js": strToU8("exports.handler = async () => {};\n") });
  const secrets: FleetSecret[] = [];
  for (let i = 0; i < options.size; i++) {
    const vendor = vendors[i % vendors.length] as string;
    const sim = sims[vendor] as VendorSimulator;
    const tags = {
      ...(options.tagsOf?.(i) ?? {
        owner: i % 2 === 0 ? "team-a" : "team-b",
        purpose: `integration ${i}`,
        environment: i % 3 === 0 ? "staging" : "prod",
      }),
      vendor,
    };
    const index = String(i).padStart(3, "0");
    const secret = await client.send(
      new CreateSecretCommand({
        Name: `${run}/${vendor}-key-${index}`,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    const functionName = `${run}-rotation-${index}`;
    const env: Record<string, string> = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: motoEndpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: motoEndpoint,
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      POWERTOOLS_SERVICE_NAME: "rotated-api-key",
      POWERTOOLS_METRICS_DISABLED: "true",
      [ConfigEnv.vendor]: vendor,
      [ConfigEnv.vendorOptions]: JSON.stringify(sim.vendorOptions),
      [ConfigEnv.adminSecretArn]: admins[vendor] ?? "",
      [ConfigEnv.secretArn]: secret.ARN ?? "",
      [ConfigEnv.overlapHours]: String(options.overlapHours ?? 24),
      [ConfigEnv.keyTtlDays]: String(options.keyTtlDays ?? 90),
      [ConfigEnv.keyNamePrefix]: "rotated",
      ...options.env,
    };
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: "nodejs22.x",
        Role: `arn:aws:iam::${MOTO_ACCOUNT}:role/${roleName}`,
        Handler: "index.handler",
        Code: { ZipFile: code },
        // What the component puts in the function's environment, minus the endpoints and credentials.
        Environment: { Variables: publicSettings(env) },
      }),
    );
    secrets.push({
      name: secret.Name ?? "",
      arn: secret.ARN ?? "",
      vendor,
      tags,
      functionName,
      functionArn:
        created.FunctionArn ??
        `arn:aws:lambda:${MOTO_REGION}:${MOTO_ACCOUNT}:function:${functionName}`,
      env,
    });
  }
  return {
    label: run,
    client,
    secrets,
    sims,
    motoEndpoint,
    stop: async () => {
      for (const sim of Object.values(sims)) await sim.close();
    },
  };
}

function publicSettings(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => k.startsWith("ROTATION_") || k.startsWith("POWERTOOLS_")),
  );
}
