import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RetryPolicies, targetDelivery } from "../delivery/targetDelivery";
import { ROTATION_FAILURE_INPUT_PATHS } from "./eventPatterns";
import type { MonitoredKey } from "./monitoringArgs";
import type { WebhookPlan } from "./plan/webhooksPlan";
import {
  ALARM_STATE_INPUT_PATHS,
  alarmStatePattern,
  alarmStateWebhookTemplate,
  rotationFailureWebhookTemplate,
  webhookInvokePolicy,
  webhookTrustPolicy,
} from "./webhookPatterns";

/**
 * EventBridge connections must carry an authorization; chat incoming
 * webhooks need none (the URL is the credential), so the connection sends
 * this fixed, non-secret header, which they ignore.
 */
export const WEBHOOK_CONNECTION_HEADER = {
  key: "X-Rotated-Api-Key-Notification",
  value: "no-auth",
} as const;

/** Slack and Teams accept about one message a second per webhook; EventBridge queues the rest. */
export const WEBHOOK_RATE_LIMIT_PER_SECOND = 1;

/** The resources behind the key's chat webhooks. */
export interface WebhookResources {
  readonly connection: aws.cloudwatch.EventConnection;
  readonly destinations: readonly aws.cloudwatch.EventApiDestination[];
  readonly role: aws.iam.Role;
  readonly rolePolicy: aws.iam.RolePolicy;
  /** ALARM and OK transitions of the key's alarms; none when no alarm exists. */
  readonly alarmStateRule?: aws.cloudwatch.EventRule;
  readonly targets: readonly aws.cloudwatch.EventTarget[];
}

/** What the webhooks are wired to. */
export interface WebhookWiring {
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
  readonly rotationFailureRule?: aws.cloudwatch.EventRule;
  readonly dashboardName?: string;
}

/**
 * One connection, one API destination per webhook, a role EventBridge
 * assumes to call them, a rule for the key's alarm state changes, and per
 * webhook a target on that rule and on the rotation-failure rule, each with
 * the notification retry policy and the key's dead-letter queue.
 */
export function createWebhooks(
  t: MonitoredKey,
  webhooks: readonly WebhookPlan[],
  wiring: WebhookWiring,
): WebhookResources {
  const connection = new aws.cloudwatch.EventConnection(
    `${t.name}-webhooks`,
    {
      description: `Chat webhooks of RotatedApiKey "${t.name}" (no authorization: the URLs carry it).`,
      authorizationType: "API_KEY",
      authParameters: { apiKey: { ...WEBHOOK_CONNECTION_HEADER } },
    },
    t.opts,
  );
  const destinations = webhooks.map(
    (w) =>
      new aws.cloudwatch.EventApiDestination(
        `${t.name}-webhook-${w.name}`,
        {
          description: `Chat webhook "${w.name}" of RotatedApiKey "${t.name}".`,
          connectionArn: connection.arn,
          invocationEndpoint: pulumi.secret(w.url),
          httpMethod: "POST",
          invocationRateLimitPerSecond: WEBHOOK_RATE_LIMIT_PER_SECOND,
        },
        t.opts,
      ),
  );
  const role = new aws.iam.Role(
    `${t.name}-webhooks`,
    {
      description: `EventBridge posts the notifications of RotatedApiKey "${t.name}" to its chat webhooks`,
      assumeRolePolicy: pulumi
        .output(t.accountId)
        .apply((accountId) => JSON.stringify(webhookTrustPolicy(accountId))),
      tags: t.tags,
    },
    t.opts,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${t.name}-webhooks`,
    {
      role: role.id,
      policy: pulumi
        .all(destinations.map((d) => d.arn))
        .apply((arns) => JSON.stringify(webhookInvokePolicy(arns))),
    },
    t.opts,
  );
  const alarmStateRule =
    wiring.alarms.length === 0
      ? undefined
      : new aws.cloudwatch.EventRule(
          `${t.name}-alarm-state`,
          {
            description: `ALARM and OK transitions of the alarms of RotatedApiKey "${t.name}", for its chat webhooks.`,
            eventPattern: pulumi
              .all(wiring.alarms.map((a) => a.arn))
              .apply((arns) => JSON.stringify(alarmStatePattern(arns))),
            tags: t.tags,
          },
          t.opts,
        );
  const message = {
    componentName: t.name,
    logGroupName: t.logGroupName,
    ...(wiring.dashboardName === undefined ? {} : { dashboardName: wiring.dashboardName }),
  };
  const delivery = targetDelivery(RetryPolicies.notification, t.deadLetterQueue.arn);
  const targets: aws.cloudwatch.EventTarget[] = [];
  webhooks.forEach((w, i) => {
    const destination = destinations[i] as aws.cloudwatch.EventApiDestination;
    const target = (
      suffix: string,
      rule: aws.cloudwatch.EventRule,
      inputPaths: Readonly<Record<string, string>>,
      inputTemplate: string,
    ) =>
      new aws.cloudwatch.EventTarget(
        `${t.name}-webhook-${w.name}-${suffix}`,
        {
          rule: rule.name,
          arn: destination.arn,
          roleArn: role.arn,
          inputTransformer: { inputPaths: { ...inputPaths }, inputTemplate },
          ...delivery,
        },
        { ...t.opts, dependsOn: [rolePolicy] },
      );
    if (alarmStateRule !== undefined) {
      targets.push(
        target(
          "alarms",
          alarmStateRule,
          ALARM_STATE_INPUT_PATHS,
          alarmStateWebhookTemplate(message),
        ),
      );
    }
    if (wiring.rotationFailureRule !== undefined) {
      targets.push(
        target(
          "rotation-failed",
          wiring.rotationFailureRule,
          ROTATION_FAILURE_INPUT_PATHS,
          rotationFailureWebhookTemplate(message),
        ),
      );
    }
  });
  return {
    connection,
    destinations,
    role,
    rolePolicy,
    ...(alarmStateRule === undefined ? {} : { alarmStateRule }),
    targets,
  };
}
