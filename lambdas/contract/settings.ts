/**
 * Every tunable of the rotation function, written once: its environment
 * variable, range, default and meaning. The Lambda's configuration loader
 * (`config.ts`) and the component's argument checks both derive from this
 * table, so a range or default cannot drift between deploy time and run time.
 */
export interface WholeNumberSetting {
  /** The environment variable the component sets and the Lambda reads. */
  readonly env: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** The unit as a message says it, e.g. `hours`. */
  readonly unit: string;
  /** What the setting means, in a few words (used in error messages). */
  readonly meaning: string;
}

export const Settings = {
  overlapHours: {
    env: "ROTATION_OVERLAP_HOURS",
    min: 0,
    max: 8760,
    default: 24,
    unit: "hours",
    meaning: "hours the previous key stays valid",
  },
  keyTtlDays: {
    env: "ROTATION_KEY_TTL_DAYS",
    min: 0,
    max: 3650,
    default: 90,
    unit: "days (0 = never expire)",
    meaning: "days until the vendor expires a new key; 0 = never",
  },
  revokeHardLimitHours: {
    env: "ROTATION_REVOKE_HARD_LIMIT_HOURS",
    min: 0,
    max: 8760,
    default: 72,
    unit: "hours",
    meaning:
      "hours past the overlap window after which the previous key is revoked even if still in use",
  },
  usageQuietMinutes: {
    env: "ROTATION_USAGE_QUIET_MINUTES",
    min: 1,
    max: 10080,
    default: 60,
    unit: "minutes",
    meaning: "minutes without use after which the previous key counts as unused",
  },
  orphanSafetyMinutes: {
    env: "ROTATION_ORPHAN_SAFETY_MINUTES",
    min: 0,
    max: 10080,
    default: 60,
    unit: "minutes",
    meaning: "minutes an unreferenced key of ours must exist before reconciliation revokes it",
  },
  stalePendingHours: {
    env: "ROTATION_STALE_PENDING_HOURS",
    min: 0,
    max: 8760,
    default: 24,
    unit: "hours",
    meaning:
      "hours after which an unfinished AWSPENDING version is treated as abandoned; 0 only for tests",
  },
} as const satisfies Record<string, WholeNumberSetting>;

export type WholeNumberSettingName = keyof typeof Settings;

/** Secrets Manager secret ARNs (the admin credential secret, the rotated secret). */
export const SECRET_ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
export const SECRET_ARN_RULE =
  "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)";

/** Allowed vendor key-name prefixes. */
export const KEY_NAME_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const KEY_NAME_PREFIX_RULE =
  "must be 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit";
/** The key-name prefix when none is given to the Lambda. */
export const DEFAULT_KEY_NAME_PREFIX = "rotated";
