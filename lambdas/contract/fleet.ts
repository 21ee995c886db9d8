import { ConfigEnv, loadConfig, type RotationConfig } from "./config";
import { ConfigurationError } from "./errors";
import { Settings, type WholeNumberSetting, type WholeNumberSettingName } from "./settings";

/**
 * A fleet: one rotation function serving many secrets of one vendor (one
 * vendor adapter configuration and one admin credential) in one account and
 * region. Membership and each secret's own settings travel as tags on the
 * secret, so the function needs no list of its secrets and the IAM policy
 * can scope by tag instead of by ARN.
 */

/** The membership tag: its value is the fleet name (`ROTATION_FLEET_NAME`). IAM scopes the fleet role by it. */
export const FLEET_TAG = "RotatedApiKey:Fleet";

/** Prefix of the per-secret setting tags, e.g. `RotatedApiKey:Setting:overlapHours` = `48`. */
export const SETTING_TAG_PREFIX = "RotatedApiKey:Setting:";

/**
 * When the fleet's scheduled maintenance last attempted the secret (ISO time),
 * written after each attempt, success or failure. Each run takes members
 * oldest-attempt first, so a run cut short by its deadline resumes where the
 * last one stopped without a cursor to store, and one failing member cannot
 * starve the others.
 */
export const MAINTAINED_TAG = "RotatedApiKey:MaintainedAt";

/**
 * The settings a secret may carry as tags, each with the variable the
 * fleet function's environment sets as its default. Every whole-number
 * setting of the contract's table, plus the key-name prefix; `autoRollback`
 * is not one (a fleet alarm cannot name the key to roll back).
 */
export const PER_SECRET_SETTINGS = {
  ...(Object.fromEntries(
    Object.entries(Settings).map(([name, setting]) => [name, setting.env]),
  ) as Record<WholeNumberSettingName, string>),
  keyNamePrefix: ConfigEnv.keyNamePrefix,
} as const;

export type PerSecretSettingName = WholeNumberSettingName | "keyNamePrefix";

/** Secrets Manager's longest tag value. */
export const MAX_TAG_VALUE_LENGTH = 256;

/** The tag key that carries `setting`. */
export function settingTagKey(setting: PerSecretSettingName): string {
  return `${SETTING_TAG_PREFIX}${setting}`;
}

/** The setting tags for `values` (a setting left undefined gets no tag: the fleet's default applies). */
export function settingTags(
  values: Partial<Record<PerSecretSettingName, string | number>>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) tags[settingTagKey(name as PerSecretSettingName)] = String(value);
  }
  return tags;
}

/**
 * The configuration for one secret of a fleet: the fleet function's
 * environment (its defaults) with the secret's setting tags laid over it,
 * validated by the same schema as a key's own function (`loadConfig`). The
 * secret must carry the fleet's membership tag. Problems name the tag, not
 * the variable, and never a value.
 */
export function loadSecretConfig(
  env: NodeJS.ProcessEnv,
  secret: {
    readonly arn: string;
    readonly name: string;
    readonly tags: Readonly<Record<string, string>>;
  },
): RotationConfig {
  const fleetName = env[ConfigEnv.fleetName];
  const member = secret.tags[FLEET_TAG];
  if (fleetName === undefined || member !== fleetName) {
    const problem = `secret ${secret.name} is not a member of fleet ${fleetName ?? "(none)"}: its ${FLEET_TAG} tag is ${member === undefined ? "absent" : `"${member}"`}`;
    throw new ConfigurationError(`Refusing to act on ${problem}.`, [problem]);
  }
  const overlay: Record<string, string> = {};
  const tagOfVariable = new Map<string, string>();
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(secret.tags)) {
    if (!key.startsWith(SETTING_TAG_PREFIX)) continue;
    const name = key.slice(SETTING_TAG_PREFIX.length);
    const variable = (PER_SECRET_SETTINGS as Record<string, string>)[name];
    if (variable === undefined || !Object.hasOwn(PER_SECRET_SETTINGS, name)) {
      unknown.push(
        `${key} is not a setting a secret can carry (allowed: ${Object.keys(PER_SECRET_SETTINGS).join(", ")})`,
      );
      continue;
    }
    overlay[variable] = value;
    tagOfVariable.set(variable, key);
  }
  let config: RotationConfig;
  try {
    config = loadConfig({ ...env, ...overlay, [ConfigEnv.secretArn]: secret.arn });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const problems = [
      ...unknown,
      ...error.problems.map((problem) => {
        const variable = problem.split(" ", 1)[0] ?? "";
        const tag = tagOfVariable.get(variable);
        return tag === undefined ? problem : `${tag}${problem.slice(variable.length)}`;
      }),
    ];
    throw new ConfigurationError(
      `Invalid settings of fleet secret ${secret.name}: ${problems.join("; ")}.`,
      problems,
    );
  }
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `Invalid settings of fleet secret ${secret.name}: ${unknown.join("; ")}.`,
      unknown,
    );
  }
  return config;
}

/** The fleet function's own tunables (not per secret). */
export const FleetSettings = {
  maintenanceConcurrency: {
    env: "ROTATION_FLEET_CONCURRENCY",
    min: 1,
    max: 16,
    default: 4,
    unit: "members",
    meaning: "fleet members the scheduled maintenance works on at once",
  },
} as const satisfies Record<string, WholeNumberSetting>;

/** `ROTATION_FLEET_CONCURRENCY`, checked like every other whole-number setting; the default when unset. */
export function fleetConcurrency(env: NodeJS.ProcessEnv): number {
  const {
    env: variable,
    min,
    max,
    default: fallback,
    meaning,
  } = FleetSettings.maintenanceConcurrency;
  const raw = env[variable];
  if (raw === undefined) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    const problem = `${variable} must be a whole number from ${min} to ${max} (${meaning})`;
    throw new ConfigurationError(`Invalid rotation Lambda configuration: ${problem}.`, [problem]);
  }
  return value;
}
