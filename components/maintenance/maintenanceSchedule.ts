import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { maintenanceEvent } from "../../lambdas/contract/events";
import { ruleInvokePermission } from "../ruleInvokePermission";

/** What the maintenance schedule is built for. */
export interface MaintenanceScheduleInput {
  readonly name: string;
  /** EventBridge `rate()` expression, from the plan. */
  readonly scheduleExpression: string;
  readonly rotationFunction: aws.lambda.Function;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}

/** The rule, target and permission that run the rotation function with `{"action":"maintain"}`. */
export interface MaintenanceSchedule {
  readonly rule: aws.cloudwatch.EventRule;
  readonly target: aws.cloudwatch.EventTarget;
  readonly permission: aws.lambda.Permission;
}

/**
 * The scheduled maintenance run of the rotation function: the key lifecycle
 * (revoking the previous key after the overlap, repairs) and the monitor that
 * publishes the gauges the alarms watch. It exists whether alarms are on or off.
 */
export function createMaintenanceSchedule(input: MaintenanceScheduleInput): MaintenanceSchedule {
  const { name, parent } = input;
  const rule = new aws.cloudwatch.EventRule(
    `${name}-maintenance`,
    {
      description: `Scheduled maintenance of RotatedApiKey "${name}": key lifecycle and the monitor behind its alarms.`,
      scheduleExpression: input.scheduleExpression,
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
    },
    { parent, dependsOn: [permission] },
  );
  return { rule, target, permission };
}
