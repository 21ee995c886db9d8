import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotationMonitoring } from "./alarms/rotationMonitoring";
import { consumerSecretPolicy } from "./consumerPolicy";
import { createAutoRollback, type AutoRollbackResources } from "./lifecycle/autoRollbackRule";
import { RotatedApiKeyArgsError } from "./errors";
import { BUNDLE_HANDLER, locateRotationBundle, rotationCodeArchive } from "./lambdaBundle";
import { environmentBuilder } from "./lambdaEnvironment";
import { checkPlannedEnvironment, sizeCheckedEnvironment } from "./lambdaEnvironmentSize";
import { createDeployMaintenance } from "./maintenance/deployMaintenance";
import { createMaintenanceSchedule } from "./maintenance/maintenanceSchedule";
import { dashboardNameFor, rotationFunctionName } from "./names";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import { createRotationRole } from "./rotationRole";
import { planRotatedApiKey } from "./validateArgs";
import { vendorOptionsJson, vendorOptionsProblem } from "./vendorOptions";
import { isPlain } from "./describe";

/** The component's Pulumi type token. */
export const ROTATED_API_KEY_TYPE = "rotated-api-key:index:RotatedApiKey";

/** Each key's `RotationMonitoring` child, behind the `monitoring` getter. */
const monitoringOf = new WeakMap<RotatedApiKey, RotationMonitoring>();

/**
 * A third-party API key that AWS Secrets Manager rotates on a schedule: the
 * secret (which the key never leaves: no version of it is ever in Pulumi
 * state), the rotation Lambda with its log group and least-privilege role,
 * the invoke permission for Secrets Manager, and the rotation schedule.
 */
export class RotatedApiKey extends pulumi.ComponentResource {
  /** ARN of the secret holding the rotated key; consumers read `apiKey` from its `AWSCURRENT` version. */
  public readonly secretArn: pulumi.Output<string>;
  /** Name of the secret holding the rotated key (the `SecretName` metric dimension). */
  public readonly secretName: pulumi.Output<string>;
  /** ARN of the rotation Lambda. */
  public readonly functionArn: pulumi.Output<string>;
  /** Name of the rotation Lambda. */
  public readonly functionName: pulumi.Output<string>;
  /** ARN of the rotation Lambda's role. */
  public readonly roleArn: pulumi.Output<string>;
  /** The rotation Lambda's log group. */
  public readonly logGroupName: pulumi.Output<string>;
  /** ARN of the secret holding the vendor admin credential (given, or created by the component). */
  public readonly adminSecretArn: pulumi.Output<string>;
  /** The longest time between two scheduled rotations, in hours. */
  public readonly rotationIntervalHours: number;
  /** Hours the previous key stays valid after a rotation. */
  public readonly overlapHours: number;
  /** ARN of the SNS topic alarms and rotation-failure events go to (created or given); none with alarms off. */
  public readonly notificationTopicArn?: pulumi.Output<string>;
  /** Name of the key's CloudWatch dashboard; none with alarms or the dashboard off. */
  public readonly dashboardName?: string;

  /** The secret holding the rotated key. */
  public readonly secret: aws.secretsmanager.Secret;
  /** The admin credential secret, when the component created it from `adminCredential`. */
  public readonly adminSecret?: aws.secretsmanager.Secret;
  /** The admin credential's version (its value is a Pulumi secret), when the component created it. */
  public readonly adminSecretVersion?: aws.secretsmanager.SecretVersion;
  /** The rotation Lambda. */
  public readonly rotationFunction: aws.lambda.Function;
  /** The rotation Lambda's role. */
  public readonly role: aws.iam.Role;
  /** The role's inline policy. */
  public readonly rolePolicy: aws.iam.RolePolicy;
  /** The rotation Lambda's log group. */
  public readonly logGroup: aws.cloudwatch.LogGroup;
  /** Lets Secrets Manager invoke the Lambda. */
  public readonly invokePermission: aws.lambda.Permission;
  /** The resource policy limiting who reads the key, when `consumerPrincipals` is set. */
  public readonly consumerPolicy?: aws.secretsmanager.SecretPolicy;
  /** The rotation schedule. */
  public readonly rotation: aws.secretsmanager.SecretRotation;
  /** Runs the rotation Lambda with `{"action":"maintain"}` on a schedule (key lifecycle and monitor). */
  public readonly maintenanceRule: aws.cloudwatch.EventRule;
  /** The maintenance rule's target: the rotation Lambda. */
  public readonly maintenanceTarget: aws.cloudwatch.EventTarget;
  /** Lets the maintenance rule, and only it, invoke the Lambda. */
  public readonly maintenancePermission: aws.lambda.Permission;
  /** Runs maintenance once at deploy and whenever the function changes, so the alarms get data at once. */
  public readonly deployMaintenance: aws.lambda.Invocation;
  /** The rule, target and permission that roll back on a 401 spike, with `lifecycle.autoRollback`. */
  public readonly autoRollback?: AutoRollbackResources;

