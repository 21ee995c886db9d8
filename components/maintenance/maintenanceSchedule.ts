import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { maintenanceEvent } from "../../lambdas/contract/events";
import { maintenanceRetryPolicy, targetDelivery } from "../delivery/targetDelivery";
import { ruleInvokePermission } from "../ruleInvokePermission";
import { offsetCronExpression } from "./maintenancePlan";

/** What the maintenance schedule is built for. */
export interface MaintenanceScheduleInput {
  readonly name: string;
  /** EventBridge `rate()` expression, from the plan (used when the interval cannot be offset). */
  readonly scheduleExpression: string;
  /** Minutes between two runs, from the plan. */
  readonly intervalMinutes: number;
  readonly rotationFunction: aws.lambda.Function;
  /** Where the target sends runs EventBridge could not deliver. */
  readonly deadLetterQueueArn: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
  /** The rule's description. @default "Scheduled maintenance of RotatedApiKey \"<name>\": …" */
  readonly description?: string;
}

/** The rule, target and permission that run the rotation function with `{"action":"maintain"}`. */
export interface MaintenanceSchedule {
  /** The stable random minute offset within each interval, when the interval divides an hour or a day. */
  readonly offset?: random.RandomInteger;
  readonly rule: aws.cloudwatch.EventRule;
  readonly target: aws.cloudwatch.EventTarget;
  readonly permission: aws.lambda.Permission;
}

/**
 * The scheduled maintenance run of the rotation function: the key lifecycle
 * (revoking the previous key after the overlap, repairs) and the monitor that
 * publishes the gauges the alarms watch. It exists whether alarms are on or off.
 * A stable random offset (chosen once, kept in state, renewed only when the
 * interval changes) spreads the runs of many keys across the interval.
 */
export function createMaintenanceSchedule(input: MaintenanceScheduleInput): MaintenanceSchedule {
  const { name, parent, intervalMinutes } = input;
  const offset =
    offsetCronExpression(intervalMinutes, 0) === undefined
      ? undefined
      : new random.RandomInteger(
          `${name}-maintenance-offset`,
          {
            min: 0,
            max: intervalMinutes - 1,
            keepers: { intervalMinutes: String(intervalMinutes) },
          },
          { parent },
        );
  const rule = new aws.cloudwatch.EventRule(
    `${name}-maintenance`,
    {
      description:
        input.description ??
        `Scheduled maintenance of RotatedApiKey "${name}": key lifecycle and the monitor behind its alarms.`,
      scheduleExpression:
        offset === undefined
          ? input.scheduleExpression
          : offset.result.apply(
              (minute) => offsetCronExpression(intervalMinutes, minute) ?? input.scheduleExpression,
            ),
      tags: input.tags,
    },
    { parent },
  );
  const permission = ruleInvokePermission(`${name}-maintenance`, rule, input.rotationFunction, {
    parent,
  });
  const target = new aws.cloudwatch.EventTarget(
    `${name}-maintenance`,
    {
      rule: rule.name,
      arn: input.rotationFunction.arn,
      input: JSON.stringify(maintenanceEvent("maintain")),
      ...targetDelivery(maintenanceRetryPolicy(intervalMinutes), input.deadLetterQueueArn),
    },
    { parent, dependsOn: [permission] },
  );
  return { ...(offset === undefined ? {} : { offset }), rule, target, permission };
}
