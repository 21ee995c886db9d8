import { CONSUMER_ROLE_ARN, KMS_KEY_ARN, ADMIN_CREDENTIAL, defaultArgs } from "./componentArgs";
import { T, deploy, only } from "./componentHarness";
import { ACCOUNT_ID, installPulumiMocks } from "./pulumiMocks";
import { DENY_DELETE_STATEMENT, secretResourcePolicy } from "../../components/secretPolicy";
import type { PolicyDocument } from "../../components/rotationPolicy";
import { decide } from "./iamSimulation";

const mocks = installPulumiMocks();
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;
const ROTATION_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/nylas-key-rotation-1a2b3c4`;
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/administrator`;
const administrator: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }],
};

describe("deletion protection (deletionProtection, on by default)", () => {
  const protectedOnly = secretResourcePolicy({
    rotationRoleArn: ROTATION_ROLE,
    deletionProtection: true,
  }) as PolicyDocument;

  function asAdministrator(action: string, resourcePolicy = protectedOnly): Promise<string> {
    return decide({
      principal: ADMIN_ROLE,
      action,
      resource: SECRET_ARN,
      identityPolicy: administrator,
      resourcePolicy,
      context: { "aws:PrincipalArn": ADMIN_ROLE },
    });
  }

  it("denies DeleteSecret even to an administrator, and leaves every other action to IAM", async () => {
    expect(await asAdministrator("secretsmanager:DeleteSecret")).toBe("ExplicitlyDenied");
    expect(await asAdministrator("secretsmanager:DescribeSecret")).toBe("Allowed");
    expect(await asAdministrator("secretsmanager:GetSecretValue")).toBe("Allowed");
    // The way out is deliberate: remove the policy first (what pulumi destroy does).
    expect(await asAdministrator("secretsmanager:DeleteResourcePolicy")).toBe("Allowed");
  });

  it("denies DeleteSecret to another account's principal too", async () => {
    const outsider = "arn:aws:iam::210987654321:role/other";
    expect(
      await decide({
        principal: outsider,
        action: "secretsmanager:DeleteSecret",
        resource: SECRET_ARN,
        identityPolicy: administrator,
        resourcePolicy: protectedOnly,
        context: { "aws:PrincipalArn": outsider },
      }),
    ).toBe("ExplicitlyDenied");
  });

  it("is the policy's only statement without consumers, and follows the consumer statements with them", () => {
    expect(protectedOnly).toEqual({ Version: "2012-10-17", Statement: [DENY_DELETE_STATEMENT] });
    const both = secretResourcePolicy({
      consumerArns: [CONSUMER_ROLE_ARN],
      rotationRoleArn: ROTATION_ROLE,
      deletionProtection: true,
    });
    expect(both?.Statement.map((s) => s.Sid)).toEqual([
      "ConsumersReadTheKey",
      "NobodyElseReadsTheKey",
      "NobodyDeletesTheSecret",
    ]);
    expect(
      secretResourcePolicy({ rotationRoleArn: ROTATION_ROLE, deletionProtection: false }),
    ).toBeUndefined();
  });

  it("attaches it by default, with public policies blocked, under the former name as an alias", async () => {
    // Act
    await deploy(mocks, "nylas-key", defaultArgs);
    // Assess
    const policy = only(mocks, T.secretPolicy, "nylas-key-policy");
    expect({ ...policy.inputs, policy: JSON.parse(policy.inputs.policy as string) }).toEqual({
      secretArn: SECRET_ARN,
      blockPublicPolicy: true,
      policy: { Version: "2012-10-17", Statement: [DENY_DELETE_STATEMENT] },
    });
    expect(policy.aliases).toEqual([
      `urn:pulumi:stack::project::${T.component}$${T.secretPolicy}::nylas-key-consumers`,
    ]);
  });

  it("attaches no policy with deletionProtection off and no consumers", async () => {
    const key = await deploy(mocks, "nylas-key", { ...defaultArgs, deletionProtection: false });
    expect(mocks.ofType(T.secretPolicy)).toEqual([]);
    expect(key.consumerPolicy).toBeUndefined();
  });
});

describe("recoveryWindowInDays", () => {
  it("is passed to the rotated and the admin secret when set", async () => {
    // Act
    await deploy(mocks, "nylas-key", {
      ...defaultArgs,
      adminCredentialSecretArn: undefined,
      adminCredential: ADMIN_CREDENTIAL,
      kmsKeyId: KMS_KEY_ARN,
      recoveryWindowInDays: 0,
    });
    // Assess
    expect(only(mocks, T.secret, "nylas-key").inputs.recoveryWindowInDays).toBe(0);
    expect(only(mocks, T.secret, "nylas-key-admin").inputs.recoveryWindowInDays).toBe(0);
  });

  it("is left to the provider's default (30) when omitted", async () => {
    await deploy(mocks, "nylas-key", defaultArgs);
    expect(only(mocks, T.secret, "nylas-key").inputs).not.toHaveProperty("recoveryWindowInDays");
  });
});
