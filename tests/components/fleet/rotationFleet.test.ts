import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKey, RotatedApiKeyArgsError, type RotatedApiKeyArgs } from "../../../components";
import { fleetRolePolicy } from "../../../components/fleet/fleetPolicy";
import { RotationFleet } from "../../../components/fleet";
import { ADMIN_SECRET_ARN, CONSUMER_ROLE_ARN, defaultArgs } from "../componentArgs";
import { T, TRUST_POLICY, childList, deploy, only } from "../componentHarness";
import { M } from "../alarms/alarmHarness";
import { ACCOUNT_ID, REGION, installPulumiMocks, promiseOf, settle } from "../pulumiMocks";
import { deployFleet, fleetArgs } from "./fleetHarness";

const mocks = installPulumiMocks();
const FUNCTION_NAME = "nylas-prod-fleet-5b0f0a";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${FUNCTION_NAME}`;
const keyTags = { owner: "billing-team", purpose: "invoices", environment: "test" };

describe("RotationFleet with default settings", () => {
  let fleet: RotationFleet;
  beforeAll(async () => {
    fleet = await deployFleet(mocks, "nylas-prod");
  });

  it("creates one function, role, log group, schedule, dead-letter queue, five alarms, a topic and a dashboard", () => {
    expect(childList(mocks)).toEqual(
      [
        `${T.logGroup}::nylas-prod-fleet`,
        `${T.role}::nylas-prod-fleet`,
        `${T.rolePolicy}::nylas-prod-fleet`,
        `${T.function}::nylas-prod-fleet`,
        `${T.permission}::nylas-prod-fleet`,
        "random:index/randomInteger:RandomInteger::nylas-prod-fleet-maintenance-offset",
        `${M.eventRule}::nylas-prod-fleet-maintenance`,
        `${M.eventTarget}::nylas-prod-fleet-maintenance`,
        `${M.permission}::nylas-prod-fleet-maintenance`,
        `${M.topic}::nylas-prod-fleet-alarms`,
        `${M.topicPolicy}::nylas-prod-fleet-alarms`,
        "aws:sqs/queue:Queue::nylas-prod-fleet-events-dlq",
        "aws:sqs/queuePolicy:QueuePolicy::nylas-prod-fleet-events-dlq",
        `${M.alarm}::nylas-prod-fleet-step-failures`,
        `${M.alarm}::nylas-prod-fleet-key-expiry`,
        `${M.alarm}::nylas-prod-fleet-maintenance-failures`,
        `${M.alarm}::nylas-prod-fleet-maintenance-deferred`,
        `${M.alarm}::nylas-prod-fleet-function-errors`,
        `${M.dashboard}::nylas-prod-fleet-dashboard`,
      ].sort(),
    );
  });

  it("runs the bundle as a fleet function: no secret of its own, the fleet's name and concurrency", () => {
    const fn = only(mocks, T.function, "nylas-prod-fleet").inputs;
    expect(fn.name).toBe(FUNCTION_NAME);
    expect(fn.timeout).toBe(900);
    expect((fn.environment as { variables: Record<string, string> }).variables).toEqual({
      ROTATION_VENDOR: "nylas",
      ROTATION_VENDOR_OPTIONS: '{"applicationId":"app-123","region":"us"}',
      ROTATION_ADMIN_SECRET_ARN: ADMIN_SECRET_ARN,
      ROTATION_FLEET_NAME: "nylas-prod",
      ROTATION_FLEET_CONCURRENCY: "4",
      POWERTOOLS_SERVICE_NAME: "rotated-api-key",
      POWERTOOLS_METRICS_NAMESPACE: "RotatedApiKey",
    });
  });

  it("gives the role the tag-scoped fleet policy, and lets Secrets Manager of this account invoke", () => {
    expect(only(mocks, T.role, "nylas-prod-fleet").inputs.assumeRolePolicy).toBe(
      JSON.stringify(TRUST_POLICY),
    );
    expect(
      JSON.parse(only(mocks, T.rolePolicy, "nylas-prod-fleet").inputs.policy as string),
    ).toEqual(
      fleetRolePolicy({
        fleetName: "nylas-prod",
        adminSecretArn: ADMIN_SECRET_ARN,
        logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/aws/lambda/${FUNCTION_NAME}`,
        kmsKeyArns: [],
        inVpc: false,
      }),
    );
    expect(only(mocks, T.permission, "nylas-prod-fleet").inputs).toEqual({
      function: FUNCTION_NAME,
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      sourceAccount: ACCOUNT_ID,
    });
  });

  it("alarms on step failures over every member and step with metric math", () => {
    const alarm = only(mocks, M.alarm, "nylas-prod-fleet-step-failures").inputs;
    const queries = alarm.metricQueries as { id: string; expression?: string; metric?: unknown }[];
    expect(queries.map((q) => q.id)).toEqual(["m0", "m1", "m2", "m3", "failures"]);
    expect(queries[4]?.expression).toBe(
      "SUM([FILL(m0, 0), FILL(m1, 0), FILL(m2, 0), FILL(m3, 0)])",
    );
    expect(queries[0]?.metric).toEqual({
      namespace: "RotatedApiKey",
      metricName: "RotationStepFailed",
      dimensions: { service: "rotated-api-key", Fleet: "nylas-prod", Step: "createSecret" },
      stat: "Sum",
      period: 300,
    });
    expect(alarm).toMatchObject({
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
    });
  });

  it("alarms on the soonest expiry of any member, missing runs breaching", () => {
    const alarm = only(mocks, M.alarm, "nylas-prod-fleet-key-expiry").inputs;
    expect(alarm).toMatchObject({
      namespace: "RotatedApiKey",
      metricName: "DaysUntilKeyExpiry",
      dimensions: { service: "rotated-api-key", Fleet: "nylas-prod" },
      statistic: "Minimum",
      period: 3600,
      threshold: 14,
      evaluationPeriods: 3,
      treatMissingData: "breaching",
    });
    expect(alarm.alarmDescription).toContain(
      "fields @timestamp, coalesce(secretName, secretId) as secret | filter ispresent(monitor.daysUntilKeyExpiry) and monitor.daysUntilKeyExpiry < 14",
    );
  });

  it("hands members what they need to join, the function ARN resolving after its permission and policy", async () => {
    const member = fleet.memberArgs;
    expect([member.name, member.vendor]).toEqual(["nylas-prod", "nylas"]);
    expect(
      await Promise.all([
        promiseOf(pulumi.output(member.functionArn)),
        promiseOf(pulumi.output(member.roleArn)),
        promiseOf(pulumi.output(member.adminSecretArn)),
      ]),
    ).toEqual([
      FUNCTION_ARN,
      `arn:aws:iam::${ACCOUNT_ID}:role/nylas-prod-fleet-1a2b3c4`,
      ADMIN_SECRET_ARN,
    ]);
  });
});

