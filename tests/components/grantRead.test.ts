import * as aws from "@pulumi/aws";
import { readGrantPolicy, roleNameOf } from "../../components/grantRead";
import type { PolicyDocument } from "../../components/rotationPolicy";
import { KMS_KEY_ARN, defaultArgs } from "./componentArgs";
import { T, deploy, only } from "./componentHarness";
import { decide } from "./iamSimulation";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "./pulumiMocks";

const mocks = installPulumiMocks();
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:someone-elses-key-XyZabc`;
const READER = `arn:aws:iam::${ACCOUNT_ID}:role/services/booking-service`;
const KEY_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AccountIam",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
};

describe("grantRead", () => {
  it("attaches the read policy to the role named by its ARN, as a child of the key", async () => {
    // Prepare
    const key = await deploy(mocks, "nylas-key", { ...defaultArgs, kmsKeyId: KMS_KEY_ARN });

    // Act
    await promiseOf(key.grantRead("booking", READER).urn);

    // Assess
    const grant = only(mocks, T.rolePolicy, "nylas-key-read-booking");
    expect({ ...grant.inputs, policy: JSON.parse(grant.inputs.policy as string) }).toEqual({
      role: "booking-service",
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReadTheRotatedKey",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: SECRET_ARN,
          },
          {
            Sid: "DecryptTheRotatedKeyThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: KMS_KEY_ARN,
            Condition: {
              StringEquals: {
                "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
                "kms:EncryptionContext:SecretARN": SECRET_ARN,
              },
            },
          },
        ],
      },
    });
    expect(grant.urn).toBe(
      `urn:pulumi:stack::project::${T.component}$${T.rolePolicy}::nylas-key-read-booking`,
    );
  });

  it("takes a Role resource, and grants no KMS statement without a CMK", async () => {
    // Prepare
    const key = await deploy(mocks, "nylas-key", defaultArgs);
    const role = new aws.iam.Role("reader", { assumeRolePolicy: "{}" });

    // Act
    await promiseOf(key.grantRead("reader", role).urn);

    // Assess
    const grant = only(mocks, T.rolePolicy, "nylas-key-read-reader");
    expect(grant.inputs.role).toBe("reader-1a2b3c4");
    expect(
      JSON.parse(grant.inputs.policy as string).Statement.map((s: { Sid: string }) => s.Sid),
    ).toEqual(["ReadTheRotatedKey"]);
  });

  it("reads role names from ARNs with and without a path, and passes names through", () => {
    expect(roleNameOf(READER)).toBe("booking-service");
    expect(roleNameOf(`arn:aws:iam::${ACCOUNT_ID}:role/reader`)).toBe("reader");
    expect(roleNameOf("reader")).toBe("reader");
  });
});

describe("the read grant, evaluated", () => {
  const policy = readGrantPolicy({ secretArn: SECRET_ARN, kmsKeyArn: KMS_KEY_ARN });
  const asReader = (action: string, resource: string, context: Record<string, string> = {}) =>
    decide({
      principal: READER,
      action,
      resource,
      identityPolicy: policy,
      ...(action.startsWith("kms:") ? { resourcePolicy: KEY_POLICY } : {}),
      context,
    });

  it.each(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"])(
    "allows %s on the key's secret only",
    async (action) => {
      expect(await asReader(action, SECRET_ARN)).toBe("Allowed");
      expect(await asReader(action, OTHER_SECRET)).toBe("ImplicitlyDenied");
    },
  );

  it.each([
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
    "secretsmanager:RotateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:TagResource",
    "secretsmanager:PutResourcePolicy",
  ])("denies %s (the reader cannot write)", async (action) => {
    expect(await asReader(action, SECRET_ARN)).toBe("ImplicitlyDenied");
  });

  it("decrypts through Secrets Manager for this secret only, and never encrypts", async () => {
    const endpoint = "secretsmanager.us-east-1.amazonaws.com";
    const forSecret = (arn: string) => ({
      "kms:ViaService": endpoint,
      "kms:EncryptionContext:SecretARN": arn,
    });
    expect(await asReader("kms:Decrypt", KMS_KEY_ARN, forSecret(SECRET_ARN))).toBe("Allowed");
    expect(await asReader("kms:Decrypt", KMS_KEY_ARN, forSecret(OTHER_SECRET))).toBe(
      "ImplicitlyDenied",
    );
    expect(
      await asReader("kms:Decrypt", KMS_KEY_ARN, {
        "kms:ViaService": "s3.us-east-1.amazonaws.com",
        "kms:EncryptionContext:SecretARN": SECRET_ARN,
      }),
    ).toBe("ImplicitlyDenied");
    expect(await asReader("kms:GenerateDataKey", KMS_KEY_ARN, forSecret(SECRET_ARN))).toBe(
      "ImplicitlyDenied",
    );
  });
});
