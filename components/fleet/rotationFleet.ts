import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDeadLetterQueue, createDeadLetterQueuePolicy } from "../delivery/deadLetterQueue";
import { ConfigEnv } from "../../lambdas/contract/config";
import { FleetSettings } from "../../lambdas/contract/fleet";
import { METRIC_NAMESPACE } from "../../lambdas/contract/metricNames";
import { RotatedApiKeyArgsError } from "../errors";
import { BUNDLE_HANDLER, locateRotationBundle, rotationCodeArchive } from "../lambdaBundle";
import { ROTATION_SERVICE_NAME } from "../lambdaEnvironment";
import { createMaintenanceSchedule } from "../maintenance/maintenanceSchedule";
import { shortHash } from "../names";
import { lambdaTrustPolicy } from "../rotationPolicy";
import { vendorOptionsJson, vendorOptionsProblem } from "../vendorOptions";
import { FleetMonitoring } from "./fleetMonitoring";
import { planRotationFleet } from "./fleetPlan";
import { fleetRolePolicy } from "./fleetPolicy";
import type { RotatedApiKeyFleetArgs, RotationFleetArgs } from "./rotationFleetArgs";

/** Each fleet's `FleetMonitoring` child, behind the `monitoring` getter. */
const monitoringOf = new WeakMap<RotationFleet, FleetMonitoring>();

/** The component's Pulumi type token. */
export const ROTATION_FLEET_TYPE = "rotated-api-key:index:RotationFleet";

/** The fleet function's physical name, `<name>-fleet-<6 hex of project/stack/name>`. */
export function fleetFunctionName(name: string, project: string, stack: string): string {
  return `${name}-fleet-${shortHash(`${project}/${stack}/${name}`, 6)}`;
}

/**
 * One rotation function for many secrets of one vendor (one adapter
 * configuration, one admin credential) in one account and region: its role
 * (scoped to secrets tagged `RotatedApiKey:Fleet=<name>`), log group, the
 * invoke permission for Secrets Manager, one maintenance schedule walking
 * every member, and the fleet's alarms and dashboard. Keys join it as
 * `new RotatedApiKey(name, { …, fleet: fleet.memberArgs })` and then create
 * only their secret, its tags and its rotation schedule.
 */
export class RotationFleet extends pulumi.ComponentResource {
  /** The fleet's name: every member's `RotatedApiKey:Fleet` tag value. */
  public readonly fleetName: string;
  /** The vendor of every member. */
  public readonly vendor: string;
  /** ARN of the fleet function. */
  public readonly functionArn: pulumi.Output<string>;
  /** Name of the fleet function. */
  public readonly functionName: pulumi.Output<string>;
  /** ARN of the fleet function's role. */
  public readonly roleArn: pulumi.Output<string>;
  /** The fleet function's log group. */
  public readonly logGroupName: pulumi.Output<string>;
  /** ARN of the secret holding the vendor admin credential. */
  public readonly adminSecretArn: pulumi.Output<string>;
  /** ARN of the SNS topic the fleet's alarms and failure notifications go to; none with alarms off. */
  public readonly notificationTopicArn?: pulumi.Output<string>;
  /** Name of the fleet's dashboard; none with alarms or the dashboard off. */
  public readonly dashboardName?: string;

  public readonly adminSecret?: aws.secretsmanager.Secret;
  public readonly adminSecretVersion?: aws.secretsmanager.SecretVersion;
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly role: aws.iam.Role;
  public readonly rolePolicy: aws.iam.RolePolicy;
  public readonly rotationFunction: aws.lambda.Function;
  public readonly invokePermission: aws.lambda.Permission;
  public readonly maintenanceRule: aws.cloudwatch.EventRule;
  public readonly maintenanceTarget: aws.cloudwatch.EventTarget;
  public readonly maintenancePermission: aws.lambda.Permission;
  /** Where EventBridge puts a maintenance run it could not deliver after its retries. */
  public readonly deadLetterQueue: aws.sqs.Queue;
  public readonly deadLetterQueuePolicy: aws.sqs.QueuePolicy;
  private readonly memberFunctionArn: pulumi.Output<string>;

