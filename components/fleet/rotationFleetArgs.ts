import type * as pulumi from "@pulumi/pulumi";
import { FleetSettings } from "../../lambdas/contract/fleet";
import type { RotatedApiKeyTags, RotatedApiKeyVpc } from "../rotatedApiKeyArgs";

/** The defaults `RotationFleet` applies. */
export const RotationFleetDefaults = {
  lambdaMemoryMb: 256,
  /** A fleet function walks many secrets per maintenance run; its deadline stops the walk in time. */
  lambdaTimeoutSeconds: 900,
  logRetentionDays: 365,
  maintenanceIntervalMinutes: 60,
  maintenanceConcurrency: FleetSettings.maintenanceConcurrency.default,
} as const;

/** The fleet's alarms and dashboard. */
export interface RotationFleetAlarmsArgs {
  /**
   * Create the fleet's alarms (one per signal over every member) and the
   * rotation-failure notification that names the failing secret.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Create the fleet's CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * An existing SNS topic for the alarms and notifications; its policy must
   * let CloudWatch and EventBridge publish.
   * @default a new topic (`notificationTopicArn`)
   */
  readonly notificationTopicArn?: pulumi.Input<string>;
  /**
   * The key-expiry alarm fires when any member's key has fewer days left.
   * @default 14
   */
  readonly keyExpiryDays?: number;
}

/**
 * The arguments of {@link RotationFleet}: one rotation function for many
 * secrets of one vendor, one admin credential, one account and region.
 * Members are `RotatedApiKey`s given the fleet's `memberArgs` as `fleet`.
 */
export interface RotationFleetArgs {
  /**
   * The vendor of every member: one of `SUPPORTED_VENDORS`. A plain value.
   */
  readonly vendor: string;
  /**
   * The vendor adapter's options, shared by every member (validated with the adapter's schema).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the analyzer maps `any` to the schema's `Any`; the adapter's schema checks the values
  readonly vendorOptions: pulumi.Input<Record<string, any>>;
  /**
   * The full ARN of an existing secret holding the vendor admin credential.
   * Set exactly one of this and `adminCredential`.
   * @default none
   */
  readonly adminCredentialSecretArn?: pulumi.Input<string>;
  /**
   * The vendor admin credential itself; the component stores it in a new secret.
   * Set exactly one of this and `adminCredentialSecretArn`.
   * @default none
   */
  readonly adminCredential?: pulumi.Input<string>;
  /** Inventory tags of the fleet's own resources; the component adds `vendor`. */
  readonly tags: RotatedApiKeyTags;
  /**
   * ARNs of customer managed KMS keys that encrypt members' secrets (and the
   * admin secret the component creates, with the first key). The fleet role
   * may use them only through Secrets Manager.
   * @default none: members use the account's `aws/secretsmanager` key
   */
  readonly kmsKeyIds?: pulumi.Input<string>[];
  /**
   * Run the fleet function in these subnets and security groups.
   * @default none: the Lambda runs outside any VPC
   */
  readonly vpc?: RotatedApiKeyVpc;
  /**
   * The fleet function's memory in MB, 128–10240.
   * @default 256
   */
  readonly lambdaMemoryMb?: number;
  /**
   * The fleet function's timeout in seconds, 30–900: the time budget of one
   * maintenance run over the fleet (members left over are taken first next run).
   * @default 900
   */
  readonly lambdaTimeoutSeconds?: number;
  /**
   * Days CloudWatch keeps the fleet function's logs: one of CloudWatch's allowed values (0 = never expire).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Minutes between the fleet's scheduled maintenance runs, 5–480.
   * @default 60
   */
  readonly maintenanceIntervalMinutes?: number;
  /**
   * Members one maintenance run works on at once, 1–16 (vendor and Secrets Manager calls run in parallel that far).
   * @default 4
   */
  readonly maintenanceConcurrency?: number;
  /**
   * The fleet's alarms and dashboard.
   * @default every alarm, a new topic and the dashboard
   */
  readonly alarms?: RotationFleetAlarmsArgs;
}

/**
 * What a `RotatedApiKey` needs to join a fleet (`RotationFleet.memberArgs`).
 * A plain interface of inputs, so every Pulumi language can pass it.
 */
export interface RotatedApiKeyFleetArgs {
  /** The fleet's name (`RotationFleet.fleetName`), written to the secret's `RotatedApiKey:Fleet` tag. A plain value. */
  readonly name: string;
  /** The fleet's vendor: must equal the key's `vendor`. A plain value. */
  readonly vendor: string;
  /** ARN of the fleet's rotation function; it resolves once the function may be invoked and its role can act. */
  readonly functionArn: pulumi.Input<string>;
  /** ARN of the fleet's role: a consumer resource policy lets it through. */
  readonly roleArn: pulumi.Input<string>;
  /** ARN of the fleet's admin credential secret (the key's `adminSecretArn` output). */
  readonly adminSecretArn: pulumi.Input<string>;
  /**
   * The fleet's notification topic: the key's rotation-failure events go
   * there, naming the secret.
   * @default none: no rotation-failure notification for this key
   */
  readonly notificationTopicArn?: pulumi.Input<string>;
}