describe("RotatedApiKey in a fleet", () => {
  let fleet: RotationFleet;
  let key: RotatedApiKey;
  const memberArgs = (): RotatedApiKeyArgs => ({
    vendor: "nylas",
    tags: keyTags,
    overlapHours: 48,
    keyNamePrefix: "billing",
    fleet: fleet.memberArgs,
  });

  beforeAll(async () => {
    fleet = await deployFleet(mocks, "nylas-prod");
    key = new RotatedApiKey("billing-key", memberArgs());
    await settle(key);
  });

  it("creates only its secret and its policy, its retire invocation, its rotation schedule and the rule naming it in the fleet's topic", () => {
    const own = childList(mocks).filter(
      (c) => c.endsWith("::billing-key") || c.includes("::billing-key-"),
    );
    expect(own).toEqual(
      [
        `${T.secret}::billing-key`,
        `${T.secretPolicy}::billing-key-policy`,
        `${T.invocation}::billing-key-retire`,
        `${T.rotation}::billing-key`,
        `${M.eventRule}::billing-key-rotation-failed`,
        `${M.eventTarget}::billing-key-rotation-failed`,
      ].sort(),
    );
    expect(key.rotationFunction).toBeUndefined();
    expect(key.role).toBeUndefined();
    expect(key.maintenanceRule).toBeUndefined();
    expect(key.monitoring).toBeUndefined();
  });

  it("tags its secret into the fleet with its own settings", () => {
    expect(only(mocks, T.secret, "billing-key").inputs.tags).toEqual({
      ...keyTags,
      vendor: "nylas",
      "RotatedApiKey:Fleet": "nylas-prod",
      "RotatedApiKey:Setting:overlapHours": "48",
      "RotatedApiKey:Setting:keyTtlDays": "90",
      "RotatedApiKey:Setting:keyNamePrefix": "billing",
      "RotatedApiKey:Setting:revokeHardLimitHours": "72",
      "RotatedApiKey:Setting:usageQuietMinutes": "60",
    });
  });

  it("points its rotation at the fleet's function and reports the fleet's outputs", async () => {
    expect(only(mocks, T.rotation, "billing-key").inputs).toEqual({
      secretId: `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:billing-key-1a2b3c4-AbCdEf`,
      rotationLambdaArn: FUNCTION_ARN,
      rotationRules: { automaticallyAfterDays: 30 },
      rotateImmediately: true,
    });
    expect(
      await Promise.all(
        [key.functionArn, key.functionName, key.logGroupName, key.adminSecretArn].map(promiseOf),
      ),
    ).toEqual([FUNCTION_ARN, FUNCTION_NAME, `/aws/lambda/${FUNCTION_NAME}`, ADMIN_SECRET_ARN]);
  });

  it("lets the fleet's role through its consumer policy", async () => {
    mocks.reset();
    const withConsumers = new RotatedApiKey("orders-key", {
      ...memberArgs(),
      consumerPrincipals: [CONSUMER_ROLE_ARN],
    });
    await settle(withConsumers);
    const policy = JSON.parse(
      only(mocks, T.secretPolicy, "orders-key-policy").inputs.policy as string,
    ) as {
      Statement: { Condition?: Record<string, Record<string, unknown>> }[];
    };
    expect(JSON.stringify(policy)).toContain(
      `arn:aws:iam::${ACCOUNT_ID}:role/nylas-prod-fleet-1a2b3c4`,
    );
  });

  it("costs 6 resources per key in a fleet (4 without a fleet topic) against 27 with its own function", async () => {
    mocks.reset();
    await settle(new RotatedApiKey("counted-key", memberArgs()));
    const inFleet = mocks.resources.filter((r) => r.custom).length;
    mocks.reset();
    const { notificationTopicArn: _topic, ...withoutTopic } = fleet.memberArgs;
    await settle(new RotatedApiKey("quiet-key", { ...memberArgs(), fleet: withoutTopic }));
    const inFleetWithoutTopic = mocks.resources.filter((r) => r.custom).length;
    await deploy(mocks, "own-key", defaultArgs);
    const own = mocks.resources.filter((r) => r.custom).length;
    expect([inFleet, inFleetWithoutTopic, own]).toEqual([6, 4, 27]);
  });

  it("refuses the arguments that belong to the fleet, and a fleet of another vendor", () => {
    const attempt = () =>
      new RotatedApiKey("bad-member", {
        ...memberArgs(),
        vendor: "sendgrid",
        vendorOptions: {},
        adminCredentialSecretArn: ADMIN_SECRET_ARN,
        lambdaMemoryMb: 512,
        lifecycle: { autoRollback: true },
      });
    expect(attempt).toThrow(RotatedApiKeyArgsError);
    let problems: readonly string[] = [];
    try {
      attempt();
    } catch (error) {
      problems = (error as RotatedApiKeyArgsError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        '`fleet.vendor` must equal `vendor`: a fleet rotates keys of one vendor (received "nylas" for a "sendgrid" key). Join a fleet of this key\'s vendor.',
        "`vendorOptions` belongs to the fleet when `fleet` is set (received {}): the fleet's function, credential and alarms serve every member. Remove it, or set it on the RotationFleet.",
        `\`adminCredentialSecretArn\` belongs to the fleet when \`fleet\` is set (received "${ADMIN_SECRET_ARN}"): the fleet's function, credential and alarms serve every member. Remove it, or set it on the RotationFleet.`,
        "`lambdaMemoryMb` belongs to the fleet when `fleet` is set (received 512): the fleet's function, credential and alarms serve every member. Remove it, or set it on the RotationFleet.",
        "`lifecycle.autoRollback` is not available in a fleet (received true): a fleet-wide 401 alarm cannot name the key to roll back. Remove it, or give this key its own function.",
      ]),
    );
  });
});