  /** The fleet's alarms, topic and dashboard (a getter, as `RotatedApiKey.monitoring`); none with alarms off. */
  public get monitoring(): FleetMonitoring | undefined {
    return monitoringOf.get(this);
  }

  /**
   * What a `RotatedApiKey` passes as `fleet` to join. Its `functionArn`
   * resolves only once Secrets Manager may invoke the function and its role
   * policy, log group and created credential exist, so a member's rotation
   * schedule waits for them, and its retire invocation, which depends on
   * them, is deleted before them on `pulumi destroy`.
   */
  public get memberArgs(): RotatedApiKeyFleetArgs {
    return {
      name: this.fleetName,
      vendor: this.vendor,
      functionArn: this.memberFunctionArn,
      roleArn: this.roleArn,
      adminSecretArn: this.adminSecretArn,
      ...(this.notificationTopicArn === undefined
        ? {}
        : { notificationTopicArn: this.notificationTopicArn }),
    };
  }

  /**
   * @param name The fleet's name (1-40 letters, digits, '-' or '_'); child names derive from it.
   * @param args The vendor, its credential and the fleet function's settings.
   * @param opts Options for the component.
   * @throws RotatedApiKeyArgsError when any plain argument is invalid (before anything is created).
   */
  public constructor(
    name: string,
    args: RotationFleetArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const plan = planRotationFleet(name, args);
    const bundle = locateRotationBundle(name);
    super(ROTATION_FLEET_TYPE, name, {}, opts);
    const { vendor, tags } = plan;
    const functionName = fleetFunctionName(name, pulumi.getProject(), pulumi.getStack());
    const kmsKeyIds = args.kmsKeyIds ?? [];

    if (args.adminCredential !== undefined) {
      this.adminSecret = new aws.secretsmanager.Secret(
        `${name}-admin`,
        {
          description: `${vendor} admin credential the rotation fleet "${name}" uses to create and revoke keys.`,
          kmsKeyId: kmsKeyIds[0],
          tags,
        },
        { parent: this },
      );
      this.adminSecretVersion = new aws.secretsmanager.SecretVersion(
        `${name}-admin`,
        { secretId: this.adminSecret.id, secretString: pulumi.secret(args.adminCredential) },
        { parent: this },
      );
      this.adminSecretArn = this.adminSecret.arn;
    } else {
      this.adminSecretArn = pulumi.output(args.adminCredentialSecretArn as pulumi.Input<string>);
    }

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-fleet`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: plan.logRetentionDays, tags },
      { parent: this },
    );
    this.role = new aws.iam.Role(
      `${name}-fleet`,
      {
        description: `Rotation function of fleet "${name}" (secrets tagged RotatedApiKey:Fleet=${name})`,
        assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
        tags,
      },
      { parent: this },
    );
    this.rolePolicy = new aws.iam.RolePolicy(
      `${name}-fleet`,
      {
        role: this.role.id,
        policy: pulumi
          .all([this.adminSecretArn, this.logGroup.arn, pulumi.all(kmsKeyIds)])
          .apply(([adminSecretArn, logGroupArn, kmsKeyArns]) =>
            JSON.stringify(
              fleetRolePolicy({
                fleetName: name,
                adminSecretArn,
                logGroupArn,
                kmsKeyArns,
                inVpc: args.vpc !== undefined,
              }),
            ),
          ),
      },
      { parent: this },
    );

    const options = pulumi.output(args.vendorOptions).apply((value) => {
      const problem = vendorOptionsProblem(vendor, value);
      if (problem !== undefined) throw new RotatedApiKeyArgsError(name, [problem]);
      return vendorOptionsJson(vendor, value);
    });
    this.rotationFunction = new aws.lambda.Function(
      `${name}-fleet`,
      {
        name: functionName,
        description: `Rotates the ${vendor} API keys of fleet "${name}"`,
        role: this.role.arn,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: BUNDLE_HANDLER,
        code: rotationCodeArchive(bundle),
        memorySize: plan.lambdaMemoryMb,
        timeout: plan.lambdaTimeoutSeconds,
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        environment: {
          variables: {
            [ConfigEnv.vendor]: vendor,
            [ConfigEnv.vendorOptions]: options,
            [ConfigEnv.adminSecretArn]: this.adminSecretArn,
            [ConfigEnv.fleetName]: name,
            [FleetSettings.maintenanceConcurrency.env]: String(plan.maintenanceConcurrency),
            POWERTOOLS_SERVICE_NAME: ROTATION_SERVICE_NAME,
            POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
            ...(bundle.sourceMapPath !== undefined ? { NODE_OPTIONS: "--enable-source-maps" } : {}),
          },
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
      `${name}-fleet`,
      {
        function: this.rotationFunction.name,
        action: "lambda:InvokeFunction",
        principal: "secretsmanager.amazonaws.com",
        sourceAccount: caller.accountId,
      },
      { parent: this },
    );

    this.deadLetterQueue = createDeadLetterQueue({ name: `${name}-fleet`, tags, parent: this });
    ({
      rule: this.maintenanceRule,
      target: this.maintenanceTarget,
      permission: this.maintenancePermission,
    } = createMaintenanceSchedule({
      ...{ name: `${name}-fleet`, tags, parent: this },
      description: `Scheduled maintenance of rotation fleet "${name}": key lifecycle and monitor of every member.`,
      scheduleExpression: plan.maintenance.maintenanceScheduleExpression,
      intervalMinutes: plan.maintenance.maintenanceIntervalMinutes,
      rotationFunction: this.rotationFunction,
      deadLetterQueueArn: this.deadLetterQueue.arn,
    }));
    this.deadLetterQueuePolicy = createDeadLetterQueuePolicy({
      name: `${name}-fleet`,
      queue: this.deadLetterQueue,
      rules: [this.maintenanceRule],
      parent: this,
    });

    if (plan.alarms !== undefined) {
      const monitoring = new FleetMonitoring(
        name,
        {
          plan: plan.alarms,
          fleetName: name,
          vendor,
          functionName,
          logGroupName: `/aws/lambda/${functionName}`,
          maintenanceIntervalMinutes: plan.maintenance.maintenanceIntervalMinutes,
          ...(args.alarms?.notificationTopicArn === undefined
            ? {}
            : { notificationTopicArn: args.alarms.notificationTopicArn }),
          accountId: caller.accountId,
          tags,
        },
        { parent: this },
      );
      monitoringOf.set(this, monitoring);
      this.notificationTopicArn = monitoring.notificationTopicArn;
      this.dashboardName = monitoring.dashboardName;
    }

    this.fleetName = name;
    this.vendor = vendor;
    this.functionArn = this.rotationFunction.arn;
    this.functionName = this.rotationFunction.name;
    this.roleArn = this.role.arn;
    this.logGroupName = this.logGroup.name;
    // Everything a member's invocations need, as dependencies of the ARN they name: the create waits for them,
    // and `pulumi destroy` deletes a member's retire invocation (running the retire) before any of them.
    this.memberFunctionArn = pulumi
      .all([
        this.rotationFunction.arn,
        this.invokePermission.id,
        this.rolePolicy.id,
        this.logGroup.arn,
        this.adminSecretVersion?.id ?? "",
      ])
      .apply(([arn]) => arn);

    this.registerOutputs({
      fleetName: this.fleetName,
      vendor: this.vendor,
      functionArn: this.functionArn,
      functionName: this.functionName,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      adminSecretArn: this.adminSecretArn,
      notificationTopicArn: this.notificationTopicArn,
      dashboardName: this.dashboardName,
    });
  }
}
