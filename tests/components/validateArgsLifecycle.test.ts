import type { RotatedApiKeyArgs } from "../../components";
import { ConfigEnv, loadConfig } from "../../lambdas/contract/config";
import { ConfigurationError } from "../../lambdas/contract/errors";
import { Settings } from "../../lambdas/contract/settings";
import { problemsOf, type ArgsCase } from "./argProblems";
import { ADMIN_SECRET_ARN, defaultArgs } from "./componentArgs";

/** Mistakes in `lifecycle`. */
const cases: ArgsCase[] = [
  [
    "a lifecycle that is not an object",
    "nylas-key",
    { lifecycle: "strict" as never },
    [
      '`lifecycle` must be an object like { revokeHardLimitHours?, usageQuietMinutes?, autoRollback? } (received "strict"). Omit it for the defaults.',
    ],
  ],
  [
    "a negative hard limit",
    "nylas-key",
    { lifecycle: { revokeHardLimitHours: -1 } },
    [
      "`lifecycle.revokeHardLimitHours` must be a whole number of hours from 0 to 8760 (received -1): how long past the overlap window revocation may wait for consumers to stop using the previous key. Omit it for 72.",
    ],
  ],
  [
    "a quiet time of 0 minutes",
    "nylas-key",
    { lifecycle: { usageQuietMinutes: 0 } },
    [
      "`lifecycle.usageQuietMinutes` must be a whole number of minutes from 1 to 10080 (received 0). Omit it for 60.",
    ],
  ],
  [
    "a non-boolean autoRollback",
    "nylas-key",
    { lifecycle: { autoRollback: "yes" as never } },
    ['`lifecycle.autoRollback` must be true or false (received "yes").'],
  ],
  [
    "autoRollback without the 401-spike alarm",
    "nylas-key",
    { lifecycle: { autoRollback: true }, alarms: { authFailureSpike: { enabled: false } } },
    [
      "`lifecycle.autoRollback` needs the 401-spike alarm, which is off (`alarms.enabled` or `alarms.authFailures.enabled` is false). Turn the alarm on, or leave autoRollback off.",
    ],
  ],
];

describe("planRotatedApiKey's lifecycle checks", () => {
  it.each(cases)("refuse %s", (_title, name, overrides, expected) => {
    expect(problemsOf(name, { ...defaultArgs, ...overrides })).toEqual(expected);
  });
});

/** Whether the rotation Lambda's configuration loader accepts these variables. */
function lambdaAccepts(variables: Record<string, string>): boolean {
  try {
    loadConfig({
      [ConfigEnv.vendor]: "nylas",
      [ConfigEnv.adminSecretArn]: ADMIN_SECRET_ARN,
      ...variables,
    });
    return true;
  } catch (error) {
    if (error instanceof ConfigurationError) return false;
    throw error;
  }
}

/** A schedule long enough for any overlap, with keys that never expire. */
const roomy: Partial<RotatedApiKeyArgs> = {
  rotationDays: 1000,
  keyTtlDays: 0,
  maxKeyAgeDays: 3650,
};

/** Arguments that set one Lambda setting, and the variable the Lambda reads it from. */
const settings = {
  overlapHours: (v: number) => ({ ...roomy, overlapHours: v }),
  keyTtlDays: (v: number) => ({ keyTtlDays: v, maxKeyAgeDays: 3650 }),
  revokeHardLimitHours: (v: number) => ({ lifecycle: { revokeHardLimitHours: v } }),
  usageQuietMinutes: (v: number) => ({ lifecycle: { usageQuietMinutes: v } }),
} as const;

describe("the checks of settings the Lambda also reads", () => {
  const bounds = Object.entries(settings).flatMap(([name, argsFor]) => {
    const { min, max } = Settings[name as keyof typeof settings];
    return [min - 1, min, max, max + 1].map((value) => [name, value, argsFor] as const);
  });

  it.each(bounds)("agree with the Lambda on %s %d", (name, value, argsFor) => {
    // Act
    const component = problemsOf("nylas-key", { ...defaultArgs, ...argsFor(value) }).length === 0;
    const lambda = lambdaAccepts({
      [Settings[name as keyof typeof settings].env]: String(value),
    });
    // Assess
    expect(component).toBe(lambda);
  });

  it.each(["a".repeat(32), "a".repeat(33), "-x", "v1.key_name"])(
    "agree with the Lambda on the key name prefix %s",
    (prefix) => {
      const component = problemsOf("nylas-key", { ...defaultArgs, keyNamePrefix: prefix });
      expect(component.length === 0).toBe(lambdaAccepts({ [ConfigEnv.keyNamePrefix]: prefix }));
    },
  );

  it.each([ADMIN_SECRET_ARN, "nylas/admin", "arn:aws:kms:us-east-1:123456789012:key/x"])(
    "agree with the Lambda on the admin credential secret ARN %s",
    (arn) => {
      const component = problemsOf("nylas-key", { ...defaultArgs, adminCredentialSecretArn: arn });
      expect(component.length === 0).toBe(lambdaAccepts({ [ConfigEnv.adminSecretArn]: arn }));
    },
  );
});
