import type * as pulumi from "@pulumi/pulumi";
import type { VendorName } from "../lambdas/contract/config";
import {
  RotatedApiKeyDefaults as D,
  type RotatedApiKeyAlarmsArgs,
  type RotatedApiKeyArgs,
  type RotatedApiKeyLifecycleArgs,
  type RotatedApiKeyNotificationsArgs,
  type RotatedApiKeyTags,
  type RotatedApiKeyVpc,
} from "../components";
import type { VendorOptionsByVendor } from "../components/vendorOptions";

/** One stack configuration key of the example program, as docs/configuration.md's table shows it. */
export interface ProgramConfigKey {
  /** The key, without the project namespace. */
  readonly key: string;
  /** The YAML type of the value. */
  readonly type: "string" | "secret string" | "number" | "boolean" | "object" | "list of strings";
  /** The default, or how the key is required. */
  readonly default: string;
  readonly description: string;
}

/** The program's default component name. */
export const DEFAULT_PROGRAM_NAME = "nylas-api-key";

/** Every configuration key the program reads, in the order docs/configuration.md lists them. */
export const PROGRAM_CONFIG = {
  name: {
    key: "name",
    type: "string",
    default: `\`${DEFAULT_PROGRAM_NAME}\``,
    description:
      "Name of the RotatedApiKey; child resource names derive from it (1-40 letters, digits, `-` or `_`).",
  },
  vendor: {
    key: "vendor",
    type: "string",
    default: "`nylas`",
    description:
      "Vendor whose API keys are rotated: `nylas`, `sendgrid`, `datadog`, `cloudflare`, `openai`, `gitlab`, `twilio`, or `http` (the configurable adapter).",
  },
  vendorOptions: {
    key: "vendorOptions",
    type: "object",
    default: "required",
    description:
      "Vendor adapter options, e.g. for nylas `applicationId`, optional `region` (`us` or `eu`) and `baseUrl`; see Vendors.",
  },
  adminCredentialSecretArn: {
    key: "adminCredentialSecretArn",
    type: "string",
    default: "this or `adminCredential`",
    description: "Full ARN of an existing secret holding the vendor admin credential.",
  },
  adminCredential: {
    key: "adminCredential",
    type: "secret string",
    default: "this or `adminCredentialSecretArn`",
    description:
      "The vendor admin credential (`pulumi config set --secret`); the component stores it in a new secret.",
  },
  rotationDays: {
    key: "rotationDays",
    type: "number",
    default: `\`${D.rotationDays}\` unless \`scheduleExpression\` is set`,
    description: "Days between rotations, 1-1000.",
  },
  scheduleExpression: {
    key: "scheduleExpression",
    type: "string",
    default: "none",
    description:
      "A `rate()` or `cron()` rotation schedule (UTC), at most every 4 hours; replaces `rotationDays`.",
  },
  rotationWindow: {
    key: "rotationWindow",
    type: "string",
    default: "Secrets Manager's default",
    description: "Rotation window, `<n>h` with n from 1 to 24.",
  },
  rotateImmediately: {
    key: "rotateImmediately",
    type: "boolean",
    default: `\`${D.rotateImmediately}\``,
    description:
      "Rotate as soon as rotation is configured; the first key is created by this rotation.",
  },
  overlapHours: {
    key: "overlapHours",
    type: "number",
    default: `\`${D.overlapHours}\``,
    description:
      "Hours the previous key stays valid after a rotation; shorter than the time between rotations.",
  },
  keyTtlDays: {
    key: "keyTtlDays",
    type: "number",
    default: `\`${D.keyTtlDays}\``,
    description:
      "Days until the vendor expires a key (0 = never); must cover interval, window and overlap.",
  },
  maxKeyAgeDays: {
    key: "maxKeyAgeDays",
    type: "number",
    default: `\`${D.maxKeyAgeDays}\``,
    description: "Key-age policy: schedules under which a key could stay valid longer are refused.",
  },
  kmsKeyId: {
    key: "kmsKeyId",
    type: "string",
    default: "the `aws/secretsmanager` key",
    description: "ARN of a customer managed KMS key for the secrets.",
  },
  tags: {
    key: "tags",
    type: "object",
    default: "required",
    description:
      "Inventory tags: `owner`, `purpose` and `environment` are required, more are allowed; `vendor` is added.",
  },
  consumerPrincipals: {
    key: "consumerPrincipals",
    type: "list of strings",
    default: "none",
    description: "IAM role or user ARNs that alone may read the key (attaches a resource policy).",
  },
  vpc: {
    key: "vpc",
    type: "object",
    default: "none",
    description: "`subnetIds` and `securityGroupIds` to run the rotation Lambda in a VPC.",
  },
  lambdaMemoryMb: {
    key: "lambdaMemoryMb",
    type: "number",
    default: `\`${D.lambdaMemoryMb}\``,
    description: "Rotation Lambda memory in MB, 128-10240.",
  },
  lambdaTimeoutSeconds: {
    key: "lambdaTimeoutSeconds",
    type: "number",
    default: `\`${D.lambdaTimeoutSeconds}\``,
    description:
      "Rotation Lambda timeout in seconds, 30-900; `testSecret` retries until it runs out.",
  },
  logRetentionDays: {
    key: "logRetentionDays",
    type: "number",
    default: `\`${D.logRetentionDays}\``,
    description: "Days CloudWatch keeps the Lambda's logs; one of CloudWatch's retention periods.",
  },
  keyNamePrefix: {
    key: "keyNamePrefix",
    type: "string",
    default: "`name`, cut to 32 characters",
    description: "Prefix of the vendor key names (1-32 letters, digits, `_`, `.` or `-`).",
  },
  maintenanceIntervalMinutes: {
    key: "maintenanceIntervalMinutes",
    type: "number",
    default: `\`${D.maintenanceIntervalMinutes}\``,
    description:
      "Minutes between scheduled maintenance runs (key lifecycle and the monitor the alarms read), 5-480.",
  },
  alarms: {
    key: "alarms",
    type: "object",
    default: "all on",
    description:
      "`keyExpiry`, `overdueRotation`, `rotationFailure`, `authFailureSpike`, `dashboard`; see Alarms and notifications.",
  },
  notifications: {
    key: "notifications",
    type: "object",
    default: "a new SNS topic",
    description:
      "`topicArn` of an existing SNS topic, or `emailAddresses`/`httpsEndpoints` to subscribe to the new one.",
  },
  lifecycle: {
    key: "lifecycle",
    type: "object",
    default: "`{ revokeHardLimitHours: 72, usageQuietMinutes: 60, autoRollback: false }`",
    description:
      "When the previous key is revoked (after the overlap window, once unused, at the latest after the hard limit) and whether a 401 spike right after a rotation rolls back.",
  },
} as const satisfies Record<string, ProgramConfigKey>;

