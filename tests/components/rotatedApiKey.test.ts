import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKey, RotatedApiKeyArgsError } from "../../components";
import { ADMIN_SECRET_ARN, defaultArgs } from "./componentArgs";
import {
  ROTATION_ACTIONS,
  T,
  TRUST_POLICY,
  childList,
  deploy,
  only,
  settleRequestTagsStatement,
} from "./componentHarness";
import { defaultMonitoringChildren } from "./alarms/alarmHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "./pulumiMocks";

const mocks = installPulumiMocks();

describe("RotatedApiKey with default settings", () => {
  const secretArn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;
  const functionName = "nylas-key-rotation-f48313";
  const logGroupName = `/aws/lambda/${functionName}`;
  const tags = {
    owner: "platform-team",
    purpose: "calendar sync",
    environment: "test",
    vendor: "nylas",
  };
  let key: RotatedApiKey;

  beforeAll(async () => {
    key = await deploy(mocks, "nylas-key", defaultArgs);
  });

  it("creates the rotation children, the deletion-protecting policy, the retire invocation and the monitoring ones, and no admin secret, secret version or VPC config", () => {
    // Assess
    expect(childList(mocks)).toEqual(
      [
        `${T.secret}::nylas-key`,
        `${T.logGroup}::nylas-key-rotation`,
        `${T.role}::nylas-key-rotation`,
        `${T.rolePolicy}::nylas-key-rotation`,
        `${T.function}::nylas-key-rotation`,
        `${T.permission}::nylas-key-rotation`,
        `${T.rotation}::nylas-key`,
        `${T.secretPolicy}::nylas-key-policy`,
        `${T.invocation}::nylas-key-retire`,
        ...defaultMonitoringChildren("nylas-key"),
      ].sort(),
    );
    expect(key.adminSecret).toBeUndefined();
    expect(key.adminSecretVersion).toBeUndefined();
    expect(only(mocks, T.function, "nylas-key-rotation").inputs).not.toHaveProperty("vpcConfig");
  });

  it("registers as rotated-api-key:index:RotatedApiKey and parents every child to itself", async () => {
    // Act
    const urns = await Promise.all([key.urn, key.secret.urn, key.rotation.urn].map(promiseOf));
    // Assess
    expect(urns).toEqual([
      "urn:pulumi:stack::project::rotated-api-key:index:RotatedApiKey::nylas-key",
      `urn:pulumi:stack::project::${T.component}$${T.secret}::nylas-key`,
      `urn:pulumi:stack::project::${T.component}$${T.rotation}::nylas-key`,
    ]);
  });

  it("creates the secret with inventory tags, the default key and no value", () => {
    expect(only(mocks, T.secret, "nylas-key").inputs).toEqual({
      description:
        'nylas API key rotated by RotatedApiKey "nylas-key"; read apiKey from AWSCURRENT.',
      tags,
    });
  });

  it("creates the log group the Lambda writes to, with retention", () => {
    expect(only(mocks, T.logGroup, "nylas-key-rotation").inputs).toEqual({
      name: logGroupName,
      retentionInDays: 365,
      tags,
    });
  });

  it("creates a role only Lambda can assume", () => {
    const inputs = only(mocks, T.role, "nylas-key-rotation").inputs;
    expect({ ...inputs, assumeRolePolicy: JSON.parse(inputs.assumeRolePolicy as string) }).toEqual({
      description: 'Rotation Lambda of RotatedApiKey "nylas-key"',
      assumeRolePolicy: TRUST_POLICY,
      tags,
    });
  });

  it("gives the role exactly the rotation calls on this secret, the admin secret, its own logs and the KeyRotated event", () => {
    const inputs = only(mocks, T.rolePolicy, "nylas-key-rotation").inputs;
    expect({ ...inputs, policy: JSON.parse(inputs.policy as string) }).toEqual({
      role: "nylas-key-rotation-1a2b3c4",
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "RotateThisSecret",
            Effect: "Allow",
            Action: ROTATION_ACTIONS,
            Resource: secretArn,
          },
          {
            Sid: "RecordPromotion",
            Effect: "Allow",
            Action: "secretsmanager:TagResource",
            Resource: secretArn,
            Condition: {
              "ForAllValues:StringEquals": { "aws:TagKeys": ["RotatedApiKey:CurrentSince"] },
              Null: { "aws:TagKeys": "false" },
            },
          },
          settleRequestTagsStatement(secretArn),
          {
            Sid: "ReadConsumerMetrics",
            Effect: "Allow",
            Action: ["cloudwatch:GetMetricData"],
            Resource: "*",
          },
          {
            Sid: "ReadVendorAdminCredential",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: ADMIN_SECRET_ARN,
          },
          {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:${logGroupName}:*`,
          },
          {
            Sid: "PublishKeyRotatedEvent",
            Effect: "Allow",
            Action: "events:PutEvents",
            Resource: `arn:aws:events:us-east-1:${ACCOUNT_ID}:event-bus/default`,
            Condition: {
              "ForAllValues:StringEquals": {
                "events:source": ["rotated-api-key"],
                "events:detail-type": ["KeyRotated"],
              },
              Null: { "events:source": "false", "events:detail-type": "false" },
            },
          },
        ],
      },
    });
  });

  it("creates the arm64 nodejs22.x Lambda from the bundle, configured through ConfigEnv's variables", () => {
    expect(only(mocks, T.function, "nylas-key-rotation").inputs).toEqual({
      name: functionName,
      description: 'Rotates the nylas API key of RotatedApiKey "nylas-key"',
      role: `arn:aws:iam::${ACCOUNT_ID}:role/nylas-key-rotation-1a2b3c4`,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      code: expect.any(pulumi.asset.AssetArchive),
      memorySize: 256,
      timeout: 120,
      loggingConfig: { logFormat: "JSON", logGroup: logGroupName },
      environment: {
        variables: {
          ROTATION_VENDOR: "nylas",
          ROTATION_VENDOR_OPTIONS: '{"applicationId":"app-123","region":"us"}',
          ROTATION_ADMIN_SECRET_ARN: ADMIN_SECRET_ARN,
          ROTATION_SECRET_ARN: secretArn,
          ROTATION_OVERLAP_HOURS: "24",
          ROTATION_KEY_TTL_DAYS: "90",
          ROTATION_KEY_NAME_PREFIX: "nylas-key",
          ROTATION_REVOKE_HARD_LIMIT_HOURS: "72",
          ROTATION_USAGE_QUIET_MINUTES: "60",
          ROTATION_AUTO_ROLLBACK: "false",
          POWERTOOLS_SERVICE_NAME: "rotated-api-key",
          POWERTOOLS_METRICS_NAMESPACE: "RotatedApiKey",
        },
      },
      tags,
    });
  });

  it("creates the Lambda only after its role's policy exists", async () => {
    // Prepare
    const policyUrn = await promiseOf(key.rolePolicy!.urn);
    // Assess
    expect(only(mocks, T.function, "nylas-key-rotation").dependencies).toEqual(
      expect.arrayContaining([policyUrn]),
    );
  });

  it("lets only Secrets Manager, on behalf of this account, invoke the Lambda", () => {
    expect(only(mocks, T.permission, "nylas-key-rotation").inputs).toEqual({
      function: functionName,
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      sourceAccount: ACCOUNT_ID,
    });
    expect(mocks.calls.map((c) => c.token)).toEqual([
      "aws:index/getCallerIdentity:getCallerIdentity",
    ]);
  });

  it("schedules rotation every 30 days, now, after the permission and the policy exist", async () => {
    // Prepare
    const [permissionUrn, policyUrn] = await Promise.all(
      [key.invokePermission!.urn, key.rolePolicy!.urn].map(promiseOf),
    );
    // Assess
    const rotation = only(mocks, T.rotation, "nylas-key");
    expect(rotation.inputs).toEqual({
      secretId: secretArn,
      rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${functionName}`,
      rotationRules: { automaticallyAfterDays: 30 },
      rotateImmediately: true,
    });
    expect(rotation.dependencies).toEqual(expect.arrayContaining([permissionUrn, policyUrn]));
  });

  it("exposes the outputs, with the schedule figures as plain numbers", async () => {
    // Act
    const outputs = await promiseOf(
      pulumi.all({
        secretArn: key.secretArn,
        secretName: key.secretName,
        functionArn: key.functionArn,
        functionName: key.functionName,
        roleArn: key.roleArn,
        logGroupName: key.logGroupName,
        adminSecretArn: key.adminSecretArn,
      }),
    );
    // Assess
    expect(outputs).toEqual({
      secretArn,
      secretName: "nylas-key-1a2b3c4",
      functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${functionName}`,
      functionName,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/nylas-key-rotation-1a2b3c4`,
      logGroupName,
      adminSecretArn: ADMIN_SECRET_ARN,
    });
    expect(key.rotationIntervalHours).toBe(720);
    expect(key.overlapHours).toBe(24);
  });
});

describe("RotatedApiKey with invalid arguments", () => {
  it("throws before registering anything, itself included", async () => {
    // Prepare
    mocks.reset();
    // Act
    const construct = () => new RotatedApiKey("nylas-key", { ...defaultArgs, overlapHours: 720 });
    // Assess
    expect(construct).toThrow(RotatedApiKeyArgsError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(mocks.resources).toEqual([]);
  });
});
