import * as z from "zod/mini";
import "./schema";
import { SUPPORTED_VENDORS, type VendorName } from "./vendorNames";
import { ConfigurationError } from "./errors";
import { ConsumerReachEnv, type ConsumerReach } from "./consumerReach";
import { consumerReachSchemaFields } from "./consumerReachSchema";
import {
  DEFAULT_KEY_NAME_PREFIX,
  KEY_NAME_PREFIX_PATTERN,
  KEY_NAME_PREFIX_RULE,
  SECRET_ARN_PATTERN,
  SECRET_ARN_RULE,
  Settings,
  type WholeNumberSetting,
} from "./settings";

/**
 * Environment variables the rotation Lambda reads at cold start. The component
 * sets exactly these; the local drill and the tests set them the same way.
 */
export const ConfigEnv = {
  vendor: "ROTATION_VENDOR",
  vendorOptions: "ROTATION_VENDOR_OPTIONS",
  adminSecretArn: "ROTATION_ADMIN_SECRET_ARN",
  overlapHours: Settings.overlapHours.env,
  keyTtlDays: Settings.keyTtlDays.env,
  keyNamePrefix: "ROTATION_KEY_NAME_PREFIX",
  secretArn: "ROTATION_SECRET_ARN",
  revokeHardLimitHours: Settings.revokeHardLimitHours.env,
  usageQuietMinutes: Settings.usageQuietMinutes.env,
  orphanSafetyMinutes: Settings.orphanSafetyMinutes.env,
  stalePendingHours: Settings.stalePendingHours.env,
  autoRollback: "ROTATION_AUTO_ROLLBACK",
  /** Set on a fleet function (`RotationFleet`): the fleet whose tagged secrets it rotates (see fleet.ts). */
  fleetName: "ROTATION_FLEET_NAME",
} as const;

export { SUPPORTED_VENDORS, type VendorName } from "./vendorNames";

/**
 * A whole number from an environment variable: only plain decimal digits
 * (no sign, blanks, exponent, hex or fraction), so `""`, `" "` or `"0x10"`
 * are refused with the variable named instead of quietly becoming 0 or 16.
 * An unset variable takes the default.
 */
const numberFromEnv = ({ meaning: description, min, max, default: fallback }: WholeNumberSetting) =>
  z._default(
    z
      .pipe(
        z.string().check(
          z.regex(/^\d{1,9}$/, {
            error: `must be a whole number written in decimal digits only (${description})`,
          }),
        ),
        z.transform((raw: string) => Number(raw)),
      )
      .check(
        z.gte(min, { error: `must be at least ${min} (${description})` }),
        z.lte(max, { error: `must be at most ${max} (${description})` }),
      ),
    fallback,
  );

export { KEY_NAME_PREFIX_PATTERN } from "./settings";

/** Fleet names: they become a tag value, an IAM condition value, a metric dimension and part of resource names. */
export const FLEET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const FLEET_NAME_RULE =
  "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit";

