import * as pulumi from "@pulumi/pulumi";
import type { RotatedApiKey } from "../../components";
import {
  ADMIN_CREDENTIAL,
  CONSUMER_ROLE_ARN,
  CONSUMER_USER_ARN,
  KMS_KEY_ARN,
  fullArgs,
} from "./componentArgs";
import {
  ROTATION_ACTIONS,
  T,
  childList,
  deploy,
  only,
  settleRequestTagsStatement,
} from "./componentHarness";
import { defaultMonitoringChildren } from "./alarms/alarmHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "./pulumiMocks";

const mocks = installPulumiMocks();

describe("RotatedApiKey with every argument set", () => {
  const secretArn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:booking-key-1a2b3c4-AbCdEf`;
  const adminSecretArn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:booking-key-admin-1a2b3c4-AbCdEf`;
  const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/booking-key-rotation-1a2b3c4`;
  const functionName = "booking-key-rotation-b1fa6b";
  const logGroupName = `/aws/lambda/${functionName}`;
  const tags = {
    owner: "platform-team",
    purpose: "calendar sync",
    environment: "prod",
    costCenter: "cc-42",
    vendor: "nylas",
  };
  let key: RotatedApiKey;

  beforeAll(async () => {
    key = await deploy(mocks, "booking-key", fullArgs);
  });

  it("adds the admin secret and its version, and the consumer resource policy, to the default monitoring", () => {
    expect(childList(mocks)).toEqual(
      [
        `${T.secret}::booking-key`,
        `${T.secret}::booking-key-admin`,
        `${T.secretVersion}::booking-key-admin`,
        `${T.secretPolicy}::booking-key-policy`,
        `${T.logGroup}::booking-key-rotation`,
        `${T.role}::booking-key-rotation`,
        `${T.rolePolicy}::booking-key-rotation`,
        `${T.function}::booking-key-rotation`,
        `${T.permission}::booking-key-rotation`,
        `${T.rotation}::booking-key`,
        `${T.invocation}::booking-key-retire`,
        ...defaultMonitoringChildren("booking-key"),
      ].sort(),
    );
  });

  it("encrypts both secrets with the CMK", () => {
    expect(only(mocks, T.secret, "booking-key").inputs).toEqual({
      description:
        'nylas API key rotated by RotatedApiKey "booking-key"; read apiKey from AWSCURRENT.',
      kmsKeyId: KMS_KEY_ARN,
      tags,
    });
    expect(only(mocks, T.secret, "booking-key-admin").inputs).toEqual({
      description:
        'nylas admin credential the rotation Lambda of RotatedApiKey "booking-key" uses to create and revoke keys.',
      kmsKeyId: KMS_KEY_ARN,
      tags,
    });
  });

  it("stores the admin credential, marked secret, in the admin secret", () => {
    const version = only(mocks, T.secretVersion, "booking-key-admin");
    expect(version.inputs).toEqual({ secretId: adminSecretArn, secretString: ADMIN_CREDENTIAL });
    expect(version.secretPaths).toEqual(["secretString"]);
  });

  it("lets only the consumers and the rotation role read the key, and nobody delete the secret", () => {
    const inputs = only(mocks, T.secretPolicy, "booking-key-policy").inputs;
    expect({ ...inputs, policy: JSON.parse(inputs.policy as string) }).toEqual({
      secretArn,
      blockPublicPolicy: true,
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ConsumersReadTheKey",
            Effect: "Allow",
            Principal: { AWS: [CONSUMER_ROLE_ARN, CONSUMER_USER_ARN] },
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
          },
          {
            Sid: "NobodyElseReadsTheKey",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: {
              ArnNotEquals: { "aws:PrincipalArn": [CONSUMER_ROLE_ARN, CONSUMER_USER_ARN, roleArn] },
            },
          },
          {
            Sid: "NobodyDeletesTheSecret",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:DeleteSecret",
            Resource: "*",
          },
        ],
      },
    });
  });

  it("adds the CMK via Secrets Manager and the VPC network-interface calls to the role policy", () => {
    const inputs = only(mocks, T.rolePolicy, "booking-key-rotation").inputs;
    expect({ ...inputs, policy: JSON.parse(inputs.policy as string) }).toEqual({
      role: "booking-key-rotation-1a2b3c4",
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
            // booking-key reads consumer metrics in the consumer user's account (210987654321) too.
            Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"],
            Resource: "*",
          },
          {
            Sid: "ReadVendorAdminCredential",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: adminSecretArn,
          },
          {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:${logGroupName}:*`,
          },
          {
            Sid: "UseSecretKeyThroughSecretsManager",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: KMS_KEY_ARN,
            Condition: {
              StringEquals: {
                "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
                "kms:EncryptionContext:SecretARN": [secretArn, adminSecretArn],
              },
            },
          },
          {
            Sid: "DescribeSecretKeyThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:DescribeKey",
            Resource: KMS_KEY_ARN,
            Condition: {
              StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
            },
          },
          {
            Sid: "ManageVpcNetworkInterfaces",
            Effect: "Allow",
            Action: [
              "ec2:CreateNetworkInterface",
              "ec2:DescribeSubnets",
              "ec2:DescribeNetworkInterfaces",
              "ec2:DeleteNetworkInterface",
              "ec2:AssignPrivateIpAddresses",
              "ec2:UnassignPrivateIpAddresses",
            ],
            Resource: "*",
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

  it("sizes, places and configures the Lambda as asked", () => {
    expect(only(mocks, T.logGroup, "booking-key-rotation").inputs).toEqual({
      name: logGroupName,
      retentionInDays: 731,
      tags,
    });
    expect(only(mocks, T.function, "booking-key-rotation").inputs).toEqual({
      name: functionName,
      description: 'Rotates the nylas API key of RotatedApiKey "booking-key"',
      role: roleArn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      code: expect.any(pulumi.asset.AssetArchive),
      memorySize: 512,
      timeout: 300,
      loggingConfig: { logFormat: "JSON", logGroup: logGroupName },
      environment: {
        variables: {
          ROTATION_VENDOR: "nylas",
          ROTATION_VENDOR_OPTIONS: '{"applicationId":"app-123","region":"eu"}',
          ROTATION_ADMIN_SECRET_ARN: adminSecretArn,
          ROTATION_SECRET_ARN: secretArn,
          ROTATION_OVERLAP_HOURS: "48",
          ROTATION_KEY_TTL_DAYS: "30",
          ROTATION_KEY_NAME_PREFIX: "booking-nylas",
          ROTATION_REVOKE_HARD_LIMIT_HOURS: "72",
          ROTATION_USAGE_QUIET_MINUTES: "60",
          ROTATION_AUTO_ROLLBACK: "false",
          ROTATION_CONSUMER_ACCOUNTS: "210987654321",
          POWERTOOLS_SERVICE_NAME: "rotated-api-key",
          POWERTOOLS_METRICS_NAMESPACE: "RotatedApiKey",
        },
      },
      vpcConfig: {
        subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
        securityGroupIds: ["sg-0123456789abcdef0"],
      },
      tags,
    });
    expect(only(mocks, T.permission, "booking-key-rotation").inputs).toEqual({
      function: functionName,
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      sourceAccount: ACCOUNT_ID,
    });
  });

  it("schedules the cron expression in its window without rotating now", () => {
    expect(only(mocks, T.rotation, "booking-key").inputs).toEqual({
      secretId: secretArn,
      rotationLambdaArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${functionName}`,
      rotationRules: { scheduleExpression: "cron(0 6 ? * MON,THU *)", duration: "4h" },
      rotateImmediately: false,
    });
    expect(key.rotationIntervalHours).toBe(96);
    expect(key.overlapHours).toBe(48);
  });

  it("outputs the admin secret it created", async () => {
    expect(await promiseOf(key.adminSecretArn)).toBe(adminSecretArn);
  });
});
