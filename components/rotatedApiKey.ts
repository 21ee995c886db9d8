import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RotationMonitoring } from "./alarms/rotationMonitoring";
import type { CanaryResources } from "./canary/canary";
import { createFleetMember, fleetMemberOutputs } from "./fleet/fleetMember";
import { createReadGrant } from "./grantRead";
import { createKeyOperations } from "./keyOperations";
import { createKeyRotation } from "./keyRotation";
import { createAdminCredential, createKeySecret } from "./keySecrets";
import { locateRotationBundle } from "./lambdaBundle";
import type { AutoRollbackResources } from "./lifecycle/autoRollbackRule";
import { rotationFunctionName } from "./names";
import { createReachResources, type ReachResources } from "./reach/reachResources";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import { checkRotationEnvironment, createRotationFunction } from "./rotationFunction";
import { createDeployMaintenance } from "./maintenance/deployMaintenance";
import { planRotatedApiKey } from "./validateArgs";

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
  /**
   * Runs the function's `retire` action (its own, or in a fleet the fleet's, for this secret) when destroyed:
   * revokes the vendor keys, unless `revokeKeysOnDestroy` is false.
   */
  public readonly retireOnDestroy?: aws.lambda.Invocation;
  /** The rotation schedule. */
  public readonly rotation: aws.secretsmanager.SecretRotation;
  /** Runs the rotation Lambda with `{"action":"maintain"}` on a schedule (key lifecycle and monitor). */
  public readonly maintenanceRule?: aws.cloudwatch.EventRule;
  /** The maintenance rule's target: the rotation Lambda. */
  public readonly maintenanceTarget?: aws.cloudwatch.EventTarget;
  /** Lets the maintenance rule, and only it, invoke the Lambda. */
  public readonly maintenancePermission?: aws.lambda.Permission;
  /** Runs maintenance once at deploy and whenever the function changes, so the alarms get data at once. */
  public readonly deployMaintenance?: aws.lambda.Invocation;
  /** In a fleet with a notification topic: the rule that sends this secret's rotation-failure events there. */
  public readonly fleetFailureRule?: aws.cloudwatch.EventRule;
  /** The fleet failure rule's target: the fleet's topic, with a message naming the secret. */
  public readonly fleetFailureTarget?: aws.cloudwatch.EventTarget;
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
    if (bundle !== undefined) checkRotationEnvironment(name, plan, args, bundle);
    super(ROTATED_API_KEY_TYPE, name, {}, opts);
    grantContextOf.set(this, {
      name,
      ...(args.kmsKeyId === undefined ? {} : { kmsKeyId: args.kmsKeyId }),
    });
    this.secret = createKeySecret({ name, plan, args, parent: this });
    this.secretArn = this.secret.arn;
    this.secretName = this.secret.name;
    this.rotationIntervalHours = plan.schedule.maxIntervalHours;
    this.overlapHours = plan.overlapHours;

    if (plan.fleet !== undefined && args.fleet !== undefined) {
      // A fleet member: the fleet's function, role, credential and alarms serve it.
      const member = createFleetMember({
        ...{ name, tags: plan.tags, parent: this },
        fleet: args.fleet,
        secret: this.secret,
        schedule: plan.schedule,
        rotateImmediately: plan.rotateImmediately,
        ...(args.consumerPrincipals === undefined
          ? {}
          : { consumerPrincipals: args.consumerPrincipals }),
        ...(args.operatorPrincipals === undefined
          ? {}
          : { operatorPrincipals: args.operatorPrincipals }),
        destroy: plan.destroy,
      });
      this.rotation = member.rotation;
      this.consumerPolicy = member.consumerPolicy;
      this.retireOnDestroy = member.retireOnDestroy;
      this.fleetFailureRule = member.failureRule;
      this.fleetFailureTarget = member.failureTarget;
      const outputs = fleetMemberOutputs(args.fleet);
      this.functionArn = outputs.functionArn;
      this.functionName = outputs.functionName;
      this.roleArn = outputs.roleArn;
      this.logGroupName = outputs.logGroupName;
      this.adminSecretArn = outputs.adminSecretArn;
      this.registerOutputs(this.outputs());
      return;
    }
    if (bundle === undefined)
      throw new Error("unreachable: a key outside a fleet locates its bundle");

    const admin = createAdminCredential({ name, plan, args, parent: this });
    this.adminSecret = admin.adminSecret;
    this.adminSecretVersion = admin.adminSecretVersion;
    this.adminSecretArn = admin.adminSecretArn;
    const functionName = rotationFunctionName(name, pulumi.getProject(), pulumi.getStack());
    const caller = aws.getCallerIdentityOutput({}, { parent: this });
    const own = createRotationFunction({
      ...{ name, plan, args, bundle, functionName, parent: this },
      secretArn: this.secret.arn,
      adminSecretArn: this.adminSecretArn,
      accountId: caller.accountId,
    });
    this.logGroup = own.logGroup;
    this.role = own.role;
    this.rolePolicy = own.rolePolicy;
    this.rotationFunction = own.rotationFunction;
    this.invokePermission = own.invokePermission;
    this.functionArn = this.rotationFunction.arn;
    this.functionName = this.rotationFunction.name;
    this.roleArn = this.role.arn;
    this.logGroupName = this.logGroup.name;

    const reach = createReachResources({
      ...{ name, tags: plan.tags, parent: this },
      plan: plan.reach,
      args,
      secret: this.secret,
    });
    reachOf.set(this, reach);
    if (reach.observabilitySinks.length > 0) {
      this.observabilitySinkArns = pulumi.all(reach.observabilitySinks.map((s) => s.sink.arn));
    }

    ({
      consumerPolicy: this.consumerPolicy,
      retireOnDestroy: this.retireOnDestroy,
      rotation: this.rotation,
    } = createKeyRotation({
      ...{ name, plan, args, own, parent: this },
      secret: this.secret,
      ...(this.adminSecretVersion === undefined
        ? {}
        : { adminSecretVersion: this.adminSecretVersion }),
      ...(reach.vpcEndpoints === undefined
        ? {}
        : { secretsManagerEndpoint: reach.vpcEndpoints.secretsManager }),
    }));

    this.deployMaintenance = createDeployMaintenance({
      name,
      parent: this,
      rotationFunction: this.rotationFunction,
      dependsOn: [this.rolePolicy, this.logGroup, this.rotation],
    });

    const operations = createKeyOperations({
      ...{ name, plan, functionName, parent: this },
      secret: this.secret,
      role: this.role,
      rotationFunction: this.rotationFunction,
      accountId: caller.accountId,
    });
    this.deadLetterQueue = operations.deadLetterQueue;
    this.deadLetterQueuePolicy = operations.deadLetterQueuePolicy;
    this.maintenanceRule = operations.maintenanceRule;
    this.maintenanceTarget = operations.maintenanceTarget;
    this.maintenancePermission = operations.maintenancePermission;
    this.canary = operations.canary;
    this.autoRollback = operations.autoRollback;
    if (operations.monitoring !== undefined) {
      monitoringOf.set(this, operations.monitoring);
      this.notificationTopicArn = operations.monitoring.notificationTopicArn;
      this.dashboardName = operations.monitoring.dashboardName;
    }

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
