import { rotationRolePolicy } from "../../../components/rotationPolicy";
import { decide } from "../iamSimulation";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/nylas-key-rotation-1a2b3c4`;
const base = {
  secretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas-key-1a2b3c4-AbCdEf`,
  adminSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas/admin-AbCdEf`,
  logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/nylas-key-rotation-f48313`,
  inVpc: false,
};

function asRole(action: string, readsConsumerReach: boolean): Promise<string> {
  return decide({
    principal: ROLE,
    action,
    resource: "*",
    identityPolicy: rotationRolePolicy({ ...base, readsConsumerReach }),
  });
}

describe("the rotation role with consumers in other regions or accounts (iam-simulate)", () => {
  it("may list metrics (to see whether a declared place publishes) only when consumers can be elsewhere", async () => {
    expect(await asRole("cloudwatch:ListMetrics", true)).toBe("Allowed");
    expect(await asRole("cloudwatch:ListMetrics", false)).toBe("ImplicitlyDenied");
  });

  it("still reads metrics and writes none", async () => {
    expect(await asRole("cloudwatch:GetMetricData", true)).toBe("Allowed");
    expect(await asRole("cloudwatch:PutMetricData", true)).toBe("ImplicitlyDenied");
    expect(await asRole("oam:ListAttachedLinks", true)).toBe("ImplicitlyDenied");
  });
});
