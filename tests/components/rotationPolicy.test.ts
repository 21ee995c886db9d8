import {
  ROTATED_SECRET_ACTIONS,
  VPC_ACCESS_ACTIONS,
  lambdaTrustPolicy,
  rotationRolePolicy,
  secretsManagerEndpoint,
} from "../../components/rotationPolicy";
import { decide } from "./iamSimulation";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/nylas-key-rotation-1a2b3c4`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas-key-1a2b3c4-AbCdEf`;
const ADMIN_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas/admin-credential-AbCdEf`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:someone-elses-key-XyZabc`;
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/nylas-key-rotation-f48313`;
const KMS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KMS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/9999abcd-12ab-34cd-56ef-1234567890ab`;
const ENI = `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/eni-0123456789abcdef0`;
/** The default key policy: lets the account's IAM policies decide. */
const KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AccountIam",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
} as const;
/** Secrets Manager actions that name a secret, other than the four the handler makes (iam-data, 2025). */
const OTHER_SECRET_ACTIONS = [
  "CancelRotateSecret",
  "CreateSecret",
  "DeleteResourcePolicy",
  "DeleteSecret",
  "GetResourcePolicy",
  "PutResourcePolicy",
  "RemoveRegionsFromReplication",
  "ReplicateSecretToRegions",
  "RestoreSecret",
  "RotateSecret",
  "StopReplicationToReplica",
  "TagResource",
  "UntagResource",
  "UpdateSecret",
  "ValidateResourcePolicy",
].map((a) => `secretsmanager:${a}`);
/** Secrets Manager actions that name no resource (`*` only). */
const WILDCARD_ONLY_ACTIONS = ["BatchGetSecretValue", "GetRandomPassword", "ListSecrets"].map(
  (a) => `secretsmanager:${a}`,
);

const basePolicy = rotationRolePolicy({
  secretArn: SECRET,
  adminSecretArn: ADMIN_SECRET,
  logGroupArn: LOG_GROUP,
  inVpc: false,
});
const fullPolicy = rotationRolePolicy({
  secretArn: SECRET,
  adminSecretArn: ADMIN_SECRET,
  logGroupArn: LOG_GROUP,
  kmsKeyArn: KMS_KEY,
  inVpc: true,
});
const policies = [
  ["without CMK or VPC", basePolicy],
  ["with CMK and VPC", fullPolicy],
] as const;

function asRole(action: string, resource: string, identityPolicy = basePolicy): Promise<string> {
  return decide({ principal: ROLE, action, resource, identityPolicy });
}

