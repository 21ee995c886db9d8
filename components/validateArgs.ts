import * as aws from "@pulumi/aws";
import type { VendorName } from "../lambdas/contract/config";
import { Settings } from "../lambdas/contract/settings";
import { VENDORS } from "../lambdas/vendors/registry";
import { checkConsumers, checkKmsKey, checkVpc } from "./accessChecks";
import { planAlarms, type AlarmsArgs, type AlarmsPlan } from "./alarms/plan/alarmsPlan";
import { checkCanary } from "./canary/canaryPlan";
import { checkAdminCredentialSecretArn, checkKeyNamePrefix } from "./contractChecks";
import {
  checkWholeNumber,
  describeValue,
  isWholeNumberIn,
  type WholeNumberRange,
} from "./describe";
import { RotatedApiKeyArgsError } from "./errors";
import { planDestroy, type DestroyPlan } from "./lifecycle/destroyArgs";
import {
  checkFleetArgs,
  planFleetMembership,
  type FleetMembershipPlan,
} from "./fleet/fleetMembership";
import { planLifecycle, type LifecyclePlan } from "./lifecycle/lifecycleArgs";
import { planMaintenance, type MaintenancePlan } from "./maintenance/maintenancePlan";
import { COMPONENT_NAME_PATTERN, defaultKeyNamePrefix } from "./names";
import { RotatedApiKeyDefaults as D, type RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import { planReach, type ReachPlan } from "./reach/reachPlan";
import { planSchedule, type RotationSchedule } from "./schedule";
import { planTags } from "./tags";
import { checkVendorArgs } from "./vendorOptions";

/** Retention periods CloudWatch Logs accepts (0 = never expire). */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
  3288, 3653,
] as const;

/** The maintenance schedule, and the alarms to create (none when `alarms.enabled` is false). */
export interface MonitoringPlan extends MaintenancePlan {
  readonly alarms?: AlarmsPlan;
}

/** The checked, defaulted plain arguments the component builds from. */
export interface RotatedApiKeyPlan {
  readonly vendor: VendorName;
  readonly schedule: RotationSchedule;
  readonly rotateImmediately: boolean;
  readonly overlapHours: number;
  readonly keyTtlDays: number;
  readonly maxKeyAgeDays: number;
  /** The longest a key can stay valid: longest gap between rotations + window + overlap. */
  readonly keyLifetimeHours: number;
  readonly lambdaMemoryMb: number;
  readonly lambdaTimeoutSeconds: number;
  readonly logRetentionDays: number;
  readonly keyNamePrefix: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The maintenance schedule and the alarms to create. */
  readonly monitoring: MonitoringPlan;
  readonly lifecycle: LifecyclePlan;
  /** Consumer regions and accounts, replicas and VPC endpoints. */
  readonly reach: ReachPlan;
  /** Key revocation on destroy, deletion protection and the recovery window. */
  readonly destroy: DestroyPlan;
  /** The fleet the key joins (no function of its own), when `fleet` is set. */
  readonly fleet?: FleetMembershipPlan;
  /** Whether the key is a canary (see components/canary/). */
  readonly canary: boolean;
}

/**
 * Checks every plain argument and returns the plan, or throws one
 * {@link RotatedApiKeyArgsError} listing every problem found.
 */
