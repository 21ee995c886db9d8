import { consumerSecretPolicy } from "../../../components/consumerPolicy";
import type { PolicyDocument } from "../../../components/rotationPolicy";
import { decide } from "../iamSimulation";

const ACCOUNT = "123456789012";
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas-key-1a2b3c4-AbCdEf`;
const CONSUMER_ROLE = `arn:aws:iam::${ACCOUNT}:role/booking-service`;
const ROTATION_ROLE = `arn:aws:iam::${ACCOUNT}:role/nylas-key-rotation-1a2b3c4`;
const AUDIT_ROLE = `arn:aws:iam::${ACCOUNT}:role/audit`;
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/administrator`;

const readSecrets: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds"],
      Resource: "*",
    },
  ],
};

function historyRead(principal: string, operatorArns?: string[]): Promise<string> {
  return decide({
    principal,
    action: "secretsmanager:GetSecretValue",
    resource: SECRET,
    identityPolicy: readSecrets,
    resourcePolicy: consumerSecretPolicy({
      consumerArns: [CONSUMER_ROLE],
      rotationRoleArn: ROTATION_ROLE,
      ...(operatorArns === undefined ? {} : { operatorArns }),
    }),
    context: { "aws:PrincipalArn": principal },
  });
}

describe("operatorPrincipals and the consumers' resource policy (iam-simulate)", () => {
  it("without operatorPrincipals, denies an operator reading versions for `history` despite its identity policy", async () => {
    expect(await historyRead(AUDIT_ROLE)).toBe("ExplicitlyDenied");
  });

  it("with operatorPrincipals, lets that operator read through its own identity policy", async () => {
    expect(await historyRead(AUDIT_ROLE, [AUDIT_ROLE])).toBe("Allowed");
  });

  it("keeps denying everyone else, an administrator included", async () => {
    expect(await historyRead(ADMIN_ROLE, [AUDIT_ROLE])).toBe("ExplicitlyDenied");
  });

  it("grants the operator nothing by itself: without an identity policy it cannot read", async () => {
    const decision = await decide({
      principal: AUDIT_ROLE,
      action: "secretsmanager:GetSecretValue",
      resource: SECRET,
      resourcePolicy: consumerSecretPolicy({
        consumerArns: [CONSUMER_ROLE],
        rotationRoleArn: ROTATION_ROLE,
        operatorArns: [AUDIT_ROLE],
      }),
      context: { "aws:PrincipalArn": AUDIT_ROLE },
    });
    expect(decision).toBe("ImplicitlyDenied");
  });
});
