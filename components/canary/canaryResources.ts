import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CanaryMetrics, METRIC_NAMESPACE } from "../../lambdas/contract/metricNames";
import { rotationDimensions } from "../alarms/alarmMetrics";
import {
  CANARY_READ_INPUT_PATHS,
  canaryReadInputTemplate,
  canaryReadPattern,
} from "./canaryPattern";

/** The CloudWatch period of the canary alarm: the shortest standard-resolution period, so it fires at once. */
export const CANARY_ALARM_PERIOD_SECONDS = 60;

/** What the canary's resources are built from. */
export interface CanaryTarget {
  /** The component's name; children are named `<name>-canary-…`. */
  readonly name: string;
  readonly secretArn: pulumi.Input<string>;
  readonly secretName: pulumi.Input<string>;
  readonly rotationRoleArn: pulumi.Input<string>;
  readonly logGroupName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly opts: pulumi.CustomResourceOptions;
}

/**
 * Fires on the first `CanaryKeyUsed` datapoint above 0 (the maintenance run
 * saw the vendor report a use of the canary key) and notifies `topicArn` on
 * ALARM and OK. Missing data is not breaching: a canary at a vendor without
 * last-use data publishes none (the read rule is then its only signal).
 */
export function createCanaryAlarm(
  t: CanaryTarget,
  topicArn: pulumi.Input<string>,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    `${t.name}-canary-used`,
    {
      alarmDescription: pulumi.interpolate`The canary key of RotatedApiKey "${t.name}" (secret ${t.secretName}) was used at the vendor. A canary is handed to no one: its key leaked. The rotation Lambda's logs (${t.logGroupName}) name the key id; rotate with --emergency and find the leak.`,
      namespace: METRIC_NAMESPACE,
      metricName: CanaryMetrics.CanaryKeyUsed,
      dimensions: rotationDimensions(t.secretName),
      statistic: "Maximum",
      period: CANARY_ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags: t.tags,
    },
    t.opts,
  );
}

/**
 * Matches every `GetSecretValue` on the canary's secret by a principal other
 * than the rotation role. CloudTrail delivers read-only management events to
 * EventBridge only to rules in state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
 */
export function createCanaryReadRule(t: CanaryTarget): aws.cloudwatch.EventRule {
  return new aws.cloudwatch.EventRule(
    `${t.name}-canary-read`,
    {
      description: `Any GetSecretValue on the canary secret of RotatedApiKey "${t.name}" by a principal other than its rotation role.`,
      state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      eventPattern: pulumi
        .all([t.secretArn, t.secretName, t.rotationRoleArn])
        .apply(([secretArn, secretName, rotationRoleArn]) =>
          JSON.stringify(canaryReadPattern({ secretArn, secretName, rotationRoleArn })),
        ),
      tags: t.tags,
    },
    t.opts,
  );
}

/** Sends each canary read, naming the secret and the caller, to the topic once its policy lets the rule publish. */
export function createCanaryReadTarget(
  t: CanaryTarget,
  rule: aws.cloudwatch.EventRule,
  topic: { readonly arn: pulumi.Input<string>; readonly policy?: aws.sns.TopicPolicy },
): aws.cloudwatch.EventTarget {
  return new aws.cloudwatch.EventTarget(
    `${t.name}-canary-read`,
    {
      rule: rule.name,
      arn: topic.arn,
      inputTransformer: {
        inputPaths: { ...CANARY_READ_INPUT_PATHS },
        inputTemplate: pulumi
          .output(t.secretName)
          .apply((secretName) => canaryReadInputTemplate({ componentName: t.name, secretName })),
      },
    },
    { ...t.opts, ...(topic.policy === undefined ? {} : { dependsOn: [topic.policy] }) },
  );
}
