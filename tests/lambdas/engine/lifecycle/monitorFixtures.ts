import { Logger } from "@aws-lambda-powertools/logger";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { createMaintenanceContext } from "../../../../lambdas/engine/lifecycle/maintain";
import type { MaintenanceContext } from "../../../../lambdas/engine/lifecycle/maintenanceContext";
import { loadConfig } from "../../../../lambdas/contract/config";
import { keyNameFor } from "../../../../lambdas/engine/core/keyNames";
import { SecretsStore } from "../../../../lambdas/engine/core/secretsStore";
import type { VendorAdapter, VendorKey } from "../../../../lambdas/vendors/kit/adapter";

export const SECRET_ARN =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/nylas-api-key-AbC123";
export const SECRET_NAME = "team/nylas-api-key";
export const PREFIX = "rotated";
/** The monitor's clock in these tests. */
export const NOW = new Date("2030-05-10T12:00:00.000Z");

/** A version as the rotation engine stores it (no `apiKey` worth leaking: these are fixtures). */
export interface StoredFixture {
  readonly versionId: string;
  readonly keyId: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
}

/** The vendor key our engine created for a stored version. */
export function vendorKeyFor(stored: StoredFixture, expiresAt?: string): VendorKey {
  return {
    id: stored.keyId,
    name: keyNameFor(PREFIX, SECRET_ARN, stored.versionId),
    createdAt: stored.createdAt,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/**
 * A maintenance context built as the handler builds it (`createMaintenanceContext`
 * over a real `SecretsStore`), with Secrets Manager stubbed by aws-sdk-client-mock
 * and a vendor whose only admin call is the key list.
 */
export function monitorContext(world: {
  readonly current?: StoredFixture;
  readonly previous?: StoredFixture;
  readonly vendorKeys: readonly VendorKey[] | Error;
  readonly secretsManagerDown?: boolean;
}): MaintenanceContext {
  const client = new SecretsManagerClient({ region: "us-east-1" });
  const sm = mockClient(client);
  const stages: Record<string, string[]> = {};
  if (world.current) stages[world.current.versionId] = ["AWSCURRENT"];
  if (world.previous) stages[world.previous.versionId] = ["AWSPREVIOUS"];
  if (world.secretsManagerDown) {
    sm.on(DescribeSecretCommand).rejects(new Error("Secrets Manager is unreachable"));
  } else {
    sm.on(DescribeSecretCommand).resolves({
      ARN: SECRET_ARN,
      Name: SECRET_NAME,
      RotationEnabled: true,
      VersionIdsToStages: stages,
    });
  }
  for (const [stage, stored] of [
    ["AWSCURRENT", world.current],
    ["AWSPREVIOUS", world.previous],
  ] as const) {
    if (stored === undefined) continue;
    sm.on(GetSecretValueCommand, { SecretId: SECRET_ARN, VersionStage: stage }).resolves({
      ARN: SECRET_ARN,
      Name: SECRET_NAME,
      VersionId: stored.versionId,
      SecretString: JSON.stringify({
        apiKey: `fixture-key-${stored.versionId}`,
        keyId: stored.keyId,
        keyName: keyNameFor(PREFIX, SECRET_ARN, stored.versionId),
        vendor: "nylas",
        createdAt: stored.createdAt,
        ...(stored.expiresAt === undefined ? {} : { expiresAt: stored.expiresAt }),
        rotationToken: stored.versionId,
      }),
    });
  }
  sm.on(ListSecretVersionIdsCommand).resolves({
    Versions: Object.entries(stages).map(([VersionId, VersionStages]) => ({
      VersionId,
      VersionStages,
    })),
  });
  const refuse = () => Promise.reject(new Error("the monitor must only list keys"));
  const adapter: VendorAdapter = {
    vendor: "nylas",
    secretShownOnce: true,
    createKey: refuse,
    verifyKey: refuse,
    revokeKey: refuse,
    listKeys: () =>
      world.vendorKeys instanceof Error
        ? Promise.reject(world.vendorKeys)
        : Promise.resolve(world.vendorKeys),
  };
  const config = loadConfig({
    ROTATION_VENDOR: "nylas",
    ROTATION_VENDOR_OPTIONS: JSON.stringify({ applicationId: "app-123" }),
    ROTATION_ADMIN_SECRET_ARN:
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/nylas-admin-XyZ789",
    ROTATION_KEY_NAME_PREFIX: PREFIX,
    ROTATION_SECRET_ARN: SECRET_ARN,
  });
  return createMaintenanceContext({
    store: new SecretsStore(client),
    adapter,
    config,
    logger: new Logger({ serviceName: "rotated-api-key" }),
    now: () => NOW,
  });
}
