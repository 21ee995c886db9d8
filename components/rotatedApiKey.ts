import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RotationMonitoring } from "./alarms/rotationMonitoring";
import { createDeadLetterQueue, createDeadLetterQueuePolicy } from "./delivery/deadLetterQueue";
import { canarySecretTags, createCanary, type CanaryResources } from "./canary/canary";
import { createAutoRollback, type AutoRollbackResources } from "./lifecycle/autoRollbackRule";
import { RotatedApiKeyArgsError } from "./errors";
import { createFleetMember } from "./fleet/fleetMember";
import { BUNDLE_HANDLER, locateRotationBundle, rotationCodeArchive } from "./lambdaBundle";
import { environmentBuilder } from "./lambdaEnvironment";
import { assertEnvironmentSize, checkPlannedEnvironment } from "./lambdaEnvironmentSize";
import { createDeployMaintenance } from "./maintenance/deployMaintenance";
import { createMaintenanceSchedule } from "./maintenance/maintenanceSchedule";
import { createRetireOnDestroy } from "./lifecycle/retireOnDestroy";
import { createSecretPolicy } from "./secretPolicy";
import { createReadGrant } from "./grantRead";
import { dashboardNameFor, rotationFunctionName } from "./names";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import { createRotationRole } from "./rotationRole";
import { planRotatedApiKey } from "./validateArgs";
import { consumerReachVariables, withConsumerReach } from "./reach/consumerAccounts";
import { secretReplicas } from "./reach/replicas";
import { createReachResources, type ReachResources } from "./reach/reachResources";
import { vendorOptionsJson, vendorOptionsProblem } from "./vendorOptions";
import { isPlain } from "./describe";

/** The component's Pulumi type token. */
export const ROTATED_API_KEY_TYPE = "rotated-api-key:index:RotatedApiKey";

/** Each key's `RotationMonitoring` child, behind the `monitoring` getter. */
const monitoringOf = new WeakMap<RotatedApiKey, RotationMonitoring>();
/** Each key's observability sinks and VPC endpoints, behind the `reach` getter. */
const reachOf = new WeakMap<RotatedApiKey, ReachResources>();
/** What `grantRead` needs of each key (kept out of the public surface the analyzer reads). */
const grantContextOf = new WeakMap<
  RotatedApiKey,
  { readonly name: string; readonly kmsKeyId?: pulumi.Input<string> }