describe.each(policies)("the rotation role's policy %s", (_title, policy) => {
  it.each(ROTATED_SECRET_ACTIONS)("allows %s on its own secret", async (action) => {
    expect(await asRole(action, SECRET, policy)).toBe("Allowed");
  });

  it("allows tagging its own secret with the promotion record only", async () => {
    // Act
    const decideTags = (keys: string[]) =>
      decide({
        principal: ROLE,
        action: "secretsmanager:TagResource",
        resource: SECRET,
        identityPolicy: policy,
        context: { "aws:TagKeys": keys },
      });

    // Assess
    expect(await decideTags(["RotatedApiKey:CurrentSince"])).toBe("Allowed");
    expect(await decideTags(["RotatedApiKey:CurrentSince", "owner"])).toBe("ImplicitlyDenied");
    expect(await decideTags(["RotatedApiKey:Emergency"])).toBe("ImplicitlyDenied");
  });

  it("allows removing its own request tags and nothing else (inventory tags stay)", async () => {
    // Act
    const untag = (keys: string[] | undefined) =>
      decide({
        principal: ROLE,
        action: "secretsmanager:UntagResource",
        resource: SECRET,
        identityPolicy: policy,
        context: keys === undefined ? {} : { "aws:TagKeys": keys },
      });

    // Assess
    expect(await untag(["RotatedApiKey:Emergency", "RotatedApiKey:RequestToken"])).toBe("Allowed");
    expect(
      await untag([
        "RotatedApiKey:Emergency",
        "RotatedApiKey:EmergencyMode",
        "RotatedApiKey:RequestedBy",
        "RotatedApiKey:RequestToken",
      ]),
    ).toBe("Allowed");
    expect(await untag(["owner"])).toBe("ImplicitlyDenied");
    expect(await untag(["vendor", "RotatedApiKey:Emergency"])).toBe("ImplicitlyDenied");
    expect(await untag(["RotatedApiKey:CurrentSince"])).toBe("ImplicitlyDenied");
    expect(await untag(undefined)).toBe("ImplicitlyDenied");
  });

  it("denies removing request tags from another secret", async () => {
    expect(
      await decide({
        principal: ROLE,
        action: "secretsmanager:UntagResource",
        resource: OTHER_SECRET,
        identityPolicy: policy,
        context: { "aws:TagKeys": ["RotatedApiKey:Emergency"] },
      }),
    ).toBe("ImplicitlyDenied");
  });

  it("allows reading the admin credential", async () => {
    expect(await asRole("secretsmanager:GetSecretValue", ADMIN_SECRET, policy)).toBe("Allowed");
  });

  it.each(ROTATED_SECRET_ACTIONS)("denies %s on another secret", async (action) => {
    expect(await asRole(action, OTHER_SECRET, policy)).toBe("ImplicitlyDenied");
  });

  it.each(OTHER_SECRET_ACTIONS)("denies %s on its own secret", async (action) => {
    expect(await asRole(action, SECRET, policy)).toBe("ImplicitlyDenied");
  });

  it.each([
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
    "secretsmanager:DescribeSecret",
    "secretsmanager:DeleteSecret",
  ])("denies %s on the admin secret", async (action) => {
    expect(await asRole(action, ADMIN_SECRET, policy)).toBe("ImplicitlyDenied");
  });

  it.each(WILDCARD_ONLY_ACTIONS)("denies %s on *", async (action) => {
    expect(await asRole(action, "*", policy)).toBe("ImplicitlyDenied");
  });

  it("allows reading metrics (GetMetricData cannot be scoped) and nothing else on *", async () => {
    expect(await asRole("cloudwatch:GetMetricData", "*", policy)).toBe("Allowed");
    expect(await asRole("cloudwatch:PutMetricData", "*", policy)).toBe("ImplicitlyDenied");
  });

  it("grants no wildcard action, and resource * only for metric reads and network interfaces in a VPC", () => {
    // Act
    const onEveryResource = policy.Statement.filter((s) => [s.Resource].flat().includes("*")).map(
      (s) => s.Sid,
    );
    const wildcardActions = policy.Statement.flatMap((s) => [s.Action].flat()).filter((a) =>
      a.includes("*"),
    );
    // Assess
    expect(onEveryResource).toEqual(
      policy === fullPolicy
        ? ["ReadConsumerMetrics", "ManageVpcNetworkInterfaces"]
        : ["ReadConsumerMetrics"],
    );
    expect(wildcardActions).toEqual([]);
  });

  it.each(["logs:CreateLogStream", "logs:PutLogEvents"])(
    "allows %s in its own log group only",
    async (action) => {
      expect(await asRole(action, `${LOG_GROUP}:log-stream:2025/01/01/[$LATEST]abc`, policy)).toBe(
        "Allowed",
      );
      expect(
        await asRole(action, `${LOG_GROUP.replace("f48313", "000000")}:log-stream:x`, policy),
      ).toBe("ImplicitlyDenied");
    },
  );

  it("denies creating log groups (its group exists, with retention)", async () => {
    expect(await asRole("logs:CreateLogGroup", LOG_GROUP, policy)).toBe("ImplicitlyDenied");
  });
});

