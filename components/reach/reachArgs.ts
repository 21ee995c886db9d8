import type * as pulumi from "@pulumi/pulumi";

/**
 * Where the key's consumers run when that is not the key's own account and
 * region. Their consumer clients publish `ConsumerAuthFailures` and
 * `ConsumerPreviousKeyFallbacks` in their own account and region, so gated
 * revocation reads those too, and counts the previous key as in use while a
 * declared place shows no consumer metric at all (it waits for the hard
 * limit rather than guess). See docs/cross-account-and-regions.md.
 */
export interface RotatedApiKeyConsumerReach {
  /**
   * Regions, besides the key's, where consumers run (e.g. next to a replica).
   * The rotation Lambda reads their metrics there. The key's `replicaRegions`
   * are always included.
   * @default none
   */
  readonly regions?: string[];
  /**
   * Account ids, besides the key's, whose consumers read the key. Each must
   * link to this account's CloudWatch observability sink (an `aws.oam.Link`
   * with `AWS::CloudWatch::Metric`) in each region they run in, so that the
   * Lambda can read their metrics. Accounts of `consumerPrincipals` outside
   * the key's account are always included.
   * @default none
   */
  readonly accountIds?: string[];
  /**
   * Create the CloudWatch cross-account observability sink (`aws.oam.Sink`)
   * and its policy letting `accountIds` link their metrics, in the key's
   * region and each of `regions`. An account has one sink per region: set
   * `false` when it already has one, and allow these accounts in its policy.
   * @default true when `accountIds` is set
   */
  readonly createSinks?: boolean;
}

/**
 * An interface VPC endpoint for Secrets Manager (and the other AWS APIs the
 * rotation Lambda calls), for a Lambda in private subnets. The vendor's API
 * is on the internet: the subnets still need a NAT gateway or an egress proxy
 * for it. See docs/cross-account-and-regions.md.
 */
export interface RotatedApiKeyVpcEndpoints {
  /** The VPC of `vpc.subnetIds`; the endpoints are created in it. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Also create an endpoint for CloudWatch metrics (`monitoring`): the
   * maintenance run reads consumer metrics with `GetMetricData`.
   * @default true
   */
  readonly cloudWatchMetrics?: boolean;
  /**
   * Subnets for the endpoints' network interfaces, one per availability zone.
   * @default `vpc.subnetIds`
   */
  readonly subnetIds?: pulumi.Input<string>[];
  /**
   * Use existing endpoints instead: create nothing. The security groups of
   * `vpc.securityGroupIds` must be able to reach them on port 443.
   * @default false
   */
  readonly useExisting?: boolean;
}

/** The reach-related arguments of `RotatedApiKeyArgs`, as `planReach` reads them. */
export interface ReachArgs {
  readonly consumerReach?: RotatedApiKeyConsumerReach;
  readonly replicaRegions?: string[];
  readonly operatorPrincipals?: pulumi.Input<string>[];
  readonly vpcEndpoints?: RotatedApiKeyVpcEndpoints;
  readonly vpc?: { readonly subnetIds: pulumi.Input<string>[] };
  readonly kmsKeyId?: pulumi.Input<string>;
  readonly consumerPrincipals?: pulumi.Input<string>[];
}
