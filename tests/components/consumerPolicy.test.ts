import { consumerSecretPolicy } from "../../components/consumerPolicy";
import { rotationRolePolicy, type PolicyDocument } from "../../components/rotationPolicy";
import { decide } from "./iamSimulation";

const ACCOUNT = "123456789012";
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas-key-1a2b3c4-AbCdEf`;
const CONSUMER_ROLE = `arn:aws:iam::${ACCOUNT}:role/booking-service`;
const CROSS_ACCOUNT_USER = "arn:aws:iam::210987654321:user/ops/reporting";
const ROTATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/nylas-key-rotation-1a2b3c4`;
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/administrator`;

const resourcePolicy = consumerSecretPolicy({
  consumerArns: [CONSUMER_ROLE, CROSS_ACCOUNT_USER],
  rotationRoleArn: ROTATION_ROLE,
});
const readAnySecret: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "ReadAll", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" },
  ],
};
const administrator: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }],
};
const rotationPolicy = rotationRolePolicy({
  secretArn: SECRET,
  adminSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas/admin-credential-AbCdEf`,
  logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/nylas-key-rotation-f48313`,
  inVpc: false,
});

function request(
  principal: string,
  action: string,
  identityPolicy?: PolicyDocument,
): Promise<string> {
  return decide({
    principal,
    action,
    resource: SECRET,
    resourcePolicy,
    context: { "aws:PrincipalArn": principal },
    ...(identityPolicy ? { identityPolicy } : {}),
  });
}

describe("the consumers' resource policy", () => {
  it("lets a consumer role in the account read the key without an identity policy", async () => {
    expect(await request(CONSUMER_ROLE, "secretsmanager:GetSecretValue")).toBe("Allowed");
  });

  it("lets a consumer in another account read the key when its own account allows it too", async () => {
    expect(await request(CROSS_ACCOUNT_USER, "secretsmanager:GetSecretValue", readAnySecret)).toBe(
      "Allowed",
    );
    expect(await request(CROSS_ACCOUNT_USER, "secretsmanager:GetSecretValue")).toBe(
      "ImplicitlyDenied",
    );
  });

  it("keeps the rotation role able to read the secret it rotates", async () => {
    expect(await request(ROTATION_ROLE, "secretsmanager:GetSecretValue", rotationPolicy)).toBe(
      "Allowed",
    );
  });

  it("denies reading the key to anyone else, even an administrator", async () => {
    expect(await request(ADMIN_ROLE, "secretsmanager:GetSecretValue", administrator)).toBe(
      "ExplicitlyDenied",
    );
    expect(
      await request(
        `arn:aws:iam::${ACCOUNT}:user/developer`,
        "secretsmanager:GetSecretValue",
        readAnySecret,
      ),
    ).toBe("ExplicitlyDenied");
  });

  it("grants consumers nothing but GetSecretValue", async () => {
    expect(await request(CONSUMER_ROLE, "secretsmanager:PutSecretValue")).toBe("ImplicitlyDenied");
    expect(await request(CONSUMER_ROLE, "secretsmanager:DeleteSecret")).toBe("ImplicitlyDenied");
  });

  it("leaves other actions to identity policies (administrators can still manage the secret)", async () => {
    expect(await request(ADMIN_ROLE, "secretsmanager:DescribeSecret", administrator)).toBe(
      "Allowed",
    );
  });
});