/** The configuration keys as a list, in the order docs/configuration.md lists them. */
export const PROGRAM_CONFIG_KEYS: readonly ProgramConfigKey[] = Object.values(PROGRAM_CONFIG);

/** Reads the stack configuration into the component's name and arguments; the component validates them. */
export function readProgramConfig(config: pulumi.Config): {
  name: string;
  args: RotatedApiKeyArgs;
} {
  const K = PROGRAM_CONFIG;
  return {
    name: config.get(K.name.key) ?? DEFAULT_PROGRAM_NAME,
    args: {
      vendor: (config.get(K.vendor.key) ?? "nylas") as VendorName,
      vendorOptions: config.requireObject<VendorOptionsByVendor[VendorName]>(K.vendorOptions.key),
      adminCredentialSecretArn: config.get(K.adminCredentialSecretArn.key),
      adminCredential: config.getSecret(K.adminCredential.key),
      rotationDays: config.getNumber(K.rotationDays.key),
      scheduleExpression: config.get(K.scheduleExpression.key),
      rotationWindow: config.get(K.rotationWindow.key),
      rotateImmediately: config.getBoolean(K.rotateImmediately.key),
      overlapHours: config.getNumber(K.overlapHours.key),
      keyTtlDays: config.getNumber(K.keyTtlDays.key),
      maxKeyAgeDays: config.getNumber(K.maxKeyAgeDays.key),
      kmsKeyId: config.get(K.kmsKeyId.key),
      tags: config.requireObject<RotatedApiKeyTags>(K.tags.key),
      consumerPrincipals: config.getObject<string[]>(K.consumerPrincipals.key),
      vpc: config.getObject<RotatedApiKeyVpc>(K.vpc.key),
      lambdaMemoryMb: config.getNumber(K.lambdaMemoryMb.key),
      lambdaTimeoutSeconds: config.getNumber(K.lambdaTimeoutSeconds.key),
      logRetentionDays: config.getNumber(K.logRetentionDays.key),
      keyNamePrefix: config.get(K.keyNamePrefix.key),
      maintenanceIntervalMinutes: config.getNumber(K.maintenanceIntervalMinutes.key),
      alarms: config.getObject<RotatedApiKeyAlarmsArgs>(K.alarms.key),
      notifications: config.getObject<RotatedApiKeyNotificationsArgs>(K.notifications.key),
      lifecycle: config.getObject<RotatedApiKeyLifecycleArgs>(K.lifecycle.key),
    },
  };
}
