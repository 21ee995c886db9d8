import { defaultEventBusArn } from "../../components/keyRotatedEventPolicy";
import { rotationRolePolicy } from "../../components/rotationPolicy";
import { KEY_ROTATED_EVENT } from "../../lambdas/contract/keyRotatedEvent";
import { decide } from "./iamSimulation";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/nylas-key-rotation-1a2b3c4`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas-key-1a2b3c4-AbCdEf`;
const DEFAULT_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const policy = rotationRolePolicy({
  secretArn: SECRET,
  adminSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:nylas/admin-AbCdEf`,
  logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/nylas-key-rotation-f48313`,
  inVpc: false,
});

function putEvents(
  resource: string,
  source: string,
  detailType: string = KEY_ROTATED_EVENT.detailType,
): Promise<string> {
  return decide({
    principal: ROLE,
    action: "events:PutEvents",
    resource,
    identityPolicy: policy,
    context: { "events:source": [source], "events:detail-type": [detailType] },
  });
}

describe("the rotation role's KeyRotated grant (iam-simulate)", () => {
  it("allows putting the KeyRotated event on the default bus of the secret's account and region", async () => {
    expect(await putEvents(DEFAULT_BUS, "rotated-api-key")).toBe("Allowed");
  });

  it.each([
    ["another source", DEFAULT_BUS, "aws.secretsmanager", "KeyRotated"],
    ["another detail-type", DEFAULT_BUS, "rotated-api-key", "KeyRevoked"],
    [
      "a custom bus",
      `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`,
      "rotated-api-key",
      "KeyRotated",
    ],
    [
      "another region's default bus",
      `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`,
      "rotated-api-key",
      "KeyRotated",
    ],
    [
      "another account's default bus",
      "arn:aws:events:us-east-1:210987654321:event-bus/default",
      "rotated-api-key",
      "KeyRotated",
    ],
  ])("denies %s", async (_case, bus, source, detailType) => {
    expect(await putEvents(bus, source, detailType)).toBe("ImplicitlyDenied");
  });

  it("denies a call that mixes a KeyRotated entry with an entry of another source", async () => {
    const decision = await decide({
      principal: ROLE,
      action: "events:PutEvents",
      resource: DEFAULT_BUS,
      identityPolicy: policy,
      context: {
        "events:source": ["rotated-api-key", "aws.secretsmanager"],
        "events:detail-type": ["KeyRotated"],
      },
    });
    expect(decision).toBe("ImplicitlyDenied");
  });

  it("denies a call without the source or detail-type keys", async () => {
    const decision = await decide({
      principal: ROLE,
      action: "events:PutEvents",
      resource: DEFAULT_BUS,
      identityPolicy: policy,
    });
    expect(decision).toBe("ImplicitlyDenied");
  });

  it("denies other EventBridge actions on the bus", async () => {
    for (const action of [
      "events:DeleteEventBus",
      "events:TagResource",
      "events:DescribeEventBus",
    ]) {
      expect(
        await decide({ principal: ROLE, action, resource: DEFAULT_BUS, identityPolicy: policy }),
      ).toBe("ImplicitlyDenied");
    }
  });

  it("is one statement, scoped by source and detail-type", () => {
    expect(
      policy.Statement.filter((s) => [s.Action].flat().some((a) => a.startsWith("events:"))),
    ).toEqual([
      {
        Sid: "PublishKeyRotatedEvent",
        Effect: "Allow",
        Action: "events:PutEvents",
        Resource: DEFAULT_BUS,
        Condition: {
          "ForAllValues:StringEquals": {
            "events:source": ["rotated-api-key"],
            "events:detail-type": ["KeyRotated"],
          },
          Null: { "events:source": "false", "events:detail-type": "false" },
        },
      },
    ]);
  });

  it("names the default bus in the secret's partition", () => {
    expect(
      defaultEventBusArn(`arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:k-AbCdEf`),
    ).toBe(`arn:aws-cn:events:cn-north-1:${ACCOUNT}:event-bus/default`);
    expect(() => defaultEventBusArn("not-an-arn")).toThrow(
      'Expected a Secrets Manager secret ARN with a partition, region and account, got "not-an-arn".',
    );
  });
});
