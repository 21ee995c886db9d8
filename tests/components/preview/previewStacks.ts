import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { readFileSync } from "node:fs";
import path from "node:path";
import { RotatedApiKey, type RotatedApiKeyArgs } from "../../../components";
import { RotationFleet, type RotationFleetArgs } from "../../../components/fleet";
import { KMS_KEY_ARN, defaultArgs, fullArgs } from "../componentArgs";
import { settle, type PulumiMocks } from "../pulumiMocks";
import { parseStackConfig } from "../stackConfigFile";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The example program's project name (Pulumi.yaml) and the stack the dumps are made for. */
export const PROJECT = /^name: (\S+)$/m.exec(
  readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"),
)?.[1] as string;
export const STACK = "example";

/** A chat webhook URL carries its own credential: the dump must show it only as a secret. */
export const WEBHOOK_URL =
  "https://hooks.slack.com/services/T0PREVIEW/B0PREVIEW/previewWebhookToken0123";
/** The fleet's admin credential: like `fullArgs.adminCredential`, it may appear only as a secret. */
export const FLEET_ADMIN_CREDENTIAL = JSON.stringify({
  private_key_id: "fleet-canary-private-key-id",
  private_key:
    "-----BEGIN PRIVATE KEY-----\nfleet-canary-private-key-body\n-----END PRIVATE KEY-----",
});
const EU_KMS_KEY_ARN =
  "arn:aws:kms:eu-west-1:123456789012:key/5678efgh-56ef-78ab-90cd-567890abcdef";

/**
 * Every argument of RotatedApiKey set (`fullArgs` plus the alarms, notifications, lifecycle, reach, replica,
 * operator, VPC endpoint and destroy arguments), except `canary` (it refuses `consumerPrincipals`: the
 * full-options stack has a canary key of its own) and `fleet` (its two members have it).
 */
export const everyArg: RotatedApiKeyArgs = {
  ...fullArgs,
  maintenanceIntervalMinutes: 30,
  alarms: {
    enabled: true,
    keyExpiry: { enabled: true, thresholdDays: 10 },
    overdueRotation: { enabled: true, slackHours: 12 },
    rotationFailure: { enabled: true, functionErrorsThreshold: 2 },
    authFailureSpike: {
      enabled: true,
      source: { kind: "logs", logGroupName: "/ecs/booking", filterPattern: "{ $.status = 401 }" },
      detection: {
        kind: "static",
        threshold: 10,
        periodSeconds: 120,
        evaluationPeriods: 4,
        datapointsToAlarm: 2,
      },
    },
    dashboard: { enabled: true },
  },
  notifications: {
    emailAddresses: ["platform-oncall@example.com"],
    httpsEndpoints: ["https://events.pagerduty.com/integration/0123456789abcdef/enqueue"],
    webhooks: [{ name: "team", url: WEBHOOK_URL }],
  },
  lifecycle: { revokeHardLimitHours: 48, usageQuietMinutes: 30, autoRollback: true },
  consumerReach: { regions: ["ap-southeast-2"], accountIds: ["210987654321"], createSinks: true },
  replicaRegions: ["eu-west-1"],
  replicaKmsKeyIds: { "eu-west-1": EU_KMS_KEY_ARN },
  operatorPrincipals: ["arn:aws:iam::123456789012:role/break-glass"],
  vpcEndpoints: {
    vpcId: "vpc-0123456789abcdef0",
    cloudWatchMetrics: true,
    subnetIds: ["subnet-0123456789abcdef0"],
  },
  revokeKeysOnDestroy: true,
  deletionProtection: true,
  recoveryWindowInDays: 7,
};

/** A fleet with every argument set that a fleet of own-credential keys takes. */
export const fleetEveryArg: RotationFleetArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "app-456", region: "eu" },
  adminCredential: FLEET_ADMIN_CREDENTIAL,
  tags: { owner: "platform-team", purpose: "every nylas key", environment: "prod" },
  kmsKeyIds: [KMS_KEY_ARN],
  vpc: fullArgs.vpc,
  lambdaMemoryMb: 512,
  lambdaTimeoutSeconds: 600,
  logRetentionDays: 90,
  maintenanceIntervalMinutes: 15,
  maintenanceConcurrency: 8,
  alarms: { enabled: true, dashboard: true, keyExpiryDays: 7 },
};

/**
 * Waits until the program has registered everything: Pulumi's own wait for its outstanding calls (what
 * `pulumi up` does before it ends the program), repeated until a turn of the event loop adds no resource.
 */
export async function drain(mocks: PulumiMocks): Promise<void> {
  const { waitForRPCs } = runtimeSettings as unknown as { waitForRPCs(): Promise<void> };
  for (let seen = -1; seen !== mocks.resources.length;) {
    seen = mocks.resources.length;
    await waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs the example program (index.ts) with Pulumi.example.yaml as its stack configuration. */
export async function runExampleProgram(mocks: PulumiMocks): Promise<void> {
  const config = parseStackConfig(readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8"));
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => [
        key,
        typeof value === "object" ? JSON.stringify(value) : String(value),
      ]),
    ),
  );
  mocks.reset();
  jest.isolateModules(() => {
    jest.requireActual<typeof import("../../../index")>("../../../index");
  });
  await drain(mocks);
}

/** The full-options stack: a key with every argument, a canary key, and a fleet with two members. */
export async function runFullOptionsStack(mocks: PulumiMocks): Promise<void> {
  mocks.reset();
  const key = new RotatedApiKey("booking-key", everyArg);
  const canary = new RotatedApiKey("decoy-key", { ...defaultArgs, canary: true });
  const fleet = new RotationFleet("nylas-fleet", fleetEveryArg);
  const members = [
    new RotatedApiKey("billing-key", {
      vendor: "nylas",
      tags: { owner: "billing-team", purpose: "invoices", environment: "prod" },
      fleet: fleet.memberArgs,
    }),
    new RotatedApiKey("search-key", {
      vendor: "nylas",
      tags: { owner: "search-team", purpose: "indexing", environment: "prod" },
      scheduleExpression: "rate(12 hours)",
      overlapHours: 4,
      keyTtlDays: 7,
      maxKeyAgeDays: 7,
      rotateImmediately: false,
      kmsKeyId: KMS_KEY_ARN,
      consumerPrincipals: ["arn:aws:iam::123456789012:role/search-indexer"],
      fleet: fleet.memberArgs,
    }),
  ];
  await Promise.all([key, canary, fleet, ...members].map(settle));
  await drain(mocks);
}
