import * as pulumi from "@pulumi/pulumi";
import { consumerReachEnvironment } from "../../lambdas/contract/consumerReach";
import type { ReachPlan } from "./reachPlan";

/** The account id in an IAM role or user ARN, or undefined. */
export function accountOfPrincipal(arn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
}

/**
 * The consumer accounts gated revocation reads: those declared in
 * `consumerReach.accountIds`, plus every account of `consumerPrincipals` other
 * than the key's own, so that a cross-account consumer is never invisible:
 * until its account links its metrics, the previous key counts as in use.
 */
export function consumerAccounts(
  declared: readonly string[],
  consumerArns: readonly string[],
  keyAccountId: string,
): { readonly accountIds: string[]; readonly undeclared: string[] } {
  const fromPrincipals = consumerArns
    .map(accountOfPrincipal)
    .filter((a): a is string => a !== undefined && a !== keyAccountId);
  const undeclared = [...new Set(fromPrincipals)].filter((a) => !declared.includes(a));
  return { accountIds: [...declared, ...undeclared], undeclared };
}

/** The warning for consumer accounts found only in `consumerPrincipals`. */
export function undeclaredAccountsWarning(name: string, undeclared: readonly string[]): string {
  return `RotatedApiKey "${name}": \`consumerPrincipals\` names account(s) ${undeclared.join(", ")} outside the key's account, not listed in \`consumerReach.accountIds\`. Their consumer metrics are unreachable until each links to a CloudWatch observability sink of this account, so revocation of the previous key will wait for \`lifecycle.revokeHardLimitHours\` after every rotation. See docs/cross-account-and-regions.md.`;
}

/**
 * The rotation Lambda's consumer-reach variables (`ROTATION_CONSUMER_REGIONS`,
 * `ROTATION_CONSUMER_ACCOUNTS`): plain when no consumer principal can be in
 * another account, else resolved with the key's account id.
 */
export function consumerReachVariables(input: {
  readonly name: string;
  readonly plan: ReachPlan;
  readonly consumerPrincipals: pulumi.Input<string>[] | undefined;
  readonly accountId: pulumi.Input<string>;
}): pulumi.Input<Record<string, string>> {
  const regions = input.plan.consumerRegions;
  if (input.consumerPrincipals === undefined) {
    return consumerReachEnvironment({ regions, accountIds: input.plan.consumerAccountIds });
  }
  return pulumi
    .all([pulumi.all(input.consumerPrincipals), input.accountId])
    .apply(([arns, accountId]) => {
      const { accountIds, undeclared } = consumerAccounts(
        input.plan.consumerAccountIds,
        arns,
        accountId,
      );
      if (undeclared.length > 0) pulumi.log.warn(undeclaredAccountsWarning(input.name, undeclared));
      return consumerReachEnvironment({ regions, accountIds });
    });
}

/**
 * The Lambda's variables with the consumer-reach ones added: the plain map as
 * it is when there are none (so keys without reach deploy exactly as before).
 */
export function withConsumerReach(
  base: Record<string, pulumi.Input<string>>,
  reach: pulumi.Input<Record<string, string>>,
): pulumi.Input<Record<string, pulumi.Input<string>>> {
  if (!pulumi.Output.isInstance(reach) && Object.keys(reach).length === 0) return base;
  return pulumi.all([pulumi.all(base), reach]).apply(([b, r]) => ({ ...b, ...r }));
}