const configSchema = z.object({
  [ConfigEnv.fleetName]: z.optional(
    z.string().check(z.regex(FLEET_NAME_PATTERN, { error: FLEET_NAME_RULE })),
  ),
  [ConfigEnv.vendor]: z.enum(SUPPORTED_VENDORS, {
    error: `must be one of ${SUPPORTED_VENDORS.join(", ")}`,
  }),
  [ConfigEnv.vendorOptions]: z.pipe(
    z._default(z.string(), "{}"),
    z.transform((raw: string, ctx): unknown => {
      try {
        return JSON.parse(raw);
      } catch {
        ctx.issues.push({ code: "custom", message: "must be a JSON object", input: raw });
        return z.NEVER;
      }
    }),
  ),
  [ConfigEnv.adminSecretArn]: z
    .string({ error: "is required: the ARN of the secret holding the vendor admin credential" })
    .check(
      z.regex(SECRET_ARN_PATTERN, {
        error: SECRET_ARN_RULE,
      }),
    ),
  [ConfigEnv.overlapHours]: numberFromEnv(Settings.overlapHours),
  [ConfigEnv.keyTtlDays]: numberFromEnv(Settings.keyTtlDays),
  [ConfigEnv.secretArn]: z.optional(
    z.string().check(
      z.regex(SECRET_ARN_PATTERN, {
        error: "must be the ARN of the secret this function rotates",
      }),
    ),
  ),
  [ConfigEnv.revokeHardLimitHours]: numberFromEnv(Settings.revokeHardLimitHours),
  [ConfigEnv.usageQuietMinutes]: numberFromEnv(Settings.usageQuietMinutes),
  [ConfigEnv.orphanSafetyMinutes]: numberFromEnv(Settings.orphanSafetyMinutes),
  [ConfigEnv.stalePendingHours]: numberFromEnv(Settings.stalePendingHours),
  [ConfigEnv.autoRollback]: z._default(
    z.enum(["true", "false"], { error: 'must be "true" or "false"' }),
    "false",
  ),
  [ConfigEnv.keyNamePrefix]: z._default(
    z.string().check(
      z.regex(KEY_NAME_PREFIX_PATTERN, {
        error: KEY_NAME_PREFIX_RULE,
      }),
    ),
    DEFAULT_KEY_NAME_PREFIX,
  ),
  ...consumerReachSchemaFields,
});

/** Validated configuration of the rotation Lambda. */
export interface RotationConfig {
  readonly vendor: VendorName;
  /** Vendor-specific options, validated by the vendor adapter's own schema. */
  readonly vendorOptions: unknown;
  readonly adminSecretArn: string;
  readonly overlapHours: number;
  readonly keyTtlDays: number;
  readonly keyNamePrefix: string;
  /** The secret this function rotates; needed by scheduled maintenance events only. */
  readonly secretArn: string | undefined;
  readonly revokeHardLimitHours: number;
  readonly usageQuietMinutes: number;
  readonly orphanSafetyMinutes: number;
  readonly stalePendingHours: number;
  readonly autoRollback: boolean;
  /** Regions and accounts, besides the key's, whose consumers' metrics gate revocation. */
  readonly consumerReach: ConsumerReach;
  /**
   * The fleet this function serves (`ROTATION_FLEET_NAME`); absent for a
   * key's own function. A fleet function reads each secret's settings from
   * its tags (`lambdas/contract/fleet.ts`) on every event.
   */
  readonly fleetName?: string;
}

/**
 * Reads and validates the configuration. Throws one {@link ConfigurationError}
 * listing every bad variable by name, the rule it broke, and never its value
 * (values can be ARNs or options a user would rather not see in logs, and
 * never need to be: the user set them).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RotationConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${String(issue.path[0])} ${issue.message}`,
    );
    throw new ConfigurationError(
      `Invalid rotation Lambda configuration: ${problems.join("; ")}.`,
      problems,
    );
  }
  const c = parsed.data;
  return {
    vendor: c[ConfigEnv.vendor],
    vendorOptions: c[ConfigEnv.vendorOptions],
    adminSecretArn: c[ConfigEnv.adminSecretArn],
    overlapHours: c[ConfigEnv.overlapHours],
    keyTtlDays: c[ConfigEnv.keyTtlDays],
    keyNamePrefix: c[ConfigEnv.keyNamePrefix],
    secretArn: c[ConfigEnv.secretArn],
    revokeHardLimitHours: c[ConfigEnv.revokeHardLimitHours],
    usageQuietMinutes: c[ConfigEnv.usageQuietMinutes],
    orphanSafetyMinutes: c[ConfigEnv.orphanSafetyMinutes],
    stalePendingHours: c[ConfigEnv.stalePendingHours],
    autoRollback: c[ConfigEnv.autoRollback] === "true",
    consumerReach: {
      regions: c[ConsumerReachEnv.regions],
      accountIds: c[ConsumerReachEnv.accountIds],
    },
    ...(c[ConfigEnv.fleetName] === undefined ? {} : { fleetName: c[ConfigEnv.fleetName] }),
  };
}
