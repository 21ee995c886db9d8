import {
  CreateSecretCommand,
  ListSecretsCommand,
  type SecretsManagerClient,
  type Tag,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { ConfigEnv } from "../lambdas/contract/config";
import { FLEET_TAG, MAINTAINED_TAG, settingTags } from "../lambdas/contract/fleet";
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  ensureStubRotationFunction,
  motoEndpoint,
  secretsManagerClient,
} from "./aws/motoClients";
import { loadBundledHandler, type RotationHandler } from "./bundle";
import { RotationOrchestrator } from "./orchestrator";
import type { InvariantWorld } from "./invariants";
import { SIMULATORS } from "./simulators";
import type { VendorSimulator } from "./simulators/vendorSimulator";

/** One secret of the fleet, as the component would create it: its own settings as tags. */
export interface FleetMemberSpec {
  readonly overlapHours: number;
  /** Written as the tag verbatim (so a test can give a member a bad value). */
  readonly overlapTag?: string;
}

export interface FleetMember {
  readonly secretArn: string;
  readonly secretName: string;
  readonly keyNamePrefix: string;
  readonly overlapHours: number;
}

/** Moto + one vendor simulator + one bundled fleet function serving many secrets. */
export interface FleetWorld {
  readonly fleetName: string;
  readonly sim: VendorSimulator;
  readonly client: SecretsManagerClient;
  readonly members: readonly FleetMember[];
  readonly handler: RotationHandler;
  readonly orchestrator: RotationOrchestrator;
  readonly rotationLambdaArn: string;
  readonly adminSecretArn: string;
  readonly env: Record<string, string>;
  /** One member as the invariant checks see a world. */
  memberWorld(member: FleetMember): InvariantWorld;
  /** Each member's `RotatedApiKey:MaintainedAt` tag (undefined when never attempted), by secret name. */
  maintainedAt(): Promise<Record<string, string | undefined>>;
  stop(): Promise<void>;
}

/**
 * Provisions in moto what `RotationFleet` and its members provision in AWS:
 * one admin credential secret, one function ARN for `RotateSecret`, and one
 * secret per member (no value; tagged with the fleet's name and its own
 * settings, each with its own key-name prefix as a component name gives it),
 * then loads a cold copy of the bundle with the fleet function's environment.
 */
export async function createFleetWorld(
  label: string,
  specs: readonly FleetMemberSpec[],
  options: { readonly maxActiveKeys?: number; readonly env?: Record<string, string> } = {},
): Promise<FleetWorld> {
  const endpoint = motoEndpoint();
  const client = secretsManagerClient(endpoint);
  const startSimulator = SIMULATORS.nylas;
  if (startSimulator === undefined) throw new Error("no nylas simulator registered");
  const sim = await startSimulator({ maxActiveKeys: options.maxActiveKeys ?? 1_000 });
  const suffix = randomUUID().slice(0, 8);
  const fleetName = `${label}-${suffix}`;
  const admin = await client.send(
    new CreateSecretCommand({
      Name: `${fleetName}/admin`,
      SecretString: sim.adminCredentialJson,
    }),
  );
  const members: FleetMember[] = [];
  for (const [index, spec] of specs.entries()) {
    const keyNamePrefix = `${label}-m${index}`;
    const tags: Tag[] = Object.entries({
      owner: "team-fleet",
      [FLEET_TAG]: fleetName,
      ...settingTags({ keyNamePrefix, overlapHours: spec.overlapTag ?? spec.overlapHours }),
    }).map(([Key, Value]) => ({ Key, Value }));
    const secret = await client.send(
      new CreateSecretCommand({ Name: `${fleetName}/member-${index}`, Tags: tags }),
    );
    members.push({
      secretArn: secret.ARN ?? "",
      secretName: secret.Name ?? "",
      keyNamePrefix,
      overlapHours: spec.overlapHours,
    });
  }
  const rotationLambdaArn = await ensureStubRotationFunction(endpoint, `fleet-stub-${fleetName}`);
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: "rotated-api-key",
    [ConfigEnv.vendor]: sim.vendor,
    [ConfigEnv.vendorOptions]: JSON.stringify(sim.vendorOptions),
    [ConfigEnv.adminSecretArn]: admin.ARN ?? "",
    [ConfigEnv.fleetName]: fleetName,
    ...options.env,
  };
  // A fleet function has no secret of its own.
  delete process.env[ConfigEnv.secretArn];
  const handler = loadBundledHandler(env);
  const orchestrator = new RotationOrchestrator({ client, handler, rotationLambdaArn });
  const world: FleetWorld = {
    fleetName,
    sim,
    client,
    members,
    handler,
    orchestrator,
    rotationLambdaArn,
    adminSecretArn: admin.ARN ?? "",
    env,
    memberWorld: (member) => ({
      sim,
      client,
      secretArn: member.secretArn,
      options: {
        overlapHours: member.overlapHours,
        keyTtlDays: 90,
        maxActiveKeys: sim.faults.maxActiveKeys,
        keyNamePrefix: member.keyNamePrefix,
      },
    }),
    maintainedAt: async () => {
      const found: Record<string, string | undefined> = {};
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new ListSecretsCommand({
            Filters: [{ Key: "tag-value", Values: [fleetName] }],
            ...(NextToken === undefined ? {} : { NextToken }),
          }),
        );
        for (const s of page.SecretList ?? []) {
          found[s.Name ?? ""] = s.Tags?.find((t) => t.Key === MAINTAINED_TAG)?.Value;
        }
        NextToken = page.NextToken;
      } while (NextToken !== undefined);
      return found;
    },
    stop: () => sim.close(),
  };
  return world;
}
