import { ConfigurationError } from "../../../lambdas/contract/errors";
import { SUPPORTED_VENDORS, loadConfig } from "../../../lambdas/contract/config";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:nylas-admin-AbCdEf";

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    // Act
    const config = loadConfig({ ROTATION_VENDOR: "nylas", ROTATION_ADMIN_SECRET_ARN: ARN });

    // Assess
    expect(config).toEqual({
      vendor: "nylas",
      vendorOptions: {},
      adminSecretArn: ARN,
      overlapHours: 24,
      keyTtlDays: 90,
      keyNamePrefix: "rotated",
      secretArn: undefined,
      revokeHardLimitHours: 72,
      usageQuietMinutes: 60,
      orphanSafetyMinutes: 60,
      stalePendingHours: 24,
      autoRollback: false,
      consumerReach: { regions: [], accountIds: [] },
    });
  });

  it("parses every variable", () => {
    // Act
    const config = loadConfig({
      ROTATION_VENDOR: "nylas",
      ROTATION_VENDOR_OPTIONS: '{"applicationId":"app-1","region":"eu"}',
      ROTATION_ADMIN_SECRET_ARN: ARN,
      ROTATION_OVERLAP_HOURS: "48",
      ROTATION_KEY_TTL_DAYS: "0",
      ROTATION_KEY_NAME_PREFIX: "billing.prod",
      ROTATION_SECRET_ARN: ARN,
      ROTATION_REVOKE_HARD_LIMIT_HOURS: "0",
      ROTATION_USAGE_QUIET_MINUTES: "15",
      ROTATION_ORPHAN_SAFETY_MINUTES: "5",
      ROTATION_STALE_PENDING_HOURS: "2",
      ROTATION_AUTO_ROLLBACK: "true",
      ROTATION_CONSUMER_REGIONS: "eu-west-1, ap-southeast-2",
      ROTATION_CONSUMER_ACCOUNTS: "210987654321",
    });

    // Assess
    expect(config).toEqual({
      vendor: "nylas",
      vendorOptions: { applicationId: "app-1", region: "eu" },
      adminSecretArn: ARN,
      overlapHours: 48,
      keyTtlDays: 0,
      keyNamePrefix: "billing.prod",
      secretArn: ARN,
      revokeHardLimitHours: 0,
      usageQuietMinutes: 15,
      orphanSafetyMinutes: 5,
      stalePendingHours: 2,
      autoRollback: true,
      consumerReach: { regions: ["eu-west-1", "ap-southeast-2"], accountIds: ["210987654321"] },
    });
  });

  it("names each bad variable and the rule, never its value", () => {
    // Prepare
    const env = {
      ROTATION_VENDOR_OPTIONS: "{not json",
      ROTATION_ADMIN_SECRET_ARN: ARN,
      ROTATION_OVERLAP_HOURS: "1.5",
      ROTATION_KEY_TTL_DAYS: "5000",
    };

    // Act
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      `ROTATION_VENDOR must be one of ${SUPPORTED_VENDORS.join(", ")}`,
      "ROTATION_VENDOR_OPTIONS must be a JSON object",
      "ROTATION_OVERLAP_HOURS must be a whole number written in decimal digits only (hours the previous key stays valid)",
      "ROTATION_KEY_TTL_DAYS must be at most 3650 (days until the vendor expires a new key; 0 = never)",
    ]);
    expect((error as Error).message).not.toContain("{not json");
  });

  it.each(["", " ", "\t", "0x10", "1e1", "-0", "+5", "2.0"])(
    "refuses %j for a number instead of reading it as 0 or 16",
    (raw) => {
      // Prepare
      const env = {
        ROTATION_VENDOR: "nylas",
        ROTATION_ADMIN_SECRET_ARN: ARN,
        ROTATION_STALE_PENDING_HOURS: raw,
      };

      // Act
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }

      // Assess
      expect((error as ConfigurationError).problems).toEqual([
        "ROTATION_STALE_PENDING_HOURS must be a whole number written in decimal digits only (hours after which an unfinished AWSPENDING version is treated as abandoned; 0 only for tests)",
      ]);
    },
  );

  it("refuses a bad consumer region or account list, naming the variable and the rule", () => {
    // Prepare
    const env = {
      ROTATION_VENDOR: "nylas",
      ROTATION_ADMIN_SECRET_ARN: ARN,
      ROTATION_CONSUMER_REGIONS: "eu-west-1,Frankfurt",
      ROTATION_CONSUMER_ACCOUNTS: "210987654321,210987654321",
    };

    // Act
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }

    // Assess
    expect((error as ConfigurationError).problems).toEqual([
      "ROTATION_CONSUMER_REGIONS must be a comma-separated list whose every entry must be an AWS region name like eu-west-1",
      "ROTATION_CONSUMER_ACCOUNTS must not repeat an entry",
    ]);
  });
});
