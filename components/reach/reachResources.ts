import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createObservabilitySinks, type ObservabilitySink } from "./observabilitySink";
import type { ReachArgs } from "./reachArgs";
import type { ReachPlan } from "./reachPlan";
import { createVpcEndpoints, type VpcEndpointResources } from "./vpcEndpoints";

/** The children `consumerReach` and `vpcEndpoints` add (the replicas are an input of the secret). */
export interface ReachResources {
  /** CloudWatch cross-account observability sinks, one per region, with `consumerReach.accountIds`. */
  readonly observabilitySinks: readonly ObservabilitySink[];
  /** The interface endpoints and their security group, with `vpcEndpoints`. */
  readonly vpcEndpoints?: VpcEndpointResources;
}

/** Creates the sinks and the VPC endpoints the plan asks for. */
export function createReachResources(input: {
  readonly name: string;
  readonly plan: ReachPlan;
  readonly args: ReachArgs & {
    readonly vpc?: {
      readonly subnetIds: pulumi.Input<string>[];
      readonly securityGroupIds: pulumi.Input<string>[];
    };
  };
  readonly secret: aws.secretsmanager.Secret;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}): ReachResources {
  const { name, plan, args, tags, parent } = input;
  const observabilitySinks = plan.createSinks
    ? createObservabilitySinks({
        ...{ name, tags, parent },
        regions: plan.consumerRegions,
        accountIds: plan.consumerAccountIds,
      })
    : [];
  const endpoints = args.vpcEndpoints;
  if (plan.vpcEndpoints === undefined || endpoints === undefined || args.vpc === undefined) {
    return { observabilitySinks };
  }
  return {
    observabilitySinks,
    vpcEndpoints: createVpcEndpoints({
      ...{ name, tags, parent },
      vpcId: endpoints.vpcId,
      subnetIds: endpoints.subnetIds ?? args.vpc.subnetIds,
      lambdaSecurityGroupIds: args.vpc.securityGroupIds,
      secretArn: input.secret.arn,
      cloudWatchMetrics: plan.vpcEndpoints.cloudWatchMetrics,
    }),
  };
}