export function planRotatedApiKey(name: string, args: RotatedApiKeyArgs): RotatedApiKeyPlan {
  const problems: string[] = [];
  const a: Partial<RotatedApiKeyArgs> = args ?? {};
  if (!COMPONENT_NAME_PATTERN.test(name)) {
    problems.push(
      `\`name\` must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received ${describeValue(name)}): the secret, role and Lambda names are derived from it. Choose a shorter or simpler name.`,
    );
  }
  const vendor = checkVendorArgs(a, problems);

  const schedule = planSchedule(a, D.rotationDays, problems);
  const overlapHours = wholeNumber(
    a.overlapHours,
    "overlapHours",
    Settings.overlapHours,
    D.overlapHours,
    problems,
  );
  const keysExpire = vendor === undefined || VENDORS[vendor].keysExpire;
  if (!keysExpire && a.keyTtlDays !== undefined && a.keyTtlDays !== 0) {
    problems.push(
      `\`keyTtlDays\` must be 0 for ${vendor}, whose keys cannot expire (received ${describeValue(a.keyTtlDays)}). Omit it; the rotation schedule and \`maxKeyAgeDays\` bound key age instead.`,
    );
  }
  const keyTtlDays = wholeNumber(
    a.keyTtlDays,
    "keyTtlDays",
    Settings.keyTtlDays,
    keysExpire ? D.keyTtlDays : 0,
    problems,
  );
  const maxKeyAgeDays = wholeNumber(
    a.maxKeyAgeDays,
    "maxKeyAgeDays",
    { min: 1, max: 3650, unit: "days" },
    D.maxKeyAgeDays,
    problems,
  );
  let keyLifetimeHours = 0;
  if (schedule !== undefined && overlapHours !== undefined) {
    keyLifetimeHours = schedule.maxIntervalHours + schedule.windowHours + overlapHours;
    const life = `under ${schedule.label} a key can stay valid for up to ${keyLifetimeHours} hours (${schedule.maxIntervalHours}h between rotations + ${schedule.windowHours}h rotation window + ${overlapHours}h overlap)`;
    const days = Math.ceil(keyLifetimeHours / 24);
    if (overlapHours >= schedule.minIntervalHours) {
      problems.push(
        `\`overlapHours\` must be shorter than the time between rotations: under ${schedule.label} rotations can be ${schedule.minIntervalHours} hours apart (received ${overlapHours}). Set \`overlapHours\` below ${schedule.minIntervalHours}, or rotate less often.`,
      );
    }
    if (keyTtlDays !== undefined && keyTtlDays > 0 && keyTtlDays * 24 < keyLifetimeHours) {
      problems.push(
        `\`keyTtlDays\` must cover a key's whole life (received ${keyTtlDays}, i.e. ${keyTtlDays * 24} hours): ${life}. Set \`keyTtlDays\` to at least ${days} (0 = never expire), rotate more often, or shorten \`overlapHours\`.`,
      );
    }
    if (maxKeyAgeDays !== undefined && maxKeyAgeDays * 24 < keyLifetimeHours) {
      problems.push(
        `The schedule cannot keep keys younger than \`maxKeyAgeDays\` (received ${maxKeyAgeDays}, i.e. ${maxKeyAgeDays * 24} hours): ${life}. Rotate more often, shorten \`overlapHours\` or \`rotationWindow\`, or raise \`maxKeyAgeDays\` to at least ${days}.`,
      );
    }
  }
  const rotateImmediately = a.rotateImmediately ?? D.rotateImmediately;
  if (typeof rotateImmediately !== "boolean") {
    problems.push(
      `\`rotateImmediately\` must be true or false (received ${describeValue(rotateImmediately)}). Omit it to rotate as soon as rotation is configured.`,
    );
  }

  checkKmsKey(a.kmsKeyId, problems);
  checkConsumers(a.consumerPrincipals, problems);
  checkVpc(a.vpc, problems);
  const lambdaMemoryMb = wholeNumber(
    a.lambdaMemoryMb,
    "lambdaMemoryMb",
    { min: 128, max: 10240, unit: "MB" },
    D.lambdaMemoryMb,
    problems,
  );
  const lambdaTimeoutSeconds = a.lambdaTimeoutSeconds ?? D.lambdaTimeoutSeconds;
  if (!isWholeNumberIn(lambdaTimeoutSeconds, 30, 900)) {
    problems.push(
      `\`lambdaTimeoutSeconds\` must be a whole number of seconds from 30 to 900 (received ${describeValue(lambdaTimeoutSeconds)}): createSecret needs 20 s to create and store a key, and testSecret retries a new key until the function is about to time out. Use ${D.lambdaTimeoutSeconds} unless you have a reason not to.`,
    );
  }
  const logRetentionDays = a.logRetentionDays ?? D.logRetentionDays;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(logRetentionDays)) {
    problems.push(
      `\`logRetentionDays\` must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire) (received ${describeValue(logRetentionDays)}). Pick the nearest allowed value.`,
    );
  }

  const tags = planTags(a.tags, vendor ?? "nylas", problems);
  const keyNamePrefix = a.keyNamePrefix ?? defaultKeyNamePrefix(name);
  checkAdminCredentialSecretArn(a.adminCredentialSecretArn, problems);
  checkKeyNamePrefix(keyNamePrefix, problems);

  const monitoring = planMonitoring(a, { schedule, keyTtlDays }, problems);
  const lifecycle = planLifecycle(
    a.lifecycle,
    { authFailureAlarm: monitoring?.alarms?.authFailure !== undefined },
    problems,
  );
  const canary = checkCanary(a, { alarmsEnabled: a.alarms?.enabled !== false }, problems);

  // A fleet member's `vpcEndpoints` is refused by checkFleetArgs (it has no function): not also "needs `vpc`".
  const reach = planReach(
    a.fleet === undefined ? a : { ...a, vpcEndpoints: undefined },
    homeRegion(),
    problems,
  );
  const destroy = planDestroy(a, problems);
  checkFleetArgs(a, problems);
  const fleet =
    a.fleet === undefined
      ? undefined
      : planFleetMembership(
          String(a.fleet?.name),
          {
            overlapHours: overlapHours ?? D.overlapHours,
            keyTtlDays: keyTtlDays ?? D.keyTtlDays,
            keyNamePrefix,
            revokeHardLimitHours: lifecycle.revokeHardLimitHours,
            usageQuietMinutes: lifecycle.usageQuietMinutes,
          },
          tags,
          problems,
        );

  if (problems.length > 0) throw new RotatedApiKeyArgsError(name, problems);
  return {
    vendor: vendor as VendorName,
    schedule: schedule as RotationSchedule,
    rotateImmediately,
    overlapHours: overlapHours as number,
    keyTtlDays: keyTtlDays as number,
    maxKeyAgeDays: maxKeyAgeDays as number,
    keyLifetimeHours,
    lambdaMemoryMb: lambdaMemoryMb as number,
    lambdaTimeoutSeconds,
    logRetentionDays,
    keyNamePrefix,
    tags,
    monitoring: monitoring as MonitoringPlan,
    lifecycle,
    reach,
    destroy,
    ...(fleet === undefined ? {} : { fleet }),
    canary,
  };
}

