import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RetryPolicies, targetDelivery } from "../delivery/targetDelivery";
import { shortHash } from "../names";
import {
  ROTATION_FAILURE_INPUT_PATHS,
  rotationFailureInputTemplate,
  rotationFailurePattern,
} from "./eventPatterns";
import type { MonitoredKey } from "./monitoringArgs";
import type { NotificationPlan } from "./plan/notificationsPlan";
import { notificationTopicPolicy } from "./topicPolicy";

/** A topic for the key's alarms and rotation-failure events. */
export function createTopic(t: MonitoredKey): aws.sns.Topic {
  return new aws.sns.Topic(
    `${t.name}-alarms`,
    { displayName: `RotatedApiKey ${t.name}`, tags: t.tags },
    t.opts,
  );
}

/** One subscription per endpoint to a created topic, named by a hash of the endpoint. */
export function createTopicSubscriptions(
  t: MonitoredKey,
  topic: aws.sns.Topic,
  endpoints: Extract<NotificationPlan, { kind: "createTopic" }>,
): aws.sns.TopicSubscription[] {
  const subscribe = (protocol: "email" | "https", endpoint: string) =>
    new aws.sns.TopicSubscription(
      `${t.name}-alarms-${protocol}-${shortHash(endpoint, 8)}`,
      { topic: topic.arn, protocol, endpoint },
      t.opts,
    );
  return [
    ...endpoints.emailAddresses.map((e) => subscribe("email", e)),
    ...endpoints.httpsEndpoints.map((e) => subscribe("https", e)),
  ];
}

/** The created topic's policy; an existing topic's policy is its owner's to keep. */
export function createTopicPolicy(
  t: MonitoredKey,
  topic: aws.sns.Topic,
  rotationFailureRule: aws.cloudwatch.EventRule | undefined,
): aws.sns.TopicPolicy {
  return new aws.sns.TopicPolicy(
    `${t.name}-alarms`,
    {
      arn: topic.arn,
      policy: pulumi
        .all([topic.arn, t.accountId, rotationFailureRule?.arn, t.canaryReadRuleArn])
        .apply(([topicArn, accountId, ruleArn, canaryRuleArn]) =>
          JSON.stringify(
            notificationTopicPolicy({
              topicArn,
              accountId,
              ...(ruleArn === undefined ? {} : { rotationFailureRuleArn: ruleArn }),
              ...(canaryRuleArn === undefined ? {} : { canaryReadRuleArn: canaryRuleArn }),
            }),
          ),
        ),
    },
    t.opts,
  );
}

/** Matches Secrets Manager's rotation-failure events for this secret. */
export function createRotationFailureRule(t: MonitoredKey): aws.cloudwatch.EventRule {
  return new aws.cloudwatch.EventRule(
    `${t.name}-rotation-failed`,
    {
      description: `Secrets Manager's RotationFailed, RotationAbandoned and TestRotationFailed events for the secret of RotatedApiKey "${t.name}".`,
      eventPattern: pulumi
        .output(t.secretArn)
        .apply((arn) => JSON.stringify(rotationFailurePattern(arn))),
      tags: t.tags,
    },
    t.opts,
  );
}

/**
 * Sends the rotation-failure events to the topic as one readable line, once
 * the topic's policy (when the component created it) lets the rule publish.
 */
export function createRotationFailureTarget(
  t: MonitoredKey,
  rule: aws.cloudwatch.EventRule,
  topic: { readonly arn: pulumi.Input<string>; readonly policy?: aws.sns.TopicPolicy },
  dashboardName: string | undefined,
): aws.cloudwatch.EventTarget {
  return new aws.cloudwatch.EventTarget(
    `${t.name}-rotation-failed`,
    {
      rule: rule.name,
      arn: topic.arn,
      inputTransformer: {
        inputPaths: { ...ROTATION_FAILURE_INPUT_PATHS },
        inputTemplate: rotationFailureInputTemplate({
          componentName: t.name,
          logGroupName: t.logGroupName,
          ...(dashboardName === undefined ? {} : { dashboardName }),
        }),
      },
      ...targetDelivery(RetryPolicies.notification, t.deadLetterQueue.arn),
    },
    { ...t.opts, ...(topic.policy === undefined ? {} : { dependsOn: [topic.policy] }) },
  );
}
