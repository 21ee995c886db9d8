import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { authFailureMetric } from "./alarmMetrics";
import { dashboardBody } from "./dashboard";
import {
  ROTATION_FAILURE_INPUT_PATHS,
  rotationFailureInputTemplate,
  rotationFailurePattern,
} from "./eventPatterns";
import { createRotationAlarms, type RotationAlarms } from "./rotationAlarms";
import { notificationTopicPolicy } from "./topicPolicy";
import type { AlarmsPlan, MonitoringPlan } from "./validateAlarmArgs";

/** The event the maintenance schedule sends the rotation function. */
export const MAINTAIN_EVENT = { action: "maintain" } as const;

/** What the monitoring resources are built for. */
export interface MonitoringTarget {
  readonly name: string;
  readonly vendor: string;
  readonly plan: MonitoringPlan;
  readonly secret: aws.secretsmanager.Secret;
  readonly rotationFunction: aws.lambda.Function;
  /** The function's physical name and log group, known at plan time. */
  readonly functionName: string;
  readonly logGroupName: string;
  readonly dashboardName: string;
  readonly accountId: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}

/** The schedule, notification, alarm and dashboard resources of one key. */
export interface RotationMonitoring extends RotationAlarms {
  readonly maintenanceRule: aws.cloudwatch.EventRule;
  readonly maintenanceTarget: aws.cloudwatch.EventTarget;
  readonly maintenancePermission: aws.lambda.Permission;
  readonly notificationTopic?: aws.sns.Topic;
  readonly notificationTopicPolicy?: aws.sns.TopicPolicy;
  readonly notificationSubscriptions: readonly aws.sns.TopicSubscription[];
  readonly notificationTopicArn?: pulumi.Output<string>;
  readonly rotationFailureRule?: aws.cloudwatch.EventRule;
  readonly rotationFailureTarget?: aws.cloudwatch.EventTarget;
  readonly dashboard?: aws.cloudwatch.Dashboard;
}

/**
 * The scheduled `{"action":"maintain"}` run of the rotation function (the key
 * lifecycle and the monitor that publishes the gauges), and, unless alarms
 * are off, the notification topic, the rotation-failure rule, the alarms and
 * the dashboard.
 */
export function createRotationMonitoring(t: MonitoringTarget): RotationMonitoring {
  const opts = { parent: t.parent };
  const maintenanceRule = new aws.cloudwatch.EventRule(
    `${t.name}-maintenance`,
    {
      description: `Scheduled maintenance of RotatedApiKey "${t.name}": key lifecycle and the monitor behind its alarms.`,
      scheduleExpression: t.plan.maintenanceScheduleExpression,
      tags: t.tags,
    },
    opts,
  );
  const maintenancePermission = new aws.lambda.Permission(
    `${t.name}-maintenance`,
    {
      function: t.rotationFunction.name,
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      sourceArn: maintenanceRule.arn,
    },
    opts,
  );
  const maintenanceTarget = new aws.cloudwatch.EventTarget(
    `${t.name}-maintenance`,
    {
      rule: maintenanceRule.name,
      arn: t.rotationFunction.arn,
      input: JSON.stringify(MAINTAIN_EVENT),
    },
    { ...opts, dependsOn: [maintenancePermission] },
  );
  const schedule = { maintenanceRule, maintenanceTarget, maintenancePermission };
  const alarmsPlan = t.plan.alarms;
  if (alarmsPlan === undefined) return { ...schedule, notificationSubscriptions: [] };

  const notifications = createNotifications(t, alarmsPlan);
  const topicArn = notifications.notificationTopicArn;
  let failure: Pick<RotationMonitoring, "rotationFailureRule" | "rotationFailureTarget"> = {};
  let topicPolicy: aws.sns.TopicPolicy | undefined;
  if (alarmsPlan.rotationFailure !== undefined) {
    const rule = new aws.cloudwatch.EventRule(
      `${t.name}-rotation-failed`,
      {
        description: `Secrets Manager's RotationFailed, RotationAbandoned and TestRotationFailed events for the secret of RotatedApiKey "${t.name}".`,
        eventPattern: t.secret.arn.apply((arn) => JSON.stringify(rotationFailurePattern(arn))),
        tags: t.tags,
      },
      opts,
    );
    topicPolicy = createTopicPolicy(t, notifications.notificationTopic, rule);
    const target = new aws.cloudwatch.EventTarget(
      `${t.name}-rotation-failed`,
      {
        rule: rule.name,
        arn: topicArn,
        inputTransformer: {
          inputPaths: { ...ROTATION_FAILURE_INPUT_PATHS },
          inputTemplate: rotationFailureInputTemplate({
            componentName: t.name,
            logGroupName: t.logGroupName,
            ...(alarmsPlan.dashboard ? { dashboardName: t.dashboardName } : {}),
          }),
        },
      },
      { ...opts, ...(topicPolicy === undefined ? {} : { dependsOn: [topicPolicy] }) },
    );
    failure = { rotationFailureRule: rule, rotationFailureTarget: target };
  } else {
    topicPolicy = createTopicPolicy(t, notifications.notificationTopic, undefined);
  }

  const alarms = createRotationAlarms({
    name: t.name,
    vendor: t.vendor,
    plan: alarmsPlan,
    secretName: t.secret.name,
    functionName: t.functionName,
    logGroupName: t.logGroupName,
    topicArn,
    tags: t.tags,
    parent: t.parent,
  });
  const dashboard = alarmsPlan.dashboard ? createDashboard(t, alarmsPlan, alarms) : undefined;
  return {
    ...schedule,
    ...notifications,
    ...(topicPolicy === undefined ? {} : { notificationTopicPolicy: topicPolicy }),
    ...failure,
    ...alarms,
    ...(dashboard === undefined ? {} : { dashboard }),
  };
}

