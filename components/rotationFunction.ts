import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKeyArgsError } from "./errors";
import { BUNDLE_HANDLER, rotationCodeArchive, type RotationBundle } from "./lambdaBundle";
import { isPlain } from "./describe";
import { environmentBuilder } from "./lambdaEnvironment";
import { assertEnvironmentSize, checkPlannedEnvironment } from "./lambdaEnvironmentSize";
import { consumerReachVariables, withConsumerReach } from "./reach/consumerAccounts";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import { createRotationRole } from "./rotationRole";
import type { RotatedApiKeyPlan } from "./validateArgs";
import { vendorOptionsJson, vendorOptionsProblem } from "./vendorOptions";

export interface RotationFunctionInput {
  readonly name: string;
  readonly plan: RotatedApiKeyPlan;
  readonly args: RotatedApiKeyArgs;
  readonly bundle: RotationBundle;
  /** The function's physical name (`rotationFunctionName`). */
  readonly functionName: string;
  readonly secretArn: pulumi.Input<string>;
  readonly adminSecretArn: pulumi.Input<string>;
  /** The deploying account, which alone may have Secrets Manager invoke the function. */
  readonly accountId: pulumi.Input<string>;
  readonly parent: pulumi.Resource;
}

/** A key's own rotation function and what it runs with. */
export interface RotationFunctionResources {
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly role: aws.iam.Role;
  readonly rolePolicy: aws.iam.RolePolicy;
  readonly rotationFunction: aws.lambda.Function;
  /** Lets Secrets Manager of this account invoke the function. */
  readonly invokePermission: aws.lambda.Permission;
}

/** The function's environment from the plan, given the values that are outputs or the user's inputs. */
function environmentOf(plan: RotatedApiKeyPlan, bundle: RotationBundle) {
  return environmentBuilder({
    ...{ vendor: plan.vendor, overlapHours: plan.overlapHours, keyTtlDays: plan.keyTtlDays },
    ...{ keyNamePrefix: plan.keyNamePrefix, lifecycle: plan.lifecycle },
    sourceMap: bundle.sourceMapPath !== undefined,
  });
}

/**
 * Lambda's 4 KB environment limit, checked before anything is created with
 * what is known now (an Output counts only its name); checked again at deploy.
 */
export function checkRotationEnvironment(
  name: string,
  plan: RotatedApiKeyPlan,
  args: RotatedApiKeyArgs,
  bundle: RotationBundle,
): void {
  const later = Promise.resolve("");
  checkPlannedEnvironment(
    name,
    environmentOf(
      plan,
      bundle,
    )({
      vendorOptionsJson: isPlain(args.vendorOptions)
        ? vendorOptionsJson(plan.vendor, args.vendorOptions)
        : later,
      adminSecretArn:
        typeof args.adminCredentialSecretArn === "string" ? args.adminCredentialSecretArn : later,
      secretArn: later,
    }),
  );
}

/**
 * The rotation Lambda of a key outside a fleet: its log group, its least-privilege role and policy, the function
 * (the bundle, configured through its environment) and the permission for Secrets Manager to invoke it.
 */
export function createRotationFunction(input: RotationFunctionInput): RotationFunctionResources {
  const { name, plan, args, bundle, functionName, parent } = input;
  const { vendor, tags } = plan;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-rotation`,
    { name: `/aws/lambda/${functionName}`, retentionInDays: plan.logRetentionDays, tags },
    { parent },
  );

  const { role, rolePolicy } = createRotationRole({
    ...{ name, tags, parent },
    secretArn: input.secretArn,
    adminSecretArn: input.adminSecretArn,
    logGroupArn: logGroup.arn,
    ...(args.kmsKeyId === undefined ? {} : { kmsKeyId: args.kmsKeyId }),
    inVpc: args.vpc !== undefined,
    readsConsumerReach:
      plan.reach.consumerRegions.length > 0 ||
      plan.reach.consumerAccountIds.length > 0 ||
      args.consumerPrincipals !== undefined,
  });

  const options = pulumi.output(args.vendorOptions).apply((value) => {
    const problem = vendorOptionsProblem(vendor, value);
    if (problem !== undefined) throw new RotatedApiKeyArgsError(name, [problem]);
    return vendorOptionsJson(vendor, value);
  });
  const rotationFunction = new aws.lambda.Function(
    `${name}-rotation`,
    {
      name: functionName,
      description: `Rotates the ${vendor} API key of RotatedApiKey "${name}"`,
      role: role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: BUNDLE_HANDLER,
      code: rotationCodeArchive(bundle),
      memorySize: plan.lambdaMemoryMb,
      timeout: plan.lambdaTimeoutSeconds,
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      environment: {
        variables: pulumi
          .output(
            withConsumerReach(
              environmentOf(
                plan,
                bundle,
              )({
                vendorOptionsJson: options,
                adminSecretArn: input.adminSecretArn,
                secretArn: input.secretArn,
              }),
              consumerReachVariables({
                name,
                plan: plan.reach,
                consumerPrincipals: args.consumerPrincipals,
                accountId: input.accountId,
              }),
            ),
          )
          // Lambda's 4 KB environment limit, once every value is known.
          .apply((resolved) => assertEnvironmentSize(name, resolved as Record<string, string>)),
      },
      vpcConfig: args.vpc && {
        subnetIds: args.vpc.subnetIds,
        securityGroupIds: args.vpc.securityGroupIds,
      },
      tags,
    },
    // The role's policy must exist before the function can run (its first invocation may come at once).
    { parent, dependsOn: [rolePolicy] },
  );

  const invokePermission = new aws.lambda.Permission(
    `${name}-rotation`,
    {
      function: rotationFunction.name,
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      sourceAccount: input.accountId,
    },
    { parent },
  );
  return { logGroup, role, rolePolicy, rotationFunction, invokePermission };
}
