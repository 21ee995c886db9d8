import type { RotatedApiKeyLifecycleArgs } from "./lifecycle/lifecycleArgs";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MAX_KEY_AGE_DAYS } from "../lambdas/contract/managedSecrets";
import { Settings } from "../lambdas/contract/settings";
import type { RotatedApiKeyAlarmsArgs, RotatedApiKeyNotificationsArgs } from "./alarms/alarmArgs";
import type { RotatedApiKeyConsumerReach, RotatedApiKeyVpcEndpoints } from "./reach/reachArgs";
import type { RotatedApiKeyFleetArgs } from "./fleet/rotationFleetArgs";

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
  revokeKeysOnDestroy: true,
  deletionProtection: true,
  /** Secrets Manager's (and the provider's) own default; passed on only when set. */
  recoveryWindowInDays: 30,
} as const;

/**
 * A vendor adapter's options: a plain object whose shape depends on `vendor`
 * (e.g. Nylas `{ applicationId, region?: "us" | "eu", baseUrl? }`; every
 * vendor's shape is in docs/vendors.md). The component checks it
 * against the adapter's own schema at plan time and names every problem.
 * Written without the schema library's types, so the package's public types
 * compile under any TypeScript settings and Pulumi's component analyzer can
 * read them.
 */
export interface VendorOptions {
  readonly [option: string]: unknown;
}
/**
 * Inventory tags: a plain map of tag names to values, so every Pulumi language
 * can pass any tags (the schema gives it as a map of strings). `owner`,
 * `purpose` and `environment` are required; the component checks them, and
 * every key and value, when the program runs.
 */
export type RotatedApiKeyTags = Readonly<Record<string, string>>;

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
   * `{ applicationId, region?: "us" | "eu", baseUrl? }`. Required unless
   * `fleet` is set (a fleet's function has the options of every member).
   * @default none (required without `fleet`)
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the analyzer maps `any` to the schema's `Any`; the adapter's schema checks the values
  readonly vendorOptions?: pulumi.Input<Record<string, any>>;
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
  /**
   * Inventory tags put on every taggable child: a map of tag names to values.
   * Required: `owner` (the team that answers for the key), `purpose` (what the
   * key is for) and `environment` (e.g. `prod`), each a non-empty string. Any
   * further tags are allowed within AWS's tag rules; the component adds
   * `vendor` itself, so `tags` may not set it. A plain value, checked when the
   * program runs.
   */
  readonly tags: RotatedApiKeyTags;
  /**
   * IAM role or user ARNs that read the key. When set, the secret gets a
   * resource policy that allows them `secretsmanager:GetSecretValue` and
   * denies it to every other principal except the rotation role.
   * @default none: no resource policy; access is governed by identity policies
   */
  readonly consumerPrincipals?: pulumi.Input<string>[];
  /**
   * Makes the key a canary: a decoy created and rotated like any other key but handed to no consumer, so any use
   * of it (reported by the vendor's last-use data) or any read of its secret by a principal other than the rotation
   * role alarms at once, naming the key (docs/canaries.md). Refuses `consumerPrincipals`; needs the alarms.
   * @default false
   */
  readonly canary?: boolean;
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
   * off or tuned. See docs/alarms.md.
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
  /**
   * Where consumers run besides the key's account and region: their regions
   * and accounts, whose consumer metrics gated revocation reads (and waits for
   * the hard limit while it cannot see them), and the CloudWatch
   * cross-account observability sinks the component creates for the accounts.
   * See docs/cross-account-and-regions.md.
   * @default none: consumers run in the key's account and region (other accounts of `consumerPrincipals` are still read)
   */
  readonly consumerReach?: RotatedApiKeyConsumerReach;
  /**
   * Regions to replicate the secret to (Secrets Manager replication): each
   * rotation propagates there, so consumers read their local replica. Not the
   * key's own region; no repeats; at most 20. Consumer metrics are read in
   * each of them too.
   * @default none
   */
  readonly replicaRegions?: string[];
  /**
   * A KMS key ARN per replica region, e.g. `{ "eu-west-1": "arn:aws:kms:eu-west-1:…" }`.
   * Required for every replica region when `kmsKeyId` is set.
   * @default each region's `aws/secretsmanager` key
   */
  readonly replicaKmsKeyIds?: { [region: string]: pulumi.Input<string> };
  /**
   * IAM role or user ARNs of operators, exempt from the `consumerPrincipals`
   * resource policy's deny, so that `rotated-api-key history` shows each
   * version's key id and expiry. They read the secret through their own
   * identity policy, which lets them read the key itself too: list break-glass
   * or audit roles only. Needs `consumerPrincipals`.
   * @default none: with `consumerPrincipals`, only the consumers and the rotation role read values
   */
  readonly operatorPrincipals?: pulumi.Input<string>[];
  /**
   * Interface VPC endpoints for the rotation Lambda in private subnets
   * (`vpc`): Secrets Manager and CloudWatch metrics, with private DNS and a
   * security group admitting HTTPS from `vpc.securityGroupIds`. The vendor's
   * API still needs a NAT gateway or egress proxy.
   * @default none: the subnets reach AWS through your own routes
   */
  readonly vpcEndpoints?: RotatedApiKeyVpcEndpoints;
  /**
   * Revoke every vendor key of this secret when the component is destroyed:
   * `pulumi destroy` first deletes the rotation schedule, then an
   * `aws.lambda.Invocation` (`lifecycleScope: "CRUD"`) whose deletion runs the
   * function's `retire` action (AWSCURRENT, AWSPREVIOUS, a pending key and any
   * key named for this secret), and only then the function and the secret. If
   * a key cannot be revoked, the destroy stops with the key ids named; run it
   * again. With `false`, destroy leaves the vendor keys live until they expire
   * (`keyTtlDays`) or you revoke them, and `pulumi preview` warns so.
   * @default true
   */
  readonly revokeKeysOnDestroy?: boolean;
  /**
   * Deny `secretsmanager:DeleteSecret` on the secret to every principal, in the
   * secret's resource policy (CDK's `denyAccountRootDelete()`, for everyone).
   * Deleting it then takes removing the policy first, a deliberate step that
   * `pulumi destroy` takes itself (it deletes the policy before the secret).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Days Secrets Manager keeps the secret recoverable after it is deleted
   * (`pulumi destroy`, or a replacement), 7–30, or 0 to delete it at once
   * (a new secret of the same name can then be created immediately).
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * Join a rotation fleet (`RotationFleet.memberArgs`) instead of creating
   * a rotation function: the key then creates only its secret (tagged with
   * the fleet's name and its own settings), its resource policy, its
   * rotation schedule and the retire-on-destroy invocation of the fleet's
   * function. The fleet's function, credential and alarms serve it, so
   * `vendorOptions`, the admin credential, `vpc`, the Lambda and log
   * settings, `maintenanceIntervalMinutes`, `alarms`, `notifications` and
   * `lifecycle.autoRollback` must not be set, nor what the fleet cannot
   * honour: `consumerReach`, `replicaRegions`, `replicaKmsKeyIds`,
   * `vpcEndpoints`, `canary`. See docs/fleets.md.
   * @default none: the key gets its own rotation function
   */
  readonly fleet?: RotatedApiKeyFleetArgs;
}
