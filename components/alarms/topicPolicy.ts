import type { PolicyDocument, PolicyStatement } from "../rotationPolicy";

/** What the notification topic's policy is built from. */
export interface TopicPolicyInput {
  readonly topicArn: string;
  readonly accountId: string;
  /** The rotation-failure rule, when it exists: the only EventBridge rule allowed to publish. */
  readonly rotationFailureRuleArn?: string;
  /**
   * A fleet's topic: any EventBridge rule of this account may publish (the
   * members' rotation-failure rules come and go with the members).
   */
  readonly eventRulesOfAccount?: boolean;
  /** The canary read rule, when the key is a canary (see components/canary/). */
  readonly canaryReadRuleArn?: string;
}

/** Topic actions the account keeps (the ones SNS's default policy grants the owner). */
export const TOPIC_OWNER_ACTIONS = [
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:AddPermission",
  "sns:RemovePermission",
  "sns:DeleteTopic",
  "sns:Subscribe",
  "sns:ListSubscriptionsByTopic",
  "sns:Publish",
] as const;

/**
 * The created topic's policy: the account keeps the owner's rights,
 * CloudWatch may publish for alarms of this account only, and EventBridge
 * only for the rotation-failure rule. Nothing else may publish.
 */
export function notificationTopicPolicy(input: TopicPolicyInput): PolicyDocument {
  const partition = input.topicArn.split(":")[1] ?? "aws";
  const statements: PolicyStatement[] = [
    {
      Sid: "AccountOwnsTopic",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${input.accountId}:root` },
      Action: [...TOPIC_OWNER_ACTIONS],
      Resource: input.topicArn,
    },
    publishes("CloudWatchAlarmsOfThisAccountPublish", "cloudwatch.amazonaws.com", input.topicArn, {
      StringEquals: { "aws:SourceAccount": input.accountId },
    }),
  ];
  if (input.rotationFailureRuleArn !== undefined) {
    statements.push(
      publishes("RotationFailureRulePublishes", "events.amazonaws.com", input.topicArn, {
        ArnEquals: { "aws:SourceArn": input.rotationFailureRuleArn },
      }),
    );
  }
  if (input.eventRulesOfAccount === true) {
    statements.push(
      publishes("EventRulesOfThisAccountPublish", "events.amazonaws.com", input.topicArn, {
        StringEquals: { "aws:SourceAccount": input.accountId },
      }),
    );
  }
  if (input.canaryReadRuleArn !== undefined) {
    statements.push(
      publishes("CanaryReadRulePublishes", "events.amazonaws.com", input.topicArn, {
        ArnEquals: { "aws:SourceArn": input.canaryReadRuleArn },
      }),
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Lets an AWS service publish to the topic under a condition. */
function publishes(
  sid: string,
  service: string,
  topicArn: string,
  condition: NonNullable<PolicyStatement["Condition"]>,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: condition,
  };
}