function createNotifications(
  t: MonitoringTarget,
  plan: AlarmsPlan,
): Pick<RotationMonitoring, "notificationTopic" | "notificationSubscriptions"> & {
  notificationTopicArn: pulumi.Output<string>;
} {
  const n = plan.notifications;
  if (n.kind === "existingTopic") {
    return { notificationSubscriptions: [], notificationTopicArn: pulumi.output(n.topicArn) };
  }
  const topic = new aws.sns.Topic(
    `${t.name}-alarms`,
    { displayName: `RotatedApiKey ${t.name}`, tags: t.tags },
    { parent: t.parent },
  );
  const subscribe = (protocol: "email" | "https", endpoint: string) =>
    new aws.sns.TopicSubscription(
      `${t.name}-alarms-${protocol}-${createHash("sha256").update(endpoint).digest("hex").slice(0, 8)}`,
      { topic: topic.arn, protocol, endpoint },
      { parent: t.parent },
    );
  return {
    notificationTopic: topic,
    notificationTopicArn: topic.arn,
    notificationSubscriptions: [
      ...n.emailAddresses.map((e) => subscribe("email", e)),
      ...n.httpsEndpoints.map((e) => subscribe("https", e)),
    ],
  };
}

/** The created topic's policy; an existing topic's policy is its owner's to keep. */
function createTopicPolicy(
  t: MonitoringTarget,
  topic: aws.sns.Topic | undefined,
  rule: aws.cloudwatch.EventRule | undefined,
): aws.sns.TopicPolicy | undefined {
  if (topic === undefined) return undefined;
  return new aws.sns.TopicPolicy(
    `${t.name}-alarms`,
    {
      arn: topic.arn,
      policy: pulumi
        .all([topic.arn, t.accountId, rule?.arn])
        .apply(([topicArn, accountId, ruleArn]) =>
          JSON.stringify(
            notificationTopicPolicy({
              topicArn,
              accountId,
              ...(ruleArn === undefined ? {} : { rotationFailureRuleArn: ruleArn }),
            }),
          ),
        ),
    },
    { parent: t.parent },
  );
}

function createDashboard(
  t: MonitoringTarget,
  plan: AlarmsPlan,
  alarms: RotationAlarms,
): aws.cloudwatch.Dashboard {
  const authSource = plan.authFailure?.source ?? { kind: "consumerClient" as const };
  const auth = authFailureMetric(authSource, t.secret.name);
  const alarmArns = [
    alarms.keyExpiryAlarm,
    alarms.overdueRotationAlarm,
    alarms.functionErrorsAlarm,
    alarms.revokedInUseAlarm,
    alarms.authFailureAlarm,
  ].flatMap((a) => (a === undefined ? [] : [a.arn]));
  const body = pulumi
    .all([t.secret.arn, t.secret.name, pulumi.output(auth), pulumi.all(alarmArns)])
    .apply(([secretArn, secretName, authMetric, arns]) =>
      JSON.stringify(
        dashboardBody({
          componentName: t.name,
          region: secretArn.split(":")[3] ?? "",
          secretName,
          functionName: t.functionName,
          logGroupName: t.logGroupName,
          gaugePeriodSeconds: plan.gaugePeriodSeconds,
          authFailureMetric: authMetric,
          ...(plan.authFailure === undefined
            ? {}
            : { authFailureDetection: plan.authFailure.detection }),
          ...(plan.keyExpiry === undefined
            ? {}
            : { keyExpiryThresholdDays: plan.keyExpiry.thresholdDays }),
          ...(plan.overdueRotation === undefined
            ? {}
            : { overdueThresholdHours: plan.overdueRotation.thresholdHours }),
          alarmArns: arns,
        }),
      ),
    );
  return new aws.cloudwatch.Dashboard(
    `${t.name}-dashboard`,
    { dashboardName: t.dashboardName, dashboardBody: body },
    { parent: t.parent },
  );
}
