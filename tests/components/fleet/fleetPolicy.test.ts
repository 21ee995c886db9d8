import { ROTATED_SECRET_ACTIONS } from "../../../components/rotationPolicy";
import {
  fleetMembershipGuardStatement,
  fleetRolePolicy,
  secretsPattern,
} from "../../../components/fleet/fleetPolicy";
import { decide } from "../iamSimulation";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/nylas-prod-fleet-1a2b3c4`;
const APP = `arn:aws:iam::${ACCOUNT}:role/some-app`;
const MEMBER = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:billing-key-AbCdEf`;
const OUTSIDER = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:someone-elses-key-XyZabc`;
const OTHER_REGION = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:billing-key-AbCdEf`;
const ADMIN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas/admin-AbCdEf`;
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/nylas-prod-fleet-f48313`;
const KMS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The default key policy: lets the account's IAM policies decide. */
const KEY_POLICY = {
  Version: "2012-10-17" as const,
  Statement: [
    {
      Sid: "AccountIam",
      Effect: "Allow" as const,
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
};

const policy = fleetRolePolicy({
  fleetName: "nylas-prod",
  adminSecretArn: ADMIN,
  logGroupArn: LOG_GROUP,
  kmsKeyArns: [KMS_KEY],
  inVpc: false,
});
const tagged = (fleet?: string): Record<string, string> =>
  fleet === undefined ? {} : { "aws:ResourceTag/RotatedApiKey:Fleet": fleet };

function asRole(
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): Promise<string> {
  return decide({ principal: ROLE, action, resource, identityPolicy: policy, context });
}

describe("the fleet role's policy", () => {
  it.each(ROTATED_SECRET_ACTIONS.filter((a) => !a.endsWith("UntagResource")))(
    "allows %s on a secret tagged into the fleet",
    async (action) => {
      expect(await asRole(action, MEMBER, tagged("nylas-prod"))).toBe("Allowed");
    },
  );

  it.each(ROTATED_SECRET_ACTIONS.filter((a) => !a.endsWith("UntagResource")))(
    "denies %s on a secret of another fleet, of none, or in another region",
    async (action) => {
      expect(await asRole(action, OUTSIDER, tagged("nylas-staging"))).toBe("ImplicitlyDenied");
      expect(await asRole(action, OUTSIDER, tagged(undefined))).toBe("ImplicitlyDenied");
      expect(await asRole(action, OTHER_REGION, tagged("nylas-prod"))).toBe("ImplicitlyDenied");
    },
  );

  it("allows writing only the promotion record and the maintenance attempt, on members only", async () => {
    // Act
    const tagWith = (keys: string[], fleet = "nylas-prod") =>
      asRole("secretsmanager:TagResource", MEMBER, { ...tagged(fleet), "aws:TagKeys": keys });

    // Assess
    expect(await tagWith(["RotatedApiKey:CurrentSince"])).toBe("Allowed");
    expect(await tagWith(["RotatedApiKey:MaintainedAt"])).toBe("Allowed");
    expect(await tagWith(["RotatedApiKey:CurrentSince"], "other")).toBe("ImplicitlyDenied");
    expect(await tagWith(["owner"])).toBe("ImplicitlyDenied");
    expect(await asRole("secretsmanager:TagResource", MEMBER, tagged("nylas-prod"))).toBe(
      "ImplicitlyDenied",
    );
  });

  it("can never tag a secret into the fleet or change a member's settings", async () => {
    // Act
    const tagWith = (resource: string, keys: string[], fleet?: string) =>
      asRole("secretsmanager:TagResource", resource, { ...tagged(fleet), "aws:TagKeys": keys });

    // Assess
    expect(await tagWith(OUTSIDER, ["RotatedApiKey:Fleet"])).toBe("ExplicitlyDenied");
    expect(await tagWith(MEMBER, ["RotatedApiKey:Fleet"], "nylas-prod")).toBe("ExplicitlyDenied");
    expect(
      await tagWith(
        MEMBER,
        ["RotatedApiKey:CurrentSince", "RotatedApiKey:Setting:overlapHours"],
        "nylas-prod",
      ),
    ).toBe("ExplicitlyDenied");
    expect(
      await asRole("secretsmanager:UntagResource", MEMBER, {
        ...tagged("nylas-prod"),
        "aws:TagKeys": ["RotatedApiKey:Fleet"],
      }),
    ).toBe("ExplicitlyDenied");
  });

  it("removes only rotation-request tags, from members only", async () => {
    // Act
    const untag = (keys: string[], fleet = "nylas-prod") =>
      asRole("secretsmanager:UntagResource", MEMBER, { ...tagged(fleet), "aws:TagKeys": keys });

    // Assess
    expect(await untag(["RotatedApiKey:Emergency", "RotatedApiKey:RequestToken"])).toBe("Allowed");
    expect(await untag(["RotatedApiKey:Emergency"], "other")).toBe("ImplicitlyDenied");
    expect(await untag(["owner"])).toBe("ImplicitlyDenied");
  });

  it("lists secrets (ListSecrets names no resource) and reads only its admin credential", async () => {
    expect(await asRole("secretsmanager:ListSecrets", "*")).toBe("Allowed");
    expect(await asRole("secretsmanager:GetSecretValue", ADMIN)).toBe("Allowed");
    expect(await asRole("secretsmanager:PutSecretValue", ADMIN)).toBe("ImplicitlyDenied");
  });

  it.each(["CreateSecret", "DeleteSecret", "RotateSecret", "PutResourcePolicy", "UpdateSecret"])(
    "denies secretsmanager:%s even on a member",
    async (action) => {
      expect(await asRole(`secretsmanager:${action}`, MEMBER, tagged("nylas-prod"))).toBe(
        "ImplicitlyDenied",
      );
    },
  );

  it("uses the members' keys only through Secrets Manager in the fleet's region", async () => {
    // Act
    const viaService = (service: string) =>
      decide({
        principal: ROLE,
        action: "kms:Decrypt",
        resource: KMS_KEY,
        identityPolicy: policy,
        resourcePolicy: KEY_POLICY,
        context: { "kms:ViaService": service },
      });

    // Assess
    expect(await viaService("secretsmanager.us-east-1.amazonaws.com")).toBe("Allowed");
    expect(await viaService("secretsmanager.eu-west-1.amazonaws.com")).toBe("ImplicitlyDenied");
    expect(await viaService("s3.us-east-1.amazonaws.com")).toBe("ImplicitlyDenied");
  });

  it("allows a member's retire (it reads the member and the admin credential) on members only, and no write it does not need", async () => {
    // Prepare: the calls retire makes (lambdas/engine/lifecycle/retire.ts): DescribeSecret and GetSecretValue on the
    // member, GetSecretValue on the admin credential; it writes nothing to the secret.
    const reads = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"];

    // Act
    const onMember = await Promise.all(reads.map((a) => asRole(a, MEMBER, tagged("nylas-prod"))));
    const onOutsider = await Promise.all(
      reads.map((a) => asRole(a, OUTSIDER, tagged("nylas-staging"))),
    );
    const credential = await asRole("secretsmanager:GetSecretValue", ADMIN);
    const deleteMember = await asRole("secretsmanager:DeleteSecret", MEMBER, tagged("nylas-prod"));

    // Assess
    expect(onMember).toEqual(["Allowed", "Allowed"]);
    expect(onOutsider).toEqual(["ImplicitlyDenied", "ImplicitlyDenied"]);
    expect(credential).toBe("Allowed");
    expect(deleteMember).toBe("ImplicitlyDenied");
  });

  it("builds the member pattern from the admin secret's partition, region and account", () => {
    expect(secretsPattern(ADMIN)).toBe(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`);
    expect(() => secretsPattern("not-an-arn")).toThrow(
      'Expected an ARN with a partition, region and account, got "not-an-arn".',
    );
  });
});

describe("the membership guard statement for other principals", () => {
  const guarded = {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "AppManagesItsSecrets",
        Effect: "Allow" as const,
        Action: ["secretsmanager:TagResource", "secretsmanager:CreateSecret"],
        Resource: "*",
      },
      fleetMembershipGuardStatement(),
    ],
  };

  it("stops a principal tagging a secret into a fleet, while other tags still work", async () => {
    // Act
    const tagWith = (action: string, keys: string[]) =>
      decide({
        principal: APP,
        action,
        resource: OUTSIDER,
        identityPolicy: guarded,
        context: { "aws:TagKeys": keys },
      });

    // Assess
    expect(await tagWith("secretsmanager:TagResource", ["RotatedApiKey:Fleet"])).toBe(
      "ExplicitlyDenied",
    );
    expect(await tagWith("secretsmanager:TagResource", ["RotatedApiKey:Setting:keyTtlDays"])).toBe(
      "ExplicitlyDenied",
    );
    expect(await tagWith("secretsmanager:CreateSecret", ["owner", "RotatedApiKey:Fleet"])).toBe(
      "ExplicitlyDenied",
    );
    expect(await tagWith("secretsmanager:TagResource", ["owner"])).toBe("Allowed");
  });
});