  /**
   * The alarms, notifications and dashboard (a `RotationMonitoring` child);
   * none with alarms off. A getter, not a property: Pulumi's component
   * analyzer can only reference resources of `@pulumi/*` packages, so the
   * child stays out of the multi-language schema (its ARNs and names are
   * outputs of their own).
   */
  public get monitoring(): RotationMonitoring | undefined {
    return monitoringOf.get(this);
  }

  /**
   * @param name The unique name of this component; child names derive from it.
   * @param args The key's vendor, credential, schedule and settings.
   * @param opts Options for the component.
   * @throws RotatedApiKeyArgsError when any plain argument is invalid (before anything is created).
   * @throws RotationBundleMissingError when `npm run build` has not produced the Lambda bundle.
   */
  public constructor(
    name: string,
    args: RotatedApiKeyArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Both checks run before super(): on failure not even the component is registered.
    const plan = planRotatedApiKey(name, args);
    const bundle = locateRotationBundle(name);
    const environmentOf = environmentBuilder({
      ...{ vendor: plan.vendor, overlapHours: plan.overlapHours, keyTtlDays: plan.keyTtlDays },
      ...{ keyNamePrefix: plan.keyNamePrefix, lifecycle: plan.lifecycle },
      sourceMap: bundle.sourceMapPath !== undefined,
    });
    // Lambda's 4 KB environment limit, with what is known now (checked again at deploy).
    const later = Promise.resolve("");
    checkPlannedEnvironment(
      name,
      environmentOf({
        vendorOptionsJson: isPlain(args.vendorOptions)
          ? vendorOptionsJson(plan.vendor, args.vendorOptions)
          : later,
        adminSecretArn:
          typeof args.adminCredentialSecretArn === "string" ? args.adminCredentialSecretArn : later,
        secretArn: later,
      }),
    );
    super(ROTATED_API_KEY_TYPE, name, {}, opts);
    const { vendor, tags } = plan;
    const functionName = rotationFunctionName(name, pulumi.getProject(), pulumi.getStack());

    // No SecretVersion: the first rotation writes the first key, so no key ever
    // enters Pulumi state and later `pulumi up`s see nothing to change.
    this.secret = new aws.secretsmanager.Secret(
      name,
      {
        description: `${vendor} API key rotated by RotatedApiKey "${name}"; read apiKey from AWSCURRENT.`,
        kmsKeyId: args.kmsKeyId,
        tags,
      },
      { parent: this },
    );

    let adminSecretArn: pulumi.Output<string>;
    if (args.adminCredential !== undefined) {
      this.adminSecret = new aws.secretsmanager.Secret(
        `${name}-admin`,
        {
          description: `${vendor} admin credential the rotation Lambda of RotatedApiKey "${name}" uses to create and revoke keys.`,
          kmsKeyId: args.kmsKeyId,
          tags,
        },
        { parent: this },
      );
      this.adminSecretVersion = new aws.secretsmanager.SecretVersion(
        `${name}-admin`,
        { secretId: this.adminSecret.id, secretString: pulumi.secret(args.adminCredential) },
        { parent: this },
      );
      adminSecretArn = this.adminSecret.arn;
    } else {
      adminSecretArn = pulumi.output(args.adminCredentialSecretArn as pulumi.Input<string>);
    }

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-rotation`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: plan.logRetentionDays, tags },
      { parent: this },
    );

    ({ role: this.role, rolePolicy: this.rolePolicy } = createRotationRole({
      ...{ name, tags, parent: this },
      secretArn: this.secret.arn,
      adminSecretArn,
      logGroupArn: this.logGroup.arn,
      ...(args.kmsKeyId === undefined ? {} : { kmsKeyId: args.kmsKeyId }),
      inVpc: args.vpc !== undefined,
    }));

    const options = pulumi.output(args.vendorOptions).apply((value) => {
      const problem = vendorOptionsProblem(vendor, value);
      if (problem !== undefined) throw new RotatedApiKeyArgsError(name, [problem]);
      return vendorOptionsJson(vendor, value);
    });
    this.rotationFunction = new aws.lambda.Function(
      `${name}-rotation`,
      {
        name: functionName,
        description: `Rotates the ${vendor} API key of RotatedApiKey "${name}"`,
        role: this.role.arn,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: BUNDLE_HANDLER,
        code: rotationCodeArchive(bundle),
        memorySize: plan.lambdaMemoryMb,
        timeout: plan.lambdaTimeoutSeconds,
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        environment: {
          variables: sizeCheckedEnvironment(
            name,
            environmentOf({
              vendorOptionsJson: options,
              adminSecretArn,
              secretArn: this.secret.arn,
            }),
          ),
        },
        vpcConfig: args.vpc && {
          subnetIds: args.vpc.subnetIds,
          securityGroupIds: args.vpc.securityGroupIds,
        },
        tags,
      },
      { parent: this },
    );

    const caller = aws.getCallerIdentityOutput({}, { parent: this });
    this.invokePermission = new aws.lambda.Permission(
      `${name}-rotation`,
      {
        function: this.rotationFunction.name,
        action: "lambda:InvokeFunction",
        principal: "secretsmanager.amazonaws.com",
        sourceAccount: caller.accountId,
      },
      { parent: this },
    );

    if (args.consumerPrincipals !== undefined) {
      this.consumerPolicy = new aws.secretsmanager.SecretPolicy(
        `${name}-consumers`,
        {
          secretArn: this.secret.arn,
          blockPublicPolicy: true,
          policy: pulumi
            .all([pulumi.all(args.consumerPrincipals), this.role.arn])
            .apply(([consumerArns, rotationRoleArn]) =>
              JSON.stringify(consumerSecretPolicy({ consumerArns, rotationRoleArn })),
            ),
        },
        { parent: this },
      );
    }

    this.rotation = new aws.secretsmanager.SecretRotation(
      name,
      {
        secretId: this.secret.id,
        rotationLambdaArn: this.rotationFunction.arn,
        rotationRules: plan.schedule.rules,
        rotateImmediately: plan.rotateImmediately,
      },
      { parent: this, dependsOn: [this.invokePermission, this.rolePolicy] },
    );

    ({
      rule: this.maintenanceRule,
      target: this.maintenanceTarget,
      permission: this.maintenancePermission,
    } = createMaintenanceSchedule({
      ...{ name, tags, parent: this },
      scheduleExpression: plan.monitoring.maintenanceScheduleExpression,
      intervalMinutes: plan.monitoring.maintenanceIntervalMinutes,
      rotationFunction: this.rotationFunction,
    }));

    this.deployMaintenance = createDeployMaintenance({
      name,
      parent: this,
      rotationFunction: this.rotationFunction,
      dependsOn: [this.rolePolicy, this.logGroup, this.rotation],
    });

    if (plan.monitoring.alarms !== undefined) {
      const monitoring = new RotationMonitoring(
        name,
        {
          plan: plan.monitoring.alarms,
          vendor,
          secretArn: this.secret.arn,
          secretName: this.secret.name,
          functionName,
          logGroupName: `/aws/lambda/${functionName}`,
          dashboardName: dashboardNameFor(name, pulumi.getProject(), pulumi.getStack()),
          accountId: caller.accountId,
          tags,
        },
        { parent: this },
      );
      monitoringOf.set(this, monitoring);
      this.notificationTopicArn = monitoring.notificationTopicArn;
      this.dashboardName = monitoring.dashboardName;
    }
    if (plan.lifecycle.autoRollback && this.monitoring?.authFailureAlarm !== undefined) {
      this.autoRollback = createAutoRollback({
        ...{ name, tags, parent: this },
        alarm: this.monitoring.authFailureAlarm,
        rotationFunction: this.rotationFunction,
      });
    }

    this.secretArn = this.secret.arn;
    this.secretName = this.secret.name;
    this.functionArn = this.rotationFunction.arn;
    this.functionName = this.rotationFunction.name;
    this.roleArn = this.role.arn;
    this.logGroupName = this.logGroup.name;
    this.adminSecretArn = adminSecretArn;
    this.rotationIntervalHours = plan.schedule.maxIntervalHours;
    this.overlapHours = plan.overlapHours;

    this.registerOutputs({
      secretArn: this.secretArn,
      secretName: this.secretName,
      functionArn: this.functionArn,
      functionName: this.functionName,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      adminSecretArn: this.adminSecretArn,
      rotationIntervalHours: this.rotationIntervalHours,
      overlapHours: this.overlapHours,
      notificationTopicArn: this.notificationTopicArn,
      dashboardName: this.dashboardName,
    });
  }
}