describe("RotationFleet argument checks", () => {
  it("lists every problem at once, before creating anything", () => {
    // Prepare
    mocks.reset();
    let problems: readonly string[] = [];

    // Act
    try {
      new RotationFleet("bad name!", {
        ...fleetArgs,
        maintenanceConcurrency: 17,
        lambdaTimeoutSeconds: 901,
        kmsKeyIds: ["alias/mine"],
        alarms: { keyExpiryDays: 0 },
      });
    } catch (error) {
      problems = (error as RotatedApiKeyArgsError).problems;
    }

    // Assess
    expect(problems).toEqual([
      "`name` must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received \"bad name!\"): it is the fleet's name, written to every member's RotatedApiKey:Fleet tag and used in the function and role names. Choose a shorter or simpler name.",
      "`kmsKeyIds[0]` must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id> (received \"alias/mine\"): the rotation role's kms:Decrypt and kms:GenerateDataKey grant names the key by ARN. Pass the key's ARN, not an alias or a bare key id.",
      "`lambdaTimeoutSeconds` must be a whole number of seconds from 30 to 900 (received 901). Omit it to use the default, 900.",
      "`maintenanceConcurrency` must be a whole number of members from 1 to 16 (received 17). Omit it to use the default, 4.",
      "`alarms.keyExpiryDays` must be a whole number of days from 1 to 365 (received 0). Omit it to use the default, 14.",
    ]);
    expect(mocks.resources).toEqual([]);
  });
});
