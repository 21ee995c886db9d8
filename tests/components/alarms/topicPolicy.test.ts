import { notificationTopicPolicy } from "../../../components/alarms/topicPolicy";
import { decide } from "../iamSimulation";

const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:nylas-key-alarms-1a2b3c4`;
const RULE = `arn:aws:events:us-east-1:${ACCOUNT}:rule/nylas-key-rotation-failed-1a2b3c4`;
const resourcePolicy = notificationTopicPolicy({
  topicArn: TOPIC,
  accountId: ACCOUNT,
  rotationFailureRuleArn: RULE,
});

function publish(principal: string, context: Record<string, string>): Promise<string> {
  return decide({ principal, action: "sns:Publish", resource: TOPIC, resourcePolicy, context });
}

describe("the notification topic's policy", () => {
  it("lets the rotation-failure rule publish, and no other rule", async () => {
    expect(await publish("events.amazonaws.com", { "aws:SourceArn": RULE })).toBe("Allowed");
    expect(
      await publish("events.amazonaws.com", {
        "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/someone-elses-rule`,
      }),
    ).toBe("ImplicitlyDenied");
  });

  it("lets CloudWatch publish for alarms of this account only", async () => {
    expect(await publish("cloudwatch.amazonaws.com", { "aws:SourceAccount": ACCOUNT })).toBe(
      "Allowed",
    );
    expect(await publish("cloudwatch.amazonaws.com", { "aws:SourceAccount": "210987654321" })).toBe(
      "ImplicitlyDenied",
    );
  });

  it("lets no other service or account publish", async () => {
    expect(await publish("s3.amazonaws.com", { "aws:SourceAccount": ACCOUNT })).toBe(
      "ImplicitlyDenied",
    );
    expect(await publish("arn:aws:iam::210987654321:role/outsider", {})).toBe("ImplicitlyDenied");
  });

  it("grants no EventBridge publishing when there is no rotation-failure rule", () => {
    const policy = notificationTopicPolicy({ topicArn: TOPIC, accountId: ACCOUNT });
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "AccountOwnsTopic",
      "CloudWatchAlarmsOfThisAccountPublish",
    ]);
  });
});
