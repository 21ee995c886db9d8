import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ROTATION_FAILURE_INPUT_PATHS,
  rotationFailureInputTemplate,
  rotationFailurePattern,
} from "../alarms/eventPatterns";
import { consumerSecretPolicy } from "../consumerPolicy";
import type { RotationSchedule } from "../schedule";
import type { RotatedApiKeyFleetArgs } from "./rotationFleetArgs";

/** What a key in a fleet creates besides its secret. */
export interface FleetMemberResources {
  readonly rotation: aws.secretsmanager.SecretRotation;
  readonly consumerPolicy?: aws.secretsmanager.SecretPolicy;
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
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}

/**
 * A key's own resources in a fleet: the rotation schedule pointing at the
 * fleet's function, the consumer resource policy (letting the fleet's role
 * through), and the free EventBridge rule that names this secret in the
 * fleet's notification when Secrets Manager reports a failed rotation.
 */
export function createFleetMember(input: FleetMemberInput): FleetMemberResources {
  const { name, fleet, secret, parent } = input;
  const consumerPolicy =
    input.consumerPrincipals === undefined
      ? undefined
      : new aws.secretsmanager.SecretPolicy(
          `${name}-consumers`,
          {
            secretArn: secret.arn,
            blockPublicPolicy: true,
            policy: pulumi
              .all([pulumi.all(input.consumerPrincipals), fleet.roleArn])
              .apply(([consumerArns, rotationRoleArn]) =>
                JSON.stringify(consumerSecretPolicy({ consumerArns, rotationRoleArn })),
              ),
          },
          { parent },
        );
  const rotation = new aws.secretsmanager.SecretRotation(
    name,
    {
      secretId: secret.id,
      rotationLambdaArn: fleet.functionArn,
      rotationRules: input.schedule.rules,
      rotateImmediately: input.rotateImmediately,
    },
    { parent },
  );
  if (fleet.notificationTopicArn === undefined) {
    return { rotation, ...(consumerPolicy === undefined ? {} : { consumerPolicy }) };
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
  return {
    rotation,
    ...(consumerPolicy === undefined ? {} : { consumerPolicy }),
    failureRule,
    failureTarget,
  };
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
