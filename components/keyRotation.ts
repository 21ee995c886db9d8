import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createRetireOnDestroy } from "./lifecycle/retireOnDestroy";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import type { RotationFunctionResources } from "./rotationFunction";
import { createSecretPolicy } from "./secretPolicy";
import type { RotatedApiKeyPlan } from "./validateArgs";

export interface KeyRotationInput {
  readonly name: string;
  readonly plan: RotatedApiKeyPlan;
  readonly args: RotatedApiKeyArgs;
  readonly secret: aws.secretsmanager.Secret;
  /** The key's own rotation function. */
  readonly own: RotationFunctionResources;
  /** The admin credential's version, when the component created it: the retire needs it until it has run. */
  readonly adminSecretVersion?: aws.secretsmanager.SecretVersion;
  /** The Secrets Manager VPC endpoint, with `vpcEndpoints`: the first rotation needs it. */
  readonly secretsManagerEndpoint?: aws.ec2.VpcEndpoint;
  readonly parent: pulumi.Resource;
}

/** What attaches a key outside a fleet to its rotation function. */
export interface KeyRotation {
  /** Who reads the key and the deletion protection; none when neither is on. */
  readonly consumerPolicy?: aws.secretsmanager.SecretPolicy;
  /** Runs the function's `retire` action when destroyed. */
  readonly retireOnDestroy: aws.lambda.Invocation;
  readonly rotation: aws.secretsmanager.SecretRotation;
}

/**
 * The secret's resource policy, the retire-on-destroy invocation and the rotation schedule, in the order
 * `pulumi up` must create them and `pulumi destroy` delete them.
 */
export function createKeyRotation(input: KeyRotationInput): KeyRotation {
  const { name, plan, args, secret, own, parent } = input;
  const consumerPolicy = createSecretPolicy({
    ...{ name, parent },
    secretArn: secret.arn,
    rotationRoleArn: own.role.arn,
    ...(args.consumerPrincipals === undefined ? {} : { consumers: args.consumerPrincipals }),
    ...(args.operatorPrincipals === undefined ? {} : { operators: args.operatorPrincipals }),
    deletionProtection: plan.destroy.deletionProtection,
  });
  const retireOnDestroy = createRetireOnDestroy({
    ...{ name, parent },
    enabled: plan.destroy.revokeKeysOnDestroy,
    functionName: own.rotationFunction.name,
    secretArn: secret.arn,
    needs: [
      own.rotationFunction,
      own.rolePolicy,
      secret,
      own.logGroup,
      ...(input.adminSecretVersion ? [input.adminSecretVersion] : []),
    ],
  });

  const rotation = new aws.secretsmanager.SecretRotation(
    name,
    {
      secretId: secret.id,
      rotationLambdaArn: own.rotationFunction.arn,
      rotationRules: plan.schedule.rules,
      rotateImmediately: plan.rotateImmediately,
    },
    // After the retire invocation: destroy deletes the schedule first, so no rotation starts after the retire.
    {
      parent,
      // The first rotation runs at once: the Lambda must already reach Secrets Manager.
      dependsOn: [
        own.invokePermission,
        own.rolePolicy,
        retireOnDestroy,
        ...(input.secretsManagerEndpoint === undefined ? [] : [input.secretsManagerEndpoint]),
      ],
    },
  );
  return { ...(consumerPolicy === undefined ? {} : { consumerPolicy }), retireOnDestroy, rotation };
}
