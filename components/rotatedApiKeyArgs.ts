import type { RotatedApiKeyLifecycleArgs } from "./lifecycle/lifecycleArgs";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MAX_KEY_AGE_DAYS } from "../lambdas/contract/managedSecrets";
import { Settings } from "../lambdas/contract/settings";
import type { RotatedApiKeyAlarmsArgs, RotatedApiKeyNotificationsArgs } from "./alarms/alarmArgs";

/**
 * The defaults the component applies; the program's config table shows the
 * same values. Those of settings the rotation Lambda also reads come from the
 * contract's `Settings`.
 */
export const RotatedApiKeyDefaults = {
  rotationDays: 30,
  rotateImmediately: true,
  overlapHours: Settings.overlapHours.default,
  keyTtlDays: Settings.keyTtlDays.default,
  maxKeyAgeDays: DEFAULT_MAX_KEY_AGE_DAYS,
  lambdaMemoryMb: 256,
  lambdaTimeoutSeconds: 120,
  logRetentionDays: 365,
  /** Minutes between scheduled `{"action":"maintain"}` runs (key lifecycle and monitor). */
  maintenanceIntervalMinutes: 60,
} as const;

/**
 * A vendor adapter's options: a plain object whose shape depends on `vendor`
 * (e.g. Nylas `{ applicationId, region?: "us" | "eu", baseUrl? }`; every
 * vendor's shape is in the README's vendor table). The component checks it
 * against the adapter's own schema at plan time and names every problem.
 * Written without the schema library's types, so the package's public types
 * compile under any TypeScript settings and Pulumi's component analyzer can
 * read them.
 */
export interface VendorOptions {
  readonly [option: string]: unknown;
}
/**
 * Inventory tags put on every taggable child. `owner`, `purpose` and
 * `environment` are required; the component adds `vendor` itself.
 */
export interface RotatedApiKeyTags {
  /** Who answers for this key: a team or on-call alias. */
  readonly owner: string;
  /** What the key is for, e.g. "calendar sync for the booking service". */
  readonly purpose: string;
  /** The deployment environment, e.g. "prod". */
  readonly environment: string;
  /** Any further tags. */
  readonly [key: string]: string;
}

/** Subnets and security groups for running the rotation Lambda inside a VPC. */
export interface RotatedApiKeyVpc {
  /**
   * Subnets for the Lambda's network interfaces. They need a route to Secrets
   * Manager (a VPC endpoint or NAT) and to the vendor's API (NAT).
   */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups for the Lambda's network interfaces; they must allow outbound HTTPS. */
  readonly securityGroupIds: pulumi.Input<string>[];
}

/**
 * The arguments of {@link RotatedApiKey}.
 *
 * Arguments that decide which resources exist, and the schedule figures the
 * component checks against one another, are plain values: they must be known
 * when the program runs. The rest accept `pulumi.Input`s and are checked
 * whenever they are plain.
 */
