import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDashboard } from "./dashboard/dashboard";
import {
  createRotationFailureRule,
  createRotationFailureTarget,
  createTopic,
  createTopicPolicy,
  createTopicSubscriptions,
} from "./notifications";
import type { MonitoredKey, RotationMonitoringArgs } from "./monitoringArgs";
import { createWebhooks, type WebhookResources } from "./webhooks";
import {
  createAuthFailureAlarm,
  createDeadLetterAlarm,
  createAuthFailureMetricFilter,
  createFunctionErrorsAlarm,
  createKeyExpiryAlarm,
  createOverdueRotationAlarm,
  createRevokedInUseAlarm,
} from "./rotationAlarms";

/** The monitoring component's Pulumi type token. */
export const ROTATION_MONITORING_TYPE = "rotated-api-key:index:RotationMonitoring";

/**
 * One key's alarms (key expiry, overdue rotation, function errors, revocation
 * in use, 401 spike), the notification topic and rotation-failure rule, and
 * the dashboard. Children are named after the key (`<name>-key-expiry`, …).
 */
export class RotationMonitoring extends pulumi.ComponentResource {
  /** ARN of the SNS topic alarms and rotation-failure events go to (created or given). */
  public readonly notificationTopicArn: pulumi.Output<string>;
  /** Name of the dashboard; none with the dashboard off. */
  public readonly dashboardName?: string;

  /** The notification topic, when the component created it. */
  public readonly notificationTopic?: aws.sns.Topic;
  /** The created topic's policy (CloudWatch alarms of this account and the rotation-failure rule may publish). */
  public readonly notificationTopicPolicy?: aws.sns.TopicPolicy;
  /** Email and HTTPS subscriptions to the created topic. */
  public readonly notificationSubscriptions: readonly aws.sns.TopicSubscription[];
  /** Matches Secrets Manager's RotationFailed, RotationAbandoned and TestRotationFailed events for this secret. */
  public readonly rotationFailureRule?: aws.cloudwatch.EventRule;
  /** Sends the rotation-failure events, as a readable message, to the topic. */
  public readonly rotationFailureTarget?: aws.cloudwatch.EventTarget;
  /** The current key expires soon, is gone at the vendor, or the monitor stopped reporting. */
  public readonly keyExpiryAlarm?: aws.cloudwatch.MetricAlarm;
  /** No rotation succeeded for longer than the schedule allows, or the monitor stopped reporting. */
  public readonly overdueRotationAlarm?: aws.cloudwatch.MetricAlarm;
  /** The rotation Lambda's errors (any step or maintenance run). */
  public readonly functionErrorsAlarm?: aws.cloudwatch.MetricAlarm;
  /** The previous key was revoked at the hard limit while still in use. */
  public readonly revokedInUseAlarm?: aws.cloudwatch.MetricAlarm;
  /** The 401-spike alarm on the key's consumers (what an auto-rollback rule listens to). */
  public readonly authFailureAlarm?: aws.cloudwatch.MetricAlarm;
  /** Counts auth failures in the consumers' log group, when that is the 401-spike alarm's source. */
  public readonly authFailureMetricFilter?: aws.cloudwatch.LogMetricFilter;
  /** Something sits in the key's dead-letter queue: an EventBridge target could not deliver an event. */
  public readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
  /** The chat webhooks' connection, API destinations, role, alarm-state rule and targets, when `notifications.webhooks` lists any. */
  public readonly webhooks?: WebhookResources;
  /** The key's CloudWatch dashboard. */
  public readonly dashboard?: aws.cloudwatch.Dashboard;

  /** Every alarm of the key that notifies (what the webhooks' alarm-state rule matches). */
  public get alarms(): aws.cloudwatch.MetricAlarm[] {
    return [
      this.keyExpiryAlarm,
      this.overdueRotationAlarm,
      this.functionErrorsAlarm,
      this.revokedInUseAlarm,
      this.authFailureAlarm,
      this.deadLetterAlarm,
    ].filter((alarm) => alarm !== undefined);
  }

