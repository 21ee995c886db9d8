import { SUPPORTED_VENDORS } from "../../lambdas/contract/config";
import * as pulumi from "@pulumi/pulumi";
import type { RotatedApiKeyArgs } from "../../components";
import { RotatedApiKeyArgsError } from "../../components";
import { planRotatedApiKey } from "../../components/validateArgs";
import type { VendorName } from "../../lambdas/contract/config";
import { problemsOf, type ArgsCase } from "./argProblems";
import { ADMIN_CREDENTIAL, defaultArgs, fullArgs } from "./componentArgs";

const VENDOR_LIST = SUPPORTED_VENDORS.map((v) => `"${v}"`).join(", ");

/** Name, vendor and admin-credential mistakes. */
const cases: ArgsCase[] = [
  [
    "a name that cannot derive AWS names",
    "bad.name",
    {},
    [
      "`name` must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received \"bad.name\"): the secret, role and Lambda names are derived from it. Choose a shorter or simpler name.",
    ],
  ],
  [
    "an unsupported vendor",
    "nylas-key",
    { vendor: "acme" as VendorName },
    [
      "`vendor` must be one of " +
        VENDOR_LIST +
        ' (received "acme"): the rotation Lambda has adapters for these vendors only. Set `vendor` to one of them.',
    ],
  ],
  [
    "vendor options without applicationId",
    "nylas-key",
    { vendorOptions: { region: "us" } as never },
    [
      '`vendorOptions` does not fit the nylas adapter: `applicationId` is required: the Nylas application whose API keys are rotated (received {"region":"us"}). Pass { applicationId, region?: "us" | "eu", baseUrl? }.',
    ],
  ],
  [
    "an unknown Nylas region",
    "nylas-key",
    { vendorOptions: { applicationId: "a", region: "ap" } as never },
    [
      '`vendorOptions` does not fit the nylas adapter: `region` must be "us" or "eu" (received {"applicationId":"a","region":"ap"}). Pass { applicationId, region?: "us" | "eu", baseUrl? }.',
    ],
  ],
  [
    "an unknown vendor option",
    "nylas-key",
    { vendorOptions: { applicationId: "a", color: "red" } as never },
    [
      '`vendorOptions` does not fit the nylas adapter: Unrecognized key: "color" (received {"applicationId":"a","color":"red"}). Pass { applicationId, region?: "us" | "eu", baseUrl? }.',
    ],
  ],
  [
    "a plain-http base URL off loopback",
    "nylas-key",
    { vendorOptions: { applicationId: "a", baseUrl: "http://example.com" } },
    [
      '`vendorOptions` does not fit the nylas adapter: `baseUrl` must use https (plain http is allowed only on loopback, for simulators) (received {"applicationId":"a","baseUrl":"http://example.com"}). Pass { applicationId, region?: "us" | "eu", baseUrl? }.',
    ],
  ],
  [
    "no vendor options",
    "nylas-key",
    { vendorOptions: undefined as never },
    [
      '`vendorOptions` is required for vendor "nylas" (received nothing). Pass { applicationId, region?: "us" | "eu", baseUrl? }.',
    ],
  ],
  [
    "neither admin credential argument",
    "nylas-key",
    { adminCredentialSecretArn: undefined },
    [
      "Exactly one of `adminCredentialSecretArn` or `adminCredential` must be set (received neither). Pass the ARN of an existing secret that holds the vendor admin credential, or pass the credential itself (e.g. from `config.requireSecret`) for the component to store in a new secret.",
    ],
  ],
  [
    "both admin credential arguments",
    "nylas-key",
    { adminCredential: ADMIN_CREDENTIAL },
    [
      "Exactly one of `adminCredentialSecretArn` or `adminCredential` must be set (received both). Remove one of them: with `adminCredential` the component stores the credential in a new secret.",
    ],
  ],
  [
    "an admin credential that is not JSON",
    "nylas-key",
    { adminCredentialSecretArn: undefined, adminCredential: "hunter2" },
    [
      "`adminCredential` must be the Nylas service-account JSON (with `private_key_id` and `private_key`) (value not shown: it is not JSON). Pass the credential as the vendor issued it, or store it in a secret and pass `adminCredentialSecretArn` instead.",
    ],
  ],
  [
    "an admin credential without its private key",
    "nylas-key",
    { adminCredentialSecretArn: undefined, adminCredential: '{"private_key_id":"k"}' },
    [
      "`adminCredential` must be the Nylas service-account JSON (with `private_key_id` and `private_key`) (value not shown: `private_key` is required). Pass the credential as the vendor issued it, or store it in a secret and pass `adminCredentialSecretArn` instead.",
    ],
  ],
  [
    "an admin secret name instead of an ARN",
    "nylas-key",
    { adminCredentialSecretArn: "nylas/admin" },
    [
      '`adminCredentialSecretArn` must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) (received "nylas/admin"). Pass the full ARN of the secret that holds the vendor admin credential.',
    ],
  ],
];

