import {
  FLEET_NAME_PATTERN,
  FLEET_NAME_RULE,
  type VendorName,
} from "../../lambdas/contract/config";
import { FleetSettings } from "../../lambdas/contract/fleet";
import { checkKmsKey, checkVpc } from "../accessChecks";
import { checkWholeNumber, describeValue } from "../describe";
import { RotatedApiKeyArgsError } from "../errors";
import { planMaintenance, type MaintenancePlan } from "../maintenance/maintenancePlan";
import { planTags } from "../tags";
import { LOG_RETENTION_DAYS } from "../validateArgs";
import { checkVendorArgs } from "../vendorOptions";
import { RotationFleetDefaults as D, type RotationFleetArgs } from "./rotationFleetArgs";

/** The fleet's alarms, when enabled. */
export interface FleetAlarmsPlan {
  readonly dashboard: boolean;
  readonly keyExpiryDays: number;
}

/** The checked, defaulted plain arguments of a fleet. */
export interface RotationFleetPlan {
  readonly fleetName: string;
  readonly vendor: VendorName;
  readonly tags: Readonly<Record<string, string>>;
  readonly lambdaMemoryMb: number;
  readonly lambdaTimeoutSeconds: number;
  readonly logRetentionDays: number;
  readonly maintenance: MaintenancePlan;
  readonly maintenanceConcurrency: number;
  readonly alarms?: FleetAlarmsPlan;
}

/**
 * Checks every plain argument of a fleet and returns the plan, or throws one
 * {@link RotatedApiKeyArgsError} listing every problem. The vendor,
 * credential, tag, KMS, VPC and interval checks are the ones `RotatedApiKey`
 * makes, with the same messages.
 */
export function planRotationFleet(name: string, args: RotationFleetArgs): RotationFleetPlan {
  const problems: string[] = [];
  const a: Partial<RotationFleetArgs> = args ?? {};
  if (!FLEET_NAME_PATTERN.test(name)) {
    problems.push(
      `\`name\` ${FLEET_NAME_RULE} (received ${describeValue(name)}): it is the fleet's name, written to every member's RotatedApiKey:Fleet tag and used in the function and role names. Choose a shorter or simpler name.`,
    );
  }
  const vendor = checkVendorArgs(
    {
      vendor: a.vendor,
      vendorOptions: a.vendorOptions,
      adminCredentialSecretArn: a.adminCredentialSecretArn,
      adminCredential: a.adminCredential,
    } as Parameters<typeof checkVendorArgs>[0],
    problems,
  );
  const tags = planTags(a.tags, vendor ?? "nylas", problems);
  if (a.kmsKeyIds !== undefined) {
    if (!Array.isArray(a.kmsKeyIds) || a.kmsKeyIds.length === 0) {
      problems.push(
        `\`kmsKeyIds\` must list at least one KMS key ARN when set (received ${describeValue(a.kmsKeyIds)}). Omit it when members use the account's aws/secretsmanager key.`,
      );
    } else {
      a.kmsKeyIds.forEach((key, i) => {
        const before = problems.length;
        checkKmsKey(key, problems);
        if (problems.length > before) {
          problems[problems.length - 1] = (problems.at(-1) ?? "").replace(
            "`kmsKeyId`",
            `\`kmsKeyIds[${i}]\``,
          );
        }
      });
    }
  }
  checkVpc(a.vpc, problems);
  const whole = (
    value: number | undefined,
    arg: string,
    range: { min: number; max: number; unit: string },
    fallback: number,
  ): number => {
    const chosen = value ?? fallback;
    checkWholeNumber(chosen, arg, range, `. Omit it to use the default, ${fallback}.`, problems);
    return chosen;
  };
  const lambdaMemoryMb = whole(
    a.lambdaMemoryMb,
    "lambdaMemoryMb",
    { min: 128, max: 10240, unit: "MB" },
    D.lambdaMemoryMb,
  );
  const lambdaTimeoutSeconds = whole(
    a.lambdaTimeoutSeconds,
    "lambdaTimeoutSeconds",
    { min: 30, max: 900, unit: "seconds" },
    D.lambdaTimeoutSeconds,
  );
  const { min, max, unit } = FleetSettings.maintenanceConcurrency;
  const maintenanceConcurrency = whole(
    a.maintenanceConcurrency,
    "maintenanceConcurrency",
    { min, max, unit },
    D.maintenanceConcurrency,
  );
  const logRetentionDays = a.logRetentionDays ?? D.logRetentionDays;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(logRetentionDays)) {
    problems.push(
      `\`logRetentionDays\` must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")} (0 = never expire) (received ${describeValue(logRetentionDays)}). Pick the nearest allowed value.`,
    );
  }
  const maintenance = planMaintenance(
    a.maintenanceIntervalMinutes ?? D.maintenanceIntervalMinutes,
    problems,
  );
  const alarms = planFleetAlarms(a.alarms, problems);

  if (problems.length > 0) throw new RotatedApiKeyArgsError(name, problems);
  return {
    fleetName: name,
    vendor: vendor as VendorName,
    tags,
    lambdaMemoryMb,
    lambdaTimeoutSeconds,
    logRetentionDays,
    maintenance: maintenance as MaintenancePlan,
    maintenanceConcurrency,
    ...(alarms === undefined ? {} : { alarms }),
  };
}

function planFleetAlarms(
  alarms: RotationFleetArgs["alarms"],
  problems: string[],
): FleetAlarmsPlan | undefined {
  const a = alarms ?? {};
  for (const field of ["enabled", "dashboard"] as const) {
    if (a[field] !== undefined && typeof a[field] !== "boolean") {
      problems.push(
        `\`alarms.${field}\` must be true or false (received ${describeValue(a[field])}). Omit it to keep the default, true.`,
      );
    }
  }
  const keyExpiryDays = a.keyExpiryDays ?? 14;
  checkWholeNumber(
    keyExpiryDays,
    "alarms.keyExpiryDays",
    { min: 1, max: 365, unit: "days" },
    ". Omit it to use the default, 14.",
    problems,
  );
  if (a.enabled === false) return undefined;
  return { dashboard: a.dashboard !== false, keyExpiryDays };
}