  /** The EventBridge rules it created (their targets may send to the dead-letter queue). */
  public get eventRules(): aws.cloudwatch.EventRule[] {
    return [this.rotationFailureRule, this.webhooks?.alarmStateRule].filter(
      (rule) => rule !== undefined,
    );
  }

  /**
   * @param name The key's name; child names derive from it.
   * @param args What the alarms watch, from the key's plan.
   * @param opts Options for the component; `parent` is the key.
   */
  public constructor(
    name: string,
    args: RotationMonitoringArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(ROTATION_MONITORING_TYPE, name, {}, opts);
    const { plan } = args;
    // The children used to be registered directly under the key: the alias
    // keeps their URNs, so existing stacks move them instead of replacing them.
    const childOpts: pulumi.CustomResourceOptions = {
      parent: this,
      ...(opts?.parent === undefined ? {} : { aliases: [{ parent: opts.parent }] }),
    };
    const t: MonitoredKey = { ...args, name, tags: args.tags ?? {}, opts: childOpts };

    const n = plan.notifications;
    if (n.kind === "createTopic") {
      this.notificationTopic = createTopic(t);
      this.notificationTopicArn = this.notificationTopic.arn;
      this.notificationSubscriptions = createTopicSubscriptions(t, this.notificationTopic, n);
    } else {
      this.notificationTopicArn = pulumi.output(n.topicArn);
      this.notificationSubscriptions = [];
    }
    if (plan.rotationFailure !== undefined) this.rotationFailureRule = createRotationFailureRule(t);
    if (this.notificationTopic !== undefined) {
      this.notificationTopicPolicy = createTopicPolicy(
        t,
        this.notificationTopic,
        this.rotationFailureRule,
      );
    }
    if (this.rotationFailureRule !== undefined) {
      this.rotationFailureTarget = createRotationFailureTarget(
        t,
        this.rotationFailureRule,
        { arn: this.notificationTopicArn, policy: this.notificationTopicPolicy },
        plan.dashboard ? args.dashboardName : undefined,
      );
    }

    const a = { ...t, topicArn: this.notificationTopicArn };
    if (plan.keyExpiry !== undefined) {
      this.keyExpiryAlarm = createKeyExpiryAlarm(a, plan.keyExpiry.thresholdDays);
    }
    if (plan.overdueRotation !== undefined) {
      this.overdueRotationAlarm = createOverdueRotationAlarm(
        a,
        plan.overdueRotation.thresholdHours,
      );
    }
    if (plan.rotationFailure !== undefined) {
      this.functionErrorsAlarm = createFunctionErrorsAlarm(
        a,
        plan.rotationFailure.functionErrorsThreshold,
      );
      this.revokedInUseAlarm = createRevokedInUseAlarm(a);
    }
    if (plan.authFailure !== undefined) {
      const { source } = plan.authFailure;
      if (source.kind === "logs")
        this.authFailureMetricFilter = createAuthFailureMetricFilter(a, source);
      this.authFailureAlarm = createAuthFailureAlarm(
        a,
        plan.authFailure,
        this.authFailureMetricFilter,
      );
    }
    this.deadLetterAlarm = createDeadLetterAlarm(a);
    if (n.webhooks !== undefined) {
      this.webhooks = createWebhooks(t, n.webhooks, {
        alarms: this.alarms,
        ...(this.rotationFailureRule === undefined
          ? {}
          : { rotationFailureRule: this.rotationFailureRule }),
        ...(plan.dashboard ? { dashboardName: args.dashboardName } : {}),
      });
    }
    if (plan.dashboard) {
      this.dashboard = createDashboard(t, this.alarms);
      this.dashboardName = args.dashboardName;
    }

    this.registerOutputs({
      notificationTopicArn: this.notificationTopicArn,
      dashboardName: this.dashboardName,
    });
  }
}