describe("planRotatedApiKey", () => {
  it.each(cases)("refuses %s", (_title, name, overrides, expected) => {
    // Act
    const problems = problemsOf(name, { ...defaultArgs, ...overrides });
    // Assess
    expect(problems).toEqual(expected);
  });

  it("accepts the defaults and fills them in", () => {
    // Act
    const plan = planRotatedApiKey("nylas-key", defaultArgs);
    // Assess
    expect(plan).toEqual({
      vendor: "nylas",
      schedule: {
        rules: { automaticallyAfterDays: 30 },
        label: "`rotationDays: 30`",
        minIntervalHours: 720,
        maxIntervalHours: 720,
        windowHours: 24,
      },
      rotateImmediately: true,
      overlapHours: 24,
      keyTtlDays: 90,
      maxKeyAgeDays: 90,
      keyLifetimeHours: 768,
      lambdaMemoryMb: 256,
      lambdaTimeoutSeconds: 120,
      logRetentionDays: 365,
      keyNamePrefix: "nylas-key",
      lifecycle: { revokeHardLimitHours: 72, usageQuietMinutes: 60, autoRollback: false },
      reach: {
        consumerAccountIds: [],
        consumerRegions: [],
        createSinks: false,
        replicaRegions: [],
      },
      destroy: { revokeKeysOnDestroy: true, deletionProtection: true },
      canary: false,
      tags: {
        owner: "platform-team",
        purpose: "calendar sync",
        environment: "test",
        vendor: "nylas",
      },
      monitoring: {
        maintenanceIntervalMinutes: 60,
        maintenanceScheduleExpression: "rate(1 hour)",
        alarms: {
          notifications: { kind: "createTopic", emailAddresses: [], httpsEndpoints: [] },
          gaugePeriodSeconds: 3600,
          keyExpiry: { thresholdDays: 14 },
          overdueRotation: { thresholdHours: 768 },
          rotationFailure: { functionErrorsThreshold: 1 },
          authFailure: {
            source: { kind: "consumerClient" },
            detection: {
              kind: "static",
              threshold: 5,
              periodSeconds: 60,
              evaluationPeriods: 5,
              datapointsToAlarm: 3,
            },
          },
          dashboard: true,
        },
      },
    });
  });

  it("derives the key name prefix from a long component name by cutting it to 32 characters", () => {
    expect(planRotatedApiKey("a".repeat(40), defaultArgs).keyNamePrefix).toBe("a".repeat(32));
  });

  it("accepts keys that never expire (keyTtlDays 0)", () => {
    expect(planRotatedApiKey("nylas-key", { ...defaultArgs, keyTtlDays: 0 }).keyTtlDays).toBe(0);
  });

  it("accepts every argument set at once", () => {
    expect(problemsOf("booking-key", fullArgs)).toEqual([]);
  });

  it("leaves outputs to be checked later", () => {
    // Prepare
    const args: RotatedApiKeyArgs = {
      ...defaultArgs,
      vendorOptions: pulumi.output({ applicationId: "" }),
      adminCredentialSecretArn: pulumi.output("not an ARN"),
      kmsKeyId: pulumi.output("alias/later"),
      consumerPrincipals: [pulumi.output("later")],
      vpc: { subnetIds: [pulumi.output("later")], securityGroupIds: [pulumi.output("later")] },
    };
    // Act
    const problems = problemsOf("nylas-key", args);
    // Assess
    expect(problems).toEqual([]);
  });

  it("reports every problem at once, in one error naming the component", () => {
    // Prepare
    const args: RotatedApiKeyArgs = {
      ...defaultArgs,
      vendor: "acme" as VendorName,
      lambdaMemoryMb: 64,
      keyNamePrefix: "-",
    };
    // Act
    const plan = () => planRotatedApiKey("nylas-key", args);
    // Assess
    expect(plan).toThrow(
      new RotatedApiKeyArgsError("nylas-key", [
        "`vendor` must be one of " +
          VENDOR_LIST +
          ' (received "acme"): the rotation Lambda has adapters for these vendors only. Set `vendor` to one of them.',
        "`lambdaMemoryMb` must be a whole number of MB from 128 to 10240 (received 64). Omit it to use the default, 256.",
        "`keyNamePrefix` must be 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit (received \"-\"). Choose another prefix, or omit it to derive one from the component name.",
      ]),
    );
    expect(plan).toThrow(
      'Invalid arguments for RotatedApiKey "nylas-key":\n' +
        "  - `vendor` must be one of " +
        VENDOR_LIST +
        ' (received "acme"): the rotation Lambda has adapters for these vendors only. Set `vendor` to one of them.\n' +
        "  - `lambdaMemoryMb` must be a whole number of MB from 128 to 10240 (received 64). Omit it to use the default, 256.\n" +
        "  - `keyNamePrefix` must be 1-32 letters, digits, '_', '.' or '-', starting with a letter or digit (received \"-\"). Choose another prefix, or omit it to derive one from the component name.",
    );
  });

  it("still checks the admin credential when the vendor is unknown", () => {
    expect(
      problemsOf("nylas-key", {
        ...defaultArgs,
        vendor: "acme" as VendorName,
        adminCredentialSecretArn: undefined,
      }),
    ).toEqual([
      "`vendor` must be one of " +
        VENDOR_LIST +
        ' (received "acme"): the rotation Lambda has adapters for these vendors only. Set `vendor` to one of them.',
      "Exactly one of `adminCredentialSecretArn` or `adminCredential` must be set (received neither). Pass the ARN of an existing secret that holds the vendor admin credential, or pass the credential itself (e.g. from `config.requireSecret`) for the component to store in a new secret.",
    ]);
  });

  it("never shows an admin credential in a message", () => {
    // Act
    const problems = problemsOf("nylas-key", {
      ...defaultArgs,
      adminCredentialSecretArn: undefined,
      adminCredential: '{"private_key_id":"canary-id","private_key":"canary-key"}',
    });
    // Assess
    expect(problems.join("\n")).not.toMatch(/canary/);
    expect(problems).toEqual([
      "`adminCredential` must be the Nylas service-account JSON (with `private_key_id` and `private_key`) (value not shown: `private_key` must be a PEM private key). Pass the credential as the vendor issued it, or store it in a secret and pass `adminCredentialSecretArn` instead.",
    ]);
  });

  it("accepts a well-formed admin credential", () => {
    expect(
      problemsOf("nylas-key", {
        ...defaultArgs,
        adminCredentialSecretArn: undefined,
        adminCredential: ADMIN_CREDENTIAL,
      }),
    ).toEqual([]);
  });
});
