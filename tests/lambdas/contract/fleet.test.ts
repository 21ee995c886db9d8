import { ConfigurationError } from "../../../lambdas/contract/errors";
import {
  FLEET_TAG,
  PER_SECRET_SETTINGS,
  fleetConcurrency,
  loadSecretConfig,
  settingTagKey,
  settingTags,
} from "../../../lambdas/contract/fleet";
import { Settings } from "../../../lambdas/contract/settings";

const ADMIN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:nylas-admin-AbCdEf";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-key-XyZabc";
const FLEET_ENV = {
  ROTATION_VENDOR: "nylas",
  ROTATION_ADMIN_SECRET_ARN: ADMIN,
  ROTATION_FLEET_NAME: "nylas-prod",
  ROTATION_OVERLAP_HOURS: "24",
};

function member(tags: Record<string, string>) {
  return { arn: SECRET, name: "billing-key", tags: { [FLEET_TAG]: "nylas-prod", ...tags } };
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigurationError");
}

describe("per-secret settings of a fleet", () => {
  it("offers every whole-number setting of the contract's table, and the key-name prefix", () => {
    // Assess
    expect(PER_SECRET_SETTINGS).toEqual({
      overlapHours: "ROTATION_OVERLAP_HOURS",
      keyTtlDays: "ROTATION_KEY_TTL_DAYS",
      revokeHardLimitHours: "ROTATION_REVOKE_HARD_LIMIT_HOURS",
      usageQuietMinutes: "ROTATION_USAGE_QUIET_MINUTES",
      orphanSafetyMinutes: "ROTATION_ORPHAN_SAFETY_MINUTES",
      stalePendingHours: "ROTATION_STALE_PENDING_HOURS",
      keyNamePrefix: "ROTATION_KEY_NAME_PREFIX",
    });
    expect(Object.keys(Settings).every((name) => name in PER_SECRET_SETTINGS)).toBe(true);
  });

  it("writes one tag per given setting and none for the omitted ones", () => {
    // Act
    const tags = settingTags({ overlapHours: 48, keyNamePrefix: "billing", keyTtlDays: undefined });

    // Assess
    expect(tags).toEqual({
      "RotatedApiKey:Setting:overlapHours": "48",
      "RotatedApiKey:Setting:keyNamePrefix": "billing",
    });
    expect(settingTagKey("stalePendingHours")).toBe("RotatedApiKey:Setting:stalePendingHours");
  });

  it("lays a member's tags over the fleet's defaults and names the secret as its own", () => {
    // Act
    const config = loadSecretConfig(
      FLEET_ENV,
      member({
        [settingTagKey("overlapHours")]: "48",
        [settingTagKey("keyNamePrefix")]: "billing",
      }),
    );

    // Assess
    expect(config).toEqual({
      vendor: "nylas",
      vendorOptions: {},
      adminSecretArn: ADMIN,
      overlapHours: 48,
      keyTtlDays: 90,
      keyNamePrefix: "billing",
      secretArn: SECRET,
      revokeHardLimitHours: 72,
      usageQuietMinutes: 60,
      orphanSafetyMinutes: 60,
      stalePendingHours: 24,
      autoRollback: false,
      consumerReach: { accountIds: [], regions: [] },
      fleetName: "nylas-prod",
    });
  });

  it("takes the fleet's defaults for a member without setting tags", () => {
    // Act
    const config = loadSecretConfig(FLEET_ENV, member({}));

    // Assess
    expect(config).toMatchObject({ overlapHours: 24, keyNamePrefix: "rotated", secretArn: SECRET });
  });

  it("refuses a secret without the fleet's membership tag, naming the tag and what it holds", () => {
    // Act
    const absent = problemsOf(() =>
      loadSecretConfig(FLEET_ENV, { arn: SECRET, name: "billing-key", tags: {} }),
    );
    const other = problemsOf(() =>
      loadSecretConfig(FLEET_ENV, { arn: SECRET, name: "billing-key", tags: { [FLEET_TAG]: "x" } }),
    );

    // Assess
    expect(absent).toEqual([
      "secret billing-key is not a member of fleet nylas-prod: its RotatedApiKey:Fleet tag is absent",
    ]);
    expect(other).toEqual([
      'secret billing-key is not a member of fleet nylas-prod: its RotatedApiKey:Fleet tag is "x"',
    ]);
  });

  it("validates tag values with the settings table's ranges and names the tag, never the value", () => {
    // Act
    const problems = problemsOf(() =>
      loadSecretConfig(
        FLEET_ENV,
        member({
          [settingTagKey("overlapHours")]: "9000",
          [settingTagKey("keyTtlDays")]: "ten",
          [settingTagKey("keyNamePrefix")]: "-bad",
          "RotatedApiKey:Setting:autoRollback": "true",
        }),
      ),
    );

    // Assess
    expect(problems).toEqual([
      "RotatedApiKey:Setting:autoRollback is not a setting a secret can carry (allowed: overlapHours, keyTtlDays, revokeHardLimitHours, usageQuietMinutes, orphanSafetyMinutes, stalePendingHours, keyNamePrefix)",
      "RotatedApiKey:Setting:overlapHours must be at most 8760 (hours the previous key stays valid)",
      "RotatedApiKey:Setting:keyTtlDays must be a whole number written in decimal digits only (days until the vendor expires a new key; 0 = never)",
      "RotatedApiKey:Setting:keyNamePrefix must be 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit",
    ]);
  });

  it("refuses an unknown setting tag even when every value is valid", () => {
    // Act
    const problems = problemsOf(() =>
      loadSecretConfig(FLEET_ENV, member({ "RotatedApiKey:Setting:toString": "1" })),
    );

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^RotatedApiKey:Setting:toString is not a setting a secret can carry/,
    );
  });
});

describe("fleetConcurrency", () => {
  it("defaults to 4 and accepts 1-16", () => {
    // Assess
    expect(fleetConcurrency({})).toBe(4);
    expect(fleetConcurrency({ ROTATION_FLEET_CONCURRENCY: "1" })).toBe(1);
    expect(fleetConcurrency({ ROTATION_FLEET_CONCURRENCY: "16" })).toBe(16);
  });

  it.each(["0", "17", "", "2.5", "-1"])("refuses %j with the variable and range named", (raw) => {
    // Assess
    expect(problemsOf(() => fleetConcurrency({ ROTATION_FLEET_CONCURRENCY: raw }))).toEqual([
      "ROTATION_FLEET_CONCURRENCY must be a whole number from 1 to 16 (fleet members the scheduled maintenance works on at once)",
    ]);
  });
});