/** The provider's region when the program knows it (`aws:region`), for the reach checks. */
function homeRegion(): string | undefined {
  return aws.config.region;
}

/** The maintenance schedule and the alarms that watch what it measures; undefined after a problem. */
function planMonitoring(
  a: Partial<RotatedApiKeyArgs> & AlarmsArgs,
  context: {
    readonly schedule: RotationSchedule | undefined;
    readonly keyTtlDays: number | undefined;
  },
  problems: string[],
): MonitoringPlan | undefined {
  const before = problems.length;
  const maintenance = planMaintenance(a.maintenanceIntervalMinutes, problems);
  // A bad interval is reported once; the alarms are still checked, with any period.
  const maintenanceIntervalMinutes = maintenance?.maintenanceIntervalMinutes ?? 60;
  const alarms = planAlarms(a, { ...context, maintenanceIntervalMinutes }, problems);
  if (maintenance === undefined || problems.length > before) return undefined;
  return { ...maintenance, ...(alarms === undefined ? {} : { alarms }) };
}

/** `value`, or `fallback` when it is omitted, if that is a whole number in `range`. */
function wholeNumber(
  value: number | undefined,
  arg: string,
  range: WholeNumberRange,
  fallback: number,
  problems: string[],
): number | undefined {
  const chosen = value ?? fallback;
  const rest = `. Omit it to use the default, ${fallback}.`;
  return checkWholeNumber(chosen, arg, range, rest, problems) ? chosen : undefined;
}
