import { FLEET_NAME_PATTERN, FLEET_NAME_RULE } from "../../lambdas/contract/config";
import { FLEET_TAG, MAX_TAG_VALUE_LENGTH, settingTags } from "../../lambdas/contract/fleet";
import { describeValue } from "../describe";
import type { RotatedApiKeyArgs } from "../rotatedApiKeyArgs";

/** A key's place in a fleet: the fleet's name and the tags its secret carries. */
export interface FleetMembershipPlan {
  readonly fleetName: string;
  /** `RotatedApiKey:Fleet` and one `RotatedApiKey:Setting:<name>` tag per setting the fleet function reads per secret. */
  readonly secretTags: Readonly<Record<string, string>>;
}

/** Arguments that belong to the fleet's function: a member that sets them is refused. */
export const FLEET_OWNED_ARGS = [
  "vendorOptions",
  "adminCredentialSecretArn",
  "adminCredential",
  "vpc",
  "lambdaMemoryMb",
  "lambdaTimeoutSeconds",
  "logRetentionDays",
  "maintenanceIntervalMinutes",
  "alarms",
  "notifications",
] as const satisfies readonly (keyof RotatedApiKeyArgs)[];

/**
 * Arguments a fleet member cannot honour, each with why (said in the error):
 * refused rather than ignored. `operatorPrincipals`, `deletionProtection`,
 * `recoveryWindowInDays` and `revokeKeysOnDestroy` are the member's own
 * (its secret, its resource policy, its retire invocation) and are honoured.
 */
export const FLEET_UNSUPPORTED_ARGS = {
  consumerReach:
    "the fleet's function reads consumer metrics only in its own account and region (its environment has no per-member consumer accounts or regions, and no member gets observability sinks), so consumers elsewhere would not hold back a revocation",
  replicaRegions:
    "consumers in a replica's region read their local replica, and the fleet's function reads consumer metrics only in its own region, so their use would not hold back a revocation",
  replicaKmsKeyIds:
    "it configures replicas (`replicaRegions`), which a member cannot have: the fleet's function reads consumer metrics only in its own region",
  vpcEndpoints:
    "the endpoints serve the rotation function's subnets, and a member has no function: give the fleet `vpc` and create the endpoints for those subnets once",
  canary:
    "the canary's alarm watches `CanaryKeyUsed` by secret name, and the fleet's function emits its metrics by fleet, not by secret",
} as const satisfies Partial<Record<keyof RotatedApiKeyArgs, string>>;

/** The settings a member writes as tags: the key's checked values. */
export interface MemberSettings {
  readonly overlapHours: number;
  readonly keyTtlDays: number;
  readonly keyNamePrefix: string;
  readonly revokeHardLimitHours: number;
  readonly usageQuietMinutes: number;
}

/** AWS allows 50 tags per secret. */
const MAX_TAGS = 50;

/**
 * Checks `fleet` (when set) and the arguments a fleet member may not set;
 * pushes one problem per mistake.
 */
export function checkFleetArgs(a: Partial<RotatedApiKeyArgs>, problems: string[]): void {
  const fleet = a.fleet;
  if (fleet === undefined) return;
  if (typeof fleet?.name !== "string" || !FLEET_NAME_PATTERN.test(fleet.name)) {
    problems.push(
      `\`fleet.name\` ${FLEET_NAME_RULE} (received ${describeValue(fleet?.name)}). Pass the fleet's \`memberArgs\`.`,
    );
  }
  if (fleet?.vendor !== a.vendor) {
    problems.push(
      `\`fleet.vendor\` must equal \`vendor\`: a fleet rotates keys of one vendor (received ${describeValue(fleet?.vendor)} for a ${describeValue(a.vendor)} key). Join a fleet of this key's vendor.`,
    );
  }
  for (const arg of FLEET_OWNED_ARGS) {
    if (a[arg] !== undefined) {
      problems.push(
        `\`${arg}\` belongs to the fleet when \`fleet\` is set (received ${describeValue(a[arg])}): the fleet's function, credential and alarms serve every member. Remove it, or set it on the RotationFleet.`,
      );
    }
  }
  for (const [arg, why] of Object.entries(FLEET_UNSUPPORTED_ARGS)) {
    const value = a[arg as keyof typeof FLEET_UNSUPPORTED_ARGS];
    if (value !== undefined) {
      problems.push(
        `\`${arg}\` is not available to a fleet member (received ${describeValue(value)}): ${why}. Remove it, or give this key its own function (no \`fleet\`).`,
      );
    }
  }
  if (a.lifecycle?.autoRollback !== undefined) {
    problems.push(
      `\`lifecycle.autoRollback\` is not available in a fleet (received ${describeValue(a.lifecycle.autoRollback)}): a fleet-wide 401 alarm cannot name the key to roll back. Remove it, or give this key its own function.`,
    );
  }
}

/** The member's secret tags, checked against AWS's limits with the key's own tags. */
export function planFleetMembership(
  fleetName: string,
  settings: MemberSettings,
  ownTags: Readonly<Record<string, string>>,
  problems: string[],
): FleetMembershipPlan {
  const secretTags = { [FLEET_TAG]: fleetName, ...settingTags({ ...settings }) };
  const total = Object.keys(ownTags).length + Object.keys(secretTags).length;
  if (total > MAX_TAGS) {
    problems.push(
      `\`tags\` leave no room for the fleet's tags: a fleet member's secret carries ${Object.keys(secretTags).length} more (membership and settings), ${total} in all, and AWS allows ${MAX_TAGS} (received ${Object.keys(ownTags).length - 1} of your own). Drop ${total - MAX_TAGS} tags.`,
    );
  }
  for (const [key, value] of Object.entries(secretTags)) {
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      problems.push(`The tag ${key} would exceed ${MAX_TAG_VALUE_LENGTH} characters.`);
    }
  }
  return { fleetName, secretTags };
}
