import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotationMonitoring } from "./alarms/rotationMonitoring";
import { createCanary, type CanaryResources } from "./canary/canary";
import { createDeadLetterQueue, createDeadLetterQueuePolicy } from "./delivery/deadLetterQueue";
import { createAutoRollback, type AutoRollbackResources } from "./lifecycle/autoRollbackRule";
import { createMaintenanceSchedule } from "./maintenance/maintenanceSchedule";
import { dashboardNameFor } from "./names";
import type { RotatedApiKeyPlan } from "./validateArgs";

export interface KeyOperationsInput {
  readonly name: string;
  readonly plan: RotatedApiKeyPlan;
  readonly secret: aws.secretsmanager.Secret;
  readonly role: aws.iam.Role;
  readonly rotationFunction: aws.lambda.Function;
  /** The rotation function's physical name. */
  readonly functionName: string;
  readonly accountId: pulumi.Input<string>;
  readonly parent: pulumi.Resource;
}

/** What runs a key outside a fleet between rotations, and what watches it. */
export interface KeyOperations {
  /** Where every EventBridge target of the key sends the events it could not deliver. */
  readonly deadLetterQueue: aws.sqs.Queue;
  /** Lets the key's own rules, and only them, send to the dead-letter queue. */
  readonly deadLetterQueuePolicy: aws.sqs.QueuePolicy;
  readonly maintenanceRule: aws.cloudwatch.EventRule;
  readonly maintenanceTarget: aws.cloudwatch.EventTarget;
  readonly maintenancePermission: aws.lambda.Permission;
  /** The alarms, notifications and dashboard; none with alarms off. */
  readonly monitoring?: RotationMonitoring;
  /** The canary's alarm, read rule and target, with `canary: true` (and the alarms it needs). */
  readonly canary?: CanaryResources;
  /** The rule, target and permission that roll back on a 401 spike, with `lifecycle.autoRollback`. */
  readonly autoRollback?: AutoRollbackResources;
}

/**
 * The key's EventBridge side, around its rotation function: the scheduled maintenance run, the canary's read
 * rule, the monitoring (alarms, notifications, dashboard), the auto-rollback on a 401 spike, and the
 * dead-letter queue every one of their targets uses.
 */
export function createKeyOperations(input: KeyOperationsInput): KeyOperations {
  const { name, plan, rotationFunction, functionName, parent } = input;
  const { vendor, tags } = plan;
  const logGroupName = `/aws/lambda/${functionName}`;
  const deadLetterQueue = createDeadLetterQueue({ name, tags, parent });
  const maintenance = createMaintenanceSchedule({
    ...{ name, tags, parent },
    scheduleExpression: plan.monitoring.maintenanceScheduleExpression,
    intervalMinutes: plan.monitoring.maintenanceIntervalMinutes,
    rotationFunction,
    deadLetterQueueArn: deadLetterQueue.arn,
  });

  const canaryRule = plan.canary
    ? createCanary({
        ...{ name, tags, parent, secret: input.secret, role: input.role },
        logGroupName,
      })
    : undefined;
  let monitoring: RotationMonitoring | undefined;
  let canary: CanaryResources | undefined;
  if (plan.monitoring.alarms !== undefined) {
    monitoring = new RotationMonitoring(
      name,
      {
        plan: plan.monitoring.alarms,
        vendor,
        secretArn: input.secret.arn,
        secretName: input.secret.name,
        functionName,
        logGroupName,
        dashboardName: dashboardNameFor(name, pulumi.getProject(), pulumi.getStack()),
        accountId: input.accountId,
        deadLetterQueue: { arn: deadLetterQueue.arn, name: deadLetterQueue.name },
        ...(canaryRule === undefined ? {} : { canaryReadRuleArn: canaryRule.readRule.arn }),
        tags,
      },
      { parent },
    );
    if (canaryRule !== undefined) canary = canaryRule.notify(monitoring);
  }
  const autoRollback =
    plan.lifecycle.autoRollback && monitoring?.authFailureAlarm !== undefined
      ? createAutoRollback({
          ...{ name, tags, parent },
          alarm: monitoring.authFailureAlarm,
          rotationFunction,
          deadLetterQueueArn: deadLetterQueue.arn,
        })
      : undefined;
  const deadLetterQueuePolicy = createDeadLetterQueuePolicy({
    name,
    queue: deadLetterQueue,
    rules: [
      maintenance.rule,
      ...(autoRollback === undefined ? [] : [autoRollback.rule]),
      ...(monitoring?.eventRules ?? []),
    ],
    parent,
  });
  return {
    deadLetterQueue,
    deadLetterQueuePolicy,
    maintenanceRule: maintenance.rule,
    maintenanceTarget: maintenance.target,
    maintenancePermission: maintenance.permission,
    ...(monitoring === undefined ? {} : { monitoring }),
    ...(canary === undefined ? {} : { canary }),
    ...(autoRollback === undefined ? {} : { autoRollback }),
  };
}
