import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { notificationTopicPolicy } from "../alarms/topicPolicy";
import { shortHash } from "../names";
import { fleetAlarmSpecs, type FleetAlarmSpec } from "./fleetAlarms";
import { fleetDashboardBody } from "./fleetDashboard";
import type { FleetAlarmsPlan } from "./fleetPlan";

/** The component's Pulumi type token. */
export const FLEET_MONITORING_TYPE = "rotated-api-key:index:FleetMonitoring";

export interface FleetMonitoringArgs {
  readonly plan: FleetAlarmsPlan;
  readonly fleetName: string;
  readonly vendor: string;
  readonly functionName: string;
  readonly logGroupName: string;
  readonly maintenanceIntervalMinutes: number;
  /** An existing topic; otherwise one is created. */
  readonly notificationTopicArn?: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A fleet's alarms (one per signal over every member), the topic they and the
 * members' rotation-failure rules notify, and the fleet dashboard. A created
 * topic lets CloudWatch alarms and EventBridge rules of this account publish
 * (member rules are created with the members, so they are not listed by ARN).
 */
export class FleetMonitoring extends pulumi.ComponentResource {
  public readonly notificationTopicArn: pulumi.Output<string>;
  public readonly dashboardName?: string;
  public readonly topic?: aws.sns.Topic;
  public readonly topicPolicy?: aws.sns.TopicPolicy;
  public readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
  public readonly dashboard?: aws.cloudwatch.Dashboard;

  public constructor(
    name: string,
    args: FleetMonitoringArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(FLEET_MONITORING_TYPE, name, {}, opts);
    const parent = { parent: this };
    if (args.notificationTopicArn === undefined) {
      this.topic = new aws.sns.Topic(
        `${name}-fleet-alarms`,
        { displayName: `Rotation fleet ${name}`, tags: args.tags },
        parent,
      );
      this.topicPolicy = new aws.sns.TopicPolicy(
        `${name}-fleet-alarms`,
        {
          arn: this.topic.arn,
          policy: pulumi
            .all([this.topic.arn, args.accountId])
            .apply(([topicArn, accountId]) =>
              JSON.stringify(
                notificationTopicPolicy({ topicArn, accountId, eventRulesOfAccount: true }),
              ),
            ),
        },
        parent,
      );
      this.notificationTopicArn = this.topic.arn;
    } else {
      this.notificationTopicArn = pulumi.output(args.notificationTopicArn);
    }

    const specs = fleetAlarmSpecs({
      fleetName: args.fleetName,
      vendor: args.vendor,
      functionName: args.functionName,
      logGroupName: args.logGroupName,
      maintenanceIntervalMinutes: args.maintenanceIntervalMinutes,
      keyExpiryDays: args.plan.keyExpiryDays,
    });
    this.alarms = specs.map((spec) =>
      createAlarm(name, spec, this.notificationTopicArn, args.tags, this),
    );

    if (args.plan.dashboard) {
      const dashboardName = `RotationFleet-${name}-${shortHash(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`, 6)}`;
      this.dashboard = new aws.cloudwatch.Dashboard(
        `${name}-fleet-dashboard`,
        {
          dashboardName,
          dashboardBody: pulumi
            .all([this.notificationTopicArn, pulumi.all(this.alarms.map((a) => a.arn))])
            .apply(([topicArn, alarmArns]) =>
              JSON.stringify(
                fleetDashboardBody({
                  fleetName: args.fleetName,
                  region: topicArn.split(":")[3] ?? "",
                  functionName: args.functionName,
                  logGroupName: args.logGroupName,
                  gaugePeriodSeconds: args.maintenanceIntervalMinutes * 60,
                  keyExpiryDays: args.plan.keyExpiryDays,
                  alarmArns,
                }),
              ),
            ),
        },
        parent,
      );
      this.dashboardName = dashboardName;
    }

    this.registerOutputs({
      notificationTopicArn: this.notificationTopicArn,
      dashboardName: this.dashboardName,
    });
  }
}

function createAlarm(
  name: string,
  spec: FleetAlarmSpec,
  topicArn: pulumi.Output<string>,
  tags: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
  const { suffix, metric, metricQueries, ...rest } = spec;
  return new aws.cloudwatch.MetricAlarm(
    `${name}-fleet-${suffix}`,
    {
      ...rest,
      ...metric,
      ...(metricQueries === undefined
        ? {}
        : {
            metricQueries: metricQueries.map((q) => ({
              ...q,
              ...(q.metric === undefined ? {} : { metric: { ...q.metric } }),
            })),
          }),
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags,
    },
    { parent },
  );
}