describe("the rotation role's KMS grant", () => {
  const endpoint = "secretsmanager.us-east-1.amazonaws.com";
  const forSecret = (secretArn: string) => ({
    "kms:ViaService": endpoint,
    "kms:EncryptionContext:SecretARN": secretArn,
  });
  const viaSecretsManager = forSecret(SECRET);

  function kms(
    action: string,
    key: string,
    context: Record<string, string>,
    identityPolicy = fullPolicy,
  ) {
    return decide({
      principal: ROLE,
      action,
      resource: key,
      identityPolicy,
      resourcePolicy: KEY_POLICY,
      context,
    });
  }

  it.each(["kms:Decrypt", "kms:GenerateDataKey"])(
    "allows %s on the CMK through Secrets Manager for the rotated and the admin secret",
    async (action) => {
      expect(await kms(action, KMS_KEY, viaSecretsManager)).toBe("Allowed");
      expect(await kms(action, KMS_KEY, forSecret(ADMIN_SECRET))).toBe("Allowed");
    },
  );

  it.each(["kms:Decrypt", "kms:GenerateDataKey"])(
    "denies %s on the CMK for another secret's data key",
    async (action) => {
      expect(await kms(action, KMS_KEY, forSecret(OTHER_SECRET))).toBe("ImplicitlyDenied");
      expect(await kms(action, KMS_KEY, { "kms:ViaService": endpoint })).toBe("ImplicitlyDenied");
    },
  );

  it.each(["kms:Decrypt", "kms:GenerateDataKey"])(
    "denies %s on the CMK from anywhere else",
    async (action) => {
      expect(
        await kms(action, KMS_KEY, {
          "kms:ViaService": "s3.us-east-1.amazonaws.com",
          "kms:EncryptionContext:SecretARN": SECRET,
        }),
      ).toBe("ImplicitlyDenied");
      expect(await kms(action, KMS_KEY, {})).toBe("ImplicitlyDenied");
      expect(
        await kms(action, KMS_KEY, {
          "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
          "kms:EncryptionContext:SecretARN": SECRET,
        }),
      ).toBe("ImplicitlyDenied");
    },
  );

  it("allows kms:DescribeKey on the CMK through Secrets Manager only (it carries no encryption context)", async () => {
    expect(await kms("kms:DescribeKey", KMS_KEY, { "kms:ViaService": endpoint })).toBe("Allowed");
    expect(await kms("kms:DescribeKey", KMS_KEY, {})).toBe("ImplicitlyDenied");
    expect(await kms("kms:DescribeKey", OTHER_KMS_KEY, { "kms:ViaService": endpoint })).toBe(
      "ImplicitlyDenied",
    );
  });

  it("denies other keys, other KMS actions, and any key when no CMK was given", async () => {
    expect(await kms("kms:Decrypt", OTHER_KMS_KEY, viaSecretsManager)).toBe("ImplicitlyDenied");
    expect(await kms("kms:Encrypt", KMS_KEY, viaSecretsManager)).toBe("ImplicitlyDenied");
    expect(await kms("kms:CreateGrant", KMS_KEY, viaSecretsManager)).toBe("ImplicitlyDenied");
    expect(await kms("kms:Decrypt", KMS_KEY, viaSecretsManager, basePolicy)).toBe(
      "ImplicitlyDenied",
    );
    expect(await kms("kms:DescribeKey", KMS_KEY, { "kms:ViaService": endpoint }, basePolicy)).toBe(
      "ImplicitlyDenied",
    );
  });

  it("names the Secrets Manager endpoint of the secret's region and partition", () => {
    expect(
      secretsManagerEndpoint("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:k-AbCdEf"),
    ).toBe("secretsmanager.cn-north-1.amazonaws.com.cn");
  });
});

describe("the rotation role's VPC grant", () => {
  const requests = VPC_ACCESS_ACTIONS.map((action) => [
    action,
    action === "ec2:DescribeNetworkInterfaces" || action === "ec2:DescribeSubnets" ? "*" : ENI,
  ]);

  it.each(requests)("allows %s in a VPC", async (action, resource) => {
    expect(await asRole(action, resource, fullPolicy)).toBe("Allowed");
  });

  it("includes ec2:DescribeSubnets, as AWSLambdaVPCAccessExecutionRole does", () => {
    expect(VPC_ACCESS_ACTIONS).toContain("ec2:DescribeSubnets");
  });

  it.each(requests)("denies %s outside a VPC", async (action, resource) => {
    expect(await asRole(action, resource, basePolicy)).toBe("ImplicitlyDenied");
  });
});

describe("the rotation role's trust policy", () => {
  it.each([
    ["lambda.amazonaws.com", "Allowed"],
    ["ec2.amazonaws.com", "ImplicitlyDenied"],
    [`arn:aws:iam::${ACCOUNT}:user/someone`, "ImplicitlyDenied"],
  ])("lets %s assume the role: %s", async (principal, expected) => {
    expect(
      await decide({
        principal,
        action: "sts:AssumeRole",
        resource: ROLE,
        resourcePolicy: lambdaTrustPolicy(),
      }),
    ).toBe(expected);
  });
});