>();

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
  /**
   * ARNs of the CloudWatch observability sinks consumer accounts link their metrics to: the key's region first, then
   * each consumer region; none without `consumerReach.accountIds` or with `createSinks: false`.
   */
  public readonly observabilitySinkArns?: pulumi.Output<string[]>;

  /** The secret holding the rotated key. */
  public readonly secret: aws.secretsmanager.Secret;
  /** The admin credential secret, when the component created it from `adminCredential`. */
  public readonly adminSecret?: aws.secretsmanager.Secret;
  /** The admin credential's version (its value is a Pulumi secret), when the component created it. */
  public readonly adminSecretVersion?: aws.secretsmanager.SecretVersion;
  /** The rotation Lambda; none in a fleet (the fleet's serves the key). */
  public readonly rotationFunction?: aws.lambda.Function;
  /** The rotation Lambda's role. */
  public readonly role?: aws.iam.Role;
  /** The role's inline policy. */
  public readonly rolePolicy?: aws.iam.RolePolicy;
  /** The rotation Lambda's log group. */
  public readonly logGroup?: aws.cloudwatch.LogGroup;
  /** Lets Secrets Manager invoke the Lambda. */
  public readonly invokePermission?: aws.lambda.Permission;
  /**
   * The secret's resource policy: who reads the key (`consumerPrincipals`) and
   * the deletion protection (`deletionProtection`); none when neither is on.
   */
  public readonly consumerPolicy?: aws.secretsmanager.SecretPolicy;
  /** Runs the function's `retire` action when destroyed: revokes the vendor keys, unless `revokeKeysOnDestroy` is false. */
  public readonly retireOnDestroy?: aws.lambda.Invocation;
  /** The rotation schedule. */
  public readonly rotation: aws.secretsmanager.SecretRotation;
  /** Runs the rotation Lambda with `{"action":"maintain"}` on a schedule (key lifecycle and monitor). */
  public readonly maintenanceRule?: aws.cloudwatch.EventRule;
  /** The maintenance rule's target: the rotation Lambda. */
  public readonly maintenanceTarget?: aws.cloudwatch.EventTarget;
  /** Lets the maintenance rule, and only it, invoke the Lambda. */
  public readonly maintenancePermission?: aws.lambda.Permission;
  /** In a fleet with a notification topic: the rule that sends this secret's rotation-failure events there. */
  public readonly fleetFailureRule?: aws.cloudwatch.EventRule;
  /** The fleet failure rule's target: the fleet's topic, with a message naming the secret. */
  public readonly fleetFailureTarget?: aws.cloudwatch.EventTarget;
  /** Runs maintenance once at deploy and whenever the function changes, so the alarms get data at once. */
  public readonly deployMaintenance?: aws.lambda.Invocation;
  /** The rule, target and permission that roll back on a 401 spike, with `lifecycle.autoRollback`. */
  public readonly autoRollback?: AutoRollbackResources;
  /** Where every EventBridge target of the key sends the events it could not deliver (SSE-SQS, 14 days). */
  public readonly deadLetterQueue?: aws.sqs.Queue;
  /** Lets the key's own rules, and only them, send to the dead-letter queue. */
  public readonly deadLetterQueuePolicy?: aws.sqs.QueuePolicy;
  /** The canary's alarm and read rule, with `canary: true`. */
  public readonly canary?: CanaryResources;

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
   * The CloudWatch observability sinks (`consumerReach.accountIds`) and the VPC
   * endpoints (`vpcEndpoints`); a getter for the same reason as `monitoring`.
   */
  public get reach(): ReachResources | undefined {
    return reachOf.get(this);
  }

  /**
   * Lets an IAM role read the key: attaches an inline policy (a child named
   * `<name>-read-<grantName>`) allowing `secretsmanager:GetSecretValue` and
   * `DescribeSecret` on this secret, and with `kmsKeyId` also `kms:Decrypt`
   * through Secrets Manager for this secret only (CDK's `grantRead`). The
   * role must be in this stack's account; with `consumerPrincipals`, list it
   * there too, since that resource policy denies every principal it does not name.
   *
   * A method, so TypeScript programs only: methods are not part of the
   * multi-language component provider (Python, Go, .NET, YAML). Those
   * programs pass the readers in `consumerPrincipals` (a resource policy)
   * or attach the same statements to the role themselves (the policy is
   * shown in docs/access-and-destroy.md).
   * @param grantName Distinguishes this grant's policy among the key's grants.
   * @param role The role, or its name or ARN.
   * @returns The inline policy.
   */
  public grantRead(
    grantName: string,
    role: aws.iam.Role | pulumi.Input<string>,
  ): aws.iam.RolePolicy {
    const context = grantContextOf.get(this) as { name: string; kmsKeyId?: pulumi.Input<string> };
    return createReadGrant({
      componentName: context.name,
      grantName,
      parent: this,
      role,
      secretArn: this.secretArn,
      ...(context.kmsKeyId === undefined ? {} : { kmsKeyId: context.kmsKeyId }),
    });
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
    const bundle = plan.fleet === undefined ? locateRotationBundle(name) : undefined;
    const environmentOf = environmentBuilder({
      ...{ vendor: plan.vendor, overlapHours: plan.overlapHours, keyTtlDays: plan.keyTtlDays },
      ...{ keyNamePrefix: plan.keyNamePrefix, lifecycle: plan.lifecycle },
      sourceMap: bundle?.sourceMapPath !== undefined,
    });
    if (plan.fleet === undefined) {
      // Lambda's 4 KB environment limit, with what is known now (checked again at deploy).
      const later = Promise.resolve("");
      checkPlannedEnvironment(
        name,
        environmentOf({
          vendorOptionsJson: isPlain(args.vendorOptions)
            ? vendorOptionsJson(plan.vendor, args.vendorOptions)
            : later,
          adminSecretArn:
            typeof args.adminCredentialSecretArn === "string"
              ? args.adminCredentialSecretArn
              : later,
          secretArn: later,
        }),
      );
    }
    super(ROTATED_API_KEY_TYPE, name, {}, opts);
    const { vendor, tags } = plan;
    const replicas = secretReplicas(plan.reach.replicaRegions, args.replicaKmsKeyIds);
    grantContextOf.set(this, {
      name,
      ...(args.kmsKeyId === undefined ? {} : { kmsKeyId: args.kmsKeyId }),
    });
    const { recoveryWindowInDays } = plan.destroy;
    const recoveryWindow = recoveryWindowInDays === undefined ? {} : { recoveryWindowInDays };
    const functionName = rotationFunctionName(name, pulumi.getProject(), pulumi.getStack());

    // No SecretVersion: the first rotation writes the first key, so no key ever
    // enters Pulumi state and later `pulumi up`s see nothing to change.
    this.secret = new aws.secretsmanager.Secret(
      name,
      {
        description: `${vendor} API key rotated by RotatedApiKey "${name}"; read apiKey from AWSCURRENT.`,
        kmsKeyId: args.kmsKeyId,
        ...recoveryWindow,
        tags:
          plan.fleet === undefined
            ? plan.canary
              ? canarySecretTags(tags)
              : tags
            : { ...tags, ...plan.fleet.secretTags },
        ...(replicas === undefined ? {} : { replicas }),
      },
      { parent: this },
    );

    if (plan.fleet !== undefined && args.fleet !== undefined) {
      // A fleet member: the fleet's function, role, credential and alarms serve it.
      const member = createFleetMember({
        ...{ name, tags, parent: this },
        fleet: args.fleet,
        secret: this.secret,
        schedule: plan.schedule,
        rotateImmediately: plan.rotateImmediately,
        ...(args.consumerPrincipals === undefined
          ? {}
          : { consumerPrincipals: args.consumerPrincipals }),
      });
      this.rotation = member.rotation;
      this.consumerPolicy = member.consumerPolicy;
      this.fleetFailureRule = member.failureRule;
      this.fleetFailureTarget = member.failureTarget;
      this.secretArn = this.secret.arn;
      this.secretName = this.secret.name;
      this.functionArn = pulumi.output(args.fleet.functionArn);
      this.functionName = this.functionArn.apply((arn) => arn.split(":")[6] ?? "");
      this.roleArn = pulumi.output(args.fleet.roleArn);
      this.logGroupName = pulumi.interpolate`/aws/lambda/${this.functionName}`;
      this.adminSecretArn = pulumi.output(args.fleet.adminSecretArn);
      this.rotationIntervalHours = plan.schedule.maxIntervalHours;
      this.overlapHours = plan.overlapHours;
      this.registerOutputs(this.outputs());
      return;
    }
    if (bundle === undefined)
      throw new Error("unreachable: a key outside a fleet locates its bundle");

    let adminSecretArn: pulumi.Output<string>;
    if (args.adminCredential !== undefined) {
      this.adminSecret = new aws.secretsmanager.Secret(
        `${name}-admin`,
        {
          description: `${vendor} admin credential the rotation Lambda of RotatedApiKey "${name}" uses to create and revoke keys.`,
          kmsKeyId: args.kmsKeyId,
          ...recoveryWindow,
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
      readsConsumerReach:
        plan.reach.consumerRegions.length > 0 ||
        plan.reach.consumerAccountIds.length > 0 ||
        args.consumerPrincipals !== undefined,
    }));
    const caller = aws.getCallerIdentityOutput({}, { parent: this });
    const reach = createReachResources({
      ...{ name, tags, parent: this },
      plan: plan.reach,
      args,
      secret: this.secret,
    });
    reachOf.set(this, reach);
    if (reach.observabilitySinks.length > 0) {
      this.observabilitySinkArns = pulumi.all(reach.observabilitySinks.map((s) => s.sink.arn));
    }

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
          variables: pulumi
            .output(
              withConsumerReach(
                environmentOf({
                  vendorOptionsJson: options,
                  adminSecretArn,
                  secretArn: this.secret.arn,
                }),
                consumerReachVariables({
                  name,
                  plan: plan.reach,
                  consumerPrincipals: args.consumerPrincipals,
                  accountId: caller.accountId,
                }),
              ),
            )
            .apply((resolved) => assertEnvironmentSize(name, resolved as Record<string, string>)),
        },
        vpcConfig: args.vpc && {
          subnetIds: args.vpc.subnetIds,
          securityGroupIds: args.vpc.securityGroupIds,
        },
        tags,
      },
      // The role's policy must exist before the function can run (its first invocation may come at once).
      { parent: this, dependsOn: [this.rolePolicy] },
    );

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

    this.consumerPolicy = createSecretPolicy({
      ...{ name, parent: this },
      secretArn: this.secret.arn,
      rotationRoleArn: this.role.arn,
      ...(args.consumerPrincipals === undefined ? {} : { consumers: args.consumerPrincipals }),
      ...(args.operatorPrincipals === undefined ? {} : { operators: args.operatorPrincipals }),
      deletionProtection: plan.destroy.deletionProtection,
    });
    this.retireOnDestroy = createRetireOnDestroy({
      ...{ name, parent: this },
      enabled: plan.destroy.revokeKeysOnDestroy,
      rotationFunction: this.rotationFunction,
      secretArn: this.secret.arn,
      needs: [
        this.rolePolicy,
        this.secret,
        this.logGroup,
        ...(this.adminSecretVersion ? [this.adminSecretVersion] : []),
      ],
    });

    this.rotation = new aws.secretsmanager.SecretRotation(
      name,
      {
        secretId: this.secret.id,
        rotationLambdaArn: this.rotationFunction.arn,
        rotationRules: plan.schedule.rules,
        rotateImmediately: plan.rotateImmediately,
      },
      // After the retire invocation: destroy deletes the schedule first, so no rotation starts after the retire.
      {
        parent: this,
        // The first rotation runs at once: the Lambda must already reach Secrets Manager.
        dependsOn: [
          this.invokePermission,
          this.rolePolicy,
          this.retireOnDestroy,
          ...(reach.vpcEndpoints === undefined ? [] : [reach.vpcEndpoints.secretsManager]),
        ],
      },
    );

    this.deadLetterQueue = createDeadLetterQueue({ name, tags, parent: this });
    ({
      rule: this.maintenanceRule,
      target: this.maintenanceTarget,
      permission: this.maintenancePermission,
    } = createMaintenanceSchedule({
      ...{ name, tags, parent: this },
      scheduleExpression: plan.monitoring.maintenanceScheduleExpression,
      intervalMinutes: plan.monitoring.maintenanceIntervalMinutes,
      rotationFunction: this.rotationFunction,
      deadLetterQueueArn: this.deadLetterQueue.arn,
    }));

    this.deployMaintenance = createDeployMaintenance({
      name,
      parent: this,
      rotationFunction: this.rotationFunction,
      dependsOn: [this.rolePolicy, this.logGroup, this.rotation],
    });

    const canary = plan.canary
      ? createCanary({
          ...{ name, tags, parent: this, secret: this.secret, role: this.role },
          logGroupName: `/aws/lambda/${functionName}`,
        })
      : undefined;
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
          deadLetterQueue: { arn: this.deadLetterQueue.arn, name: this.deadLetterQueue.name },
          ...(canary === undefined ? {} : { canaryReadRuleArn: canary.readRule.arn }),
          tags,
        },
        { parent: this },
      );
      monitoringOf.set(this, monitoring);
      this.notificationTopicArn = monitoring.notificationTopicArn;
      this.dashboardName = monitoring.dashboardName;
      if (canary !== undefined) this.canary = canary.notify(monitoring);
    }
    if (plan.lifecycle.autoRollback && this.monitoring?.authFailureAlarm !== undefined) {
      this.autoRollback = createAutoRollback({
        ...{ name, tags, parent: this },
        alarm: this.monitoring.authFailureAlarm,
        rotationFunction: this.rotationFunction,
        deadLetterQueueArn: this.deadLetterQueue.arn,
      });
    }
    this.deadLetterQueuePolicy = createDeadLetterQueuePolicy({
      name,
      queue: this.deadLetterQueue,
      rules: [
        this.maintenanceRule,
        ...(this.autoRollback === undefined ? [] : [this.autoRollback.rule]),
        ...(this.monitoring?.eventRules ?? []),
      ],
      parent: this,
    });

    this.secretArn = this.secret.arn;
    this.secretName = this.secret.name;
    this.functionArn = this.rotationFunction.arn;
    this.functionName = this.rotationFunction.name;
    this.roleArn = this.role.arn;
    this.logGroupName = this.logGroup.name;
    this.adminSecretArn = adminSecretArn;
    this.rotationIntervalHours = plan.schedule.maxIntervalHours;
    this.overlapHours = plan.overlapHours;

    this.registerOutputs(this.outputs());
  }

  /** What the component registers as its outputs. */
  private outputs(): pulumi.Inputs {
    return {
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
      observabilitySinkArns: this.observabilitySinkArns,
    };
  }
}
