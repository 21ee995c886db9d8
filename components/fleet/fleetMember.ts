import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ROTATION_FAILURE_INPUT_PATHS,
  rotationFailureInputTemplate,
  rotationFailurePattern,
} from "../alarms/eventPatterns";
import type { DestroyPlan } from "../lifecycle/destroyArgs";
import { createRetireOnDestroy } from "../lifecycle/retireOnDestroy";
import type { RotationSchedule } from "../schedule";
import { createSecretPolicy } from "../secretPolicy";
import type { RotatedApiKeyFleetArgs } from "./rotationFleetArgs";

/** What a key in a fleet creates besides its secret. */
export interface FleetMemberResources {
  readonly rotation: aws.secretsmanager.SecretRotation;
  /** Who reads the key (letting the fleet's role and operators through) and the deletion protection; none when neither is on. */
  readonly consumerPolicy?: aws.secretsmanager.SecretPolicy;
  /** Runs the fleet function's `retire` for this secret when destroyed (the delete phase revokes nothing with `revokeKeysOnDestroy` off). */
  readonly retireOnDestroy: aws.lambda.Invocation;
  /** The rule and target that send this secret's rotation-failure events to the fleet's topic, naming it. */
  readonly failureRule?: aws.cloudwatch.EventRule;
  readonly failureTarget?: aws.cloudwatch.EventTarget;
}

export interface FleetMemberInput {
  readonly name: string;
  readonly fleet: RotatedApiKeyFleetArgs;
  readonly secret: aws.secretsmanager.Secret;
  readonly schedule: RotationSchedule;
  readonly rotateImmediately: boolean;
  readonly consumerPrincipals?: pulumi.Input<string>[];
  readonly operatorPrincipals?: pulumi.Input<string>[];
  readonly destroy: DestroyPlan;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}

/**
 * A key's own resources in a fleet: the secret's resource policy (consumers,
 * letting the fleet's role and operators through, and the deletion
 * protection), the retire-on-destroy invocation of the fleet's function, the
 * rotation schedule pointing at that function, and the free EventBridge rule
 * that names this secret in the fleet's notification when Secrets Manager
 * reports a failed rotation.
 */
export function createFleetMember(input: FleetMemberInput): FleetMemberResources {
  const { name, fleet, secret, parent } = input;
  const consumerPolicy = createSecretPolicy({
    ...{ name, parent },
    secretArn: secret.arn,
    rotationRoleArn: fleet.roleArn,
    ...(input.consumerPrincipals === undefined ? {} : { consumers: input.consumerPrincipals }),
    ...(input.operatorPrincipals === undefined ? {} : { operators: input.operatorPrincipals }),
    deletionProtection: input.destroy.deletionProtection,
  });
  // The fleet function's name, from `memberArgs.functionArn`: that output carries the fleet's function, invoke
  // permission, role policy, log group and credential as dependencies, so `pulumi destroy` deletes this
  // invocation (running the retire) before any of them; it depends on the secret for the same reason.
  const retireOnDestroy = createRetireOnDestroy({
    ...{ name, parent },
    enabled: input.destroy.revokeKeysOnDestroy,
    functionName: pulumi.output(fleet.functionArn).apply((arn) => arn.split(":")[6] ?? ""),
    secretArn: secret.arn,
    needs: [secret],
  });
  const rotation = new aws.secretsmanager.SecretRotation(
    name,
    {
      secretId: secret.id,
      rotationLambdaArn: fleet.functionArn,
      rotationRules: input.schedule.rules,
      rotateImmediately: input.rotateImmediately,
    },
    // After the retire invocation: destroy deletes the schedule first, so no rotation starts after the retire.
    { parent, dependsOn: [retireOnDestroy] },
  );
  const own = {
    rotation,
    retireOnDestroy,
    ...(consumerPolicy === undefined ? {} : { consumerPolicy }),
  };
  if (fleet.notificationTopicArn === undefined) {
    return own;
  }
  const failureRule = new aws.cloudwatch.EventRule(
    `${name}-rotation-failed`,
    {
      description: `Secrets Manager's RotationFailed, RotationAbandoned and TestRotationFailed events for the secret of RotatedApiKey "${name}" (fleet ${fleet.name}).`,
      eventPattern: secret.arn.apply((arn) => JSON.stringify(rotationFailurePattern(arn))),
      tags: input.tags,
    },
    { parent },
  );
  const failureTarget = new aws.cloudwatch.EventTarget(
    `${name}-rotation-failed`,
    {
      rule: failureRule.name,
      arn: fleet.notificationTopicArn,
      inputTransformer: {
        inputPaths: { ...ROTATION_FAILURE_INPUT_PATHS },
        inputTemplate: pulumi.output(fleet.functionArn).apply((arn) =>
          rotationFailureInputTemplate({
            componentName: name,
            logGroupName: `/aws/lambda/${arn.split(":")[6] ?? ""}`,
          }),
        ),
      },
    },
    { parent },
  );
  return { ...own, failureRule, failureTarget };
}

/** A fleet member's outputs that name the fleet's function, role and credential rather than its own. */
export interface FleetMemberOutputs {
  readonly functionArn: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly adminSecretArn: pulumi.Output<string>;
}

/** The outputs of a key in `fleet`: its fleet's function (named after the ARN's last part), role and credential. */
export function fleetMemberOutputs(fleet: RotatedApiKeyFleetArgs): FleetMemberOutputs {
  const functionArn = pulumi.output(fleet.functionArn);
  const functionName = functionArn.apply((arn) => arn.split(":")[6] ?? "");
  return {
    functionArn,
    functionName,
    roleArn: pulumi.output(fleet.roleArn),
    logGroupName: pulumi.interpolate`/aws/lambda/${functionName}`,
    adminSecretArn: pulumi.output(fleet.adminSecretArn),
  };
}