export interface RotatedApiKeyArgs {
  /**
   * The vendor whose API keys are rotated: one of `SUPPORTED_VENDORS` (nylas,
   * sendgrid, datadog, cloudflare, openai, gitlab, twilio, or the configurable
   * `http`). A plain value: it decides which adapter the Lambda runs and is
   * checked against that list when the program runs.
   */
  readonly vendor: string;
  /**
   * The vendor adapter's options, validated with the adapter's own schema (at
   * plan time when plain, at deployment otherwise). For `nylas`:
   * `{ applicationId, region?: "us" | "eu", baseUrl? }`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the analyzer maps `any` to the schema's `Any`; the adapter's schema checks the values
  readonly vendorOptions: pulumi.Input<Record<string, any>>;
  /**
   * The full ARN (with its 6-character suffix) of an existing secret holding
   * the vendor admin credential the Lambda uses to create and revoke keys. If
   * that secret is encrypted with a customer managed key, the key's policy must
   * let the rotation role (`roleArn`) decrypt through Secrets Manager.
   * Set exactly one of this and `adminCredential`.
   * @default none
   */
  readonly adminCredentialSecretArn?: pulumi.Input<string>;
  /**
   * The vendor admin credential itself (for `nylas`: the service-account JSON).
   * The component stores it in a new secret; the value is kept secret in state.
   * This is the credential that manages keys, not the rotated key.
   * Set exactly one of this and `adminCredentialSecretArn`.
   * @default none
   */
  readonly adminCredential?: pulumi.Input<string>;
  /**
   * Days between rotations, 1–1000 (`automaticallyAfterDays`). Conflicts with `scheduleExpression`.
   * @default 30 when `scheduleExpression` is not set
   */
  readonly rotationDays?: number;
  /**
   * A Secrets Manager `rate()` or `cron()` expression (UTC), at most every 4 hours,
   * e.g. `"rate(12 hours)"` or `"cron(0 6 ? * MON *)"`. Conflicts with `rotationDays`.
   * @default none (`rotationDays` applies)
   */
  readonly scheduleExpression?: string;
  /**
   * The rotation window, `"<n>h"` with n from 1 to 24: Secrets Manager rotates
   * at some time inside it. It must not reach the next rotation or the next UTC day.
   * @default Secrets Manager's: to the end of the UTC day for daily-or-longer schedules, one hour otherwise
   */
  readonly rotationWindow?: string;
  /**
   * Rotate as soon as rotation is configured (and whenever the schedule
   * changes). The secret is created empty, so the first key is made by this
   * first rotation; with `false` consumers find no value until the first
   * scheduled rotation.
   * @default true
   */
  readonly rotateImmediately?: boolean;
  /**
   * Hours the previous key stays valid after a rotation, so caches and running
   * services can move to the new one. Must be shorter than the time between rotations.
   * @default 24
   */
  readonly overlapHours?: number;
  /**
   * Days until the vendor expires a key it issues (0 = never). Must cover a
   * key's whole life: the longest time between rotations, the rotation window and the overlap.
   * @default 90
   */
  readonly keyTtlDays?: number;
  /**
   * Your key-age policy in days: the component refuses a schedule under which
   * a key could stay valid longer than this.
   * @default 90
   */
  readonly maxKeyAgeDays?: number;
  /**
   * ARN of a customer managed KMS key that encrypts the rotated secret (and the
   * admin secret the component creates). The rotation role may use it only
   * through Secrets Manager.
   * @default the account's `aws/secretsmanager` key
   */
  readonly kmsKeyId?: pulumi.Input<string>;
  /** Inventory tags; the component adds `vendor`. */
  readonly tags: RotatedApiKeyTags;
  /**
   * IAM role or user ARNs that read the key. When set, the secret gets a
   * resource policy that allows them `secretsmanager:GetSecretValue` and
   * denies it to every other principal except the rotation role.
   * @default none: no resource policy; access is governed by identity policies
   */
  readonly consumerPrincipals?: pulumi.Input<string>[];
  /**
   * Run the rotation Lambda in these subnets and security groups.
   * @default none: the Lambda runs outside any VPC
   */
  readonly vpc?: RotatedApiKeyVpc;
  /**
   * The rotation Lambda's memory in MB, 128–10240.
   * @default 256
   */
  readonly lambdaMemoryMb?: number;
  /**
   * The rotation Lambda's timeout in seconds, 30–900. `testSecret` retries a new
   * key until the function is about to time out, so a longer timeout gives keys
   * more time to propagate at the vendor.
   * @default 120
   */
  readonly lambdaTimeoutSeconds?: number;
  /**
   * Days CloudWatch keeps the Lambda's logs: one of CloudWatch's allowed values (0 = never expire).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Prefix of the names the Lambda gives vendor keys (1–32 letters, digits,
   * `_`, `.` or `-`, starting with a letter or digit).
   * @default the component name, cut to 32 characters
   */
  readonly keyNamePrefix?: string;
  /**
   * Minutes between the scheduled `{"action":"maintain"}` runs of the rotation
   * Lambda (an EventBridge rule): the key lifecycle (revoking the previous key
   * after the overlap, repairs) and the monitor that publishes the gauges the
   * expiry and overdue-rotation alarms watch. 5–480; those alarms evaluate one
   * interval per period and fire after 3 periods without data.
   * @default 60 (`rate(1 hour)`)
   */
  readonly maintenanceIntervalMinutes?: number;
  /**
   * The alarms (key expiry, overdue rotation, rotation failure, 401 spike), the
   * rotation-failure notification and the dashboard; each part can be turned
   * off or tuned. See the README's "Alarms, notifications and the dashboard".
   * @default every alarm, the notification and the dashboard, with the documented thresholds
   */
  readonly alarms?: RotatedApiKeyAlarmsArgs;
  /**
   * Where alarms (ALARM and OK) and rotation-failure events go: an existing
   * SNS topic, or a topic the component creates with optional email/HTTPS
   * subscriptions. Only with alarms enabled.
   * @default a new SNS topic without subscriptions (`notificationTopicArn`)
   */
  readonly notifications?: RotatedApiKeyNotificationsArgs;
  /**
   * After promotion: when the previous key is revoked (gated on use, with a
   * hard limit) and whether a 401 spike right after a rotation rolls it back.
   * @default { revokeHardLimitHours: 72, usageQuietMinutes: 60, autoRollback: false }
   */
  readonly lifecycle?: RotatedApiKeyLifecycleArgs;
}
