import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { authFailureMetric } from "../alarmMetrics";
import type { MonitoredKey } from "../monitoringArgs";
import { dashboardBody } from "./dashboardBody";

/** The key's CloudWatch dashboard; its alarm-status widget lists `alarms` in this order. */
export function createDashboard(
  d: MonitoredKey,
  alarms: readonly aws.cloudwatch.MetricAlarm[],
): aws.cloudwatch.Dashboard {
  const { plan } = d;
  const authSource = plan.authFailure?.source ?? { kind: "consumerClient" as const };
  const auth = authFailureMetric(authSource, d.secretName);
  const alarmArns = alarms.map((a) => a.arn);
  const body = pulumi
    .all([
      d.secretArn,
      d.secretName,
      pulumi.output(auth),
      pulumi.all(alarmArns),
      d.deadLetterQueue.name,
    ])
    .apply(([secretArn, secretName, authMetric, arns, deadLetterQueueName]) =>
      JSON.stringify(
        dashboardBody({
          componentName: d.name,
          region: secretArn.split(":")[3] ?? "",
          secretName,
          functionName: d.functionName,
          logGroupName: d.logGroupName,
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
          deadLetterQueueName,
          alarmArns: arns,
        }),
      ),
    );
  return new aws.cloudwatch.Dashboard(
    `${d.name}-dashboard`,
    { dashboardName: d.dashboardName, dashboardBody: body },
    d.opts,
  );
}
