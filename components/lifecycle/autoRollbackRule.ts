import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUTO_ROLLBACK_INPUT } from "../../lambdas/contract/events";
import { RetryPolicies, targetDelivery } from "../delivery/targetDelivery";
import { ruleInvokePermission } from "../ruleInvokePermission";

export interface AutoRollbackResources {
  readonly rule: aws.cloudwatch.EventRule;
  readonly target: aws.cloudwatch.EventTarget;
  readonly permission: aws.lambda.Permission;
}

/**
 * When the 401-spike alarm goes into ALARM, EventBridge sends the rotation
 * function `{"action":"autoRollback","alarmName":…}`; the function rolls back
 * only if the current key is inside its overlap window.
 */
export function createAutoRollback(input: {
  readonly name: string;
  readonly alarm: aws.cloudwatch.MetricAlarm;
  readonly rotationFunction: aws.lambda.Function;
  /** Where the target sends events EventBridge could not deliver. */
  readonly deadLetterQueueArn: pulumi.Input<string>;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}): AutoRollbackResources {
  const { name, parent } = input;
  const rule = new aws.cloudwatch.EventRule(
    `${name}-auto-rollback`,
    {
      description: `Roll back RotatedApiKey "${name}" when its 401-spike alarm fires right after a rotation`,
      eventPattern: pulumi.jsonStringify({
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        resources: [input.alarm.arn],
        detail: { state: { value: ["ALARM"] } },
      }),
      tags: input.tags,
    },
    { parent },
  );
  const target = new aws.cloudwatch.EventTarget(
    `${name}-auto-rollback`,
    {
      rule: rule.name,
      arn: input.rotationFunction.arn,
      inputTransformer: {
        inputPaths: { ...AUTO_ROLLBACK_INPUT.inputPaths },
        inputTemplate: AUTO_ROLLBACK_INPUT.inputTemplate,
      },
      ...targetDelivery(RetryPolicies.autoRollback, input.deadLetterQueueArn),
    },
    { parent },
  );
  const permission = ruleInvokePermission(`${name}-auto-rollback`, rule, input.rotationFunction, {
    parent,
  });
  return { rule, target, permission };
}
