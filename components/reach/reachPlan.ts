import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_ID_RULE,
  MAX_CONSUMER_REACH,
  REGION_PATTERN,
  REGION_RULE,
} from "../../lambdas/contract/consumerReach";
import { checkConsumers } from "../accessChecks";
import { describeValue } from "../describe";
import type { ReachArgs } from "./reachArgs";
import { checkPlainList } from "./regionList";

/**
 * The most replica regions the component accepts. Secrets Manager documents
 * no per-secret cap on replicas; this bound keeps a typo'd list from fanning
 * a key out to every region (each replica is billed as a secret).
 */
export const MAX_REPLICA_REGIONS = 20;

/** The checked reach arguments. */
export interface ReachPlan {
  /** Regions, besides the key's, whose consumer metrics gate revocation: `consumerReach.regions` + `replicaRegions`. */
  readonly consumerRegions: readonly string[];
  /** Declared consumer accounts (the component adds `consumerPrincipals`' other accounts at deployment). */
  readonly consumerAccountIds: readonly string[];
  /** Create an observability sink per region (the key's and `consumerRegions`) for the accounts. */
  readonly createSinks: boolean;
  readonly replicaRegions: readonly string[];
  /** Create interface endpoints (`vpcEndpoints` set and not `useExisting`). */
  readonly vpcEndpoints?: { readonly cloudWatchMetrics: boolean };
}

/**
 * Checks `consumerReach`, `replicaRegions`, `replicaKmsKeyIds`,
 * `operatorPrincipals` and `vpcEndpoints`. `homeRegion` is the provider's
 * region when the program knows it (`aws:region`), so that neither list
 * names the key's own region.
 */
export function planReach(
  a: ReachArgs & { readonly replicaKmsKeyIds?: Record<string, unknown> },
  homeRegion: string | undefined,
  problems: string[],
): ReachPlan {
  const excluded = (why: string) =>
    homeRegion === undefined ? {} : { excluded: { value: homeRegion, why } };
  const replicaRegions = checkPlainList(
    a.replicaRegions,
    {
      arg: "replicaRegions",
      pattern: REGION_PATTERN,
      rule: REGION_RULE,
      max: MAX_REPLICA_REGIONS,
      ...excluded("the key's own region (the primary): a secret cannot be replicated to it"),
    },
    problems,
  );
  checkReplicaKeys(a, replicaRegions, problems);

  const reach = a.consumerReach;
  if (
    reach !== undefined &&
    (typeof reach !== "object" || reach === null || Array.isArray(reach))
  ) {
    problems.push(
      `\`consumerReach\` must be an object like { regions?, accountIds?, createSinks? } (received ${describeValue(reach)}). Omit it when every consumer runs in the key's account and region.`,
    );
  }
  const r = typeof reach === "object" && reach !== null ? reach : {};
  const regions = checkPlainList(
    r.regions,
    {
      arg: "consumerReach.regions",
      pattern: REGION_PATTERN,
      rule: REGION_RULE,
      max: MAX_CONSUMER_REACH,
      ...excluded("the key's own region, whose consumer metrics are always read"),
    },
    problems,
  );
  const accountIds = checkPlainList(
    r.accountIds,
    {
      arg: "consumerReach.accountIds",
      pattern: ACCOUNT_ID_PATTERN,
      rule: ACCOUNT_ID_RULE,
      max: MAX_CONSUMER_REACH,
    },
    problems,
  );
  if (r.createSinks !== undefined && typeof r.createSinks !== "boolean") {
    problems.push(
      `\`consumerReach.createSinks\` must be true or false (received ${describeValue(r.createSinks)}). Omit it to create the sinks.`,
    );
  }
  if (r.createSinks === true && accountIds.length === 0) {
    problems.push(
      "`consumerReach.createSinks` needs `consumerReach.accountIds`: a sink only lets other accounts link their metrics. List the accounts, or omit `createSinks`.",
    );
  }
  const consumerRegions = [...new Set([...regions, ...replicaRegions])];
  if (consumerRegions.length > MAX_CONSUMER_REACH) {
    problems.push(
      `\`consumerReach.regions\` and \`replicaRegions\` together name ${consumerRegions.length} regions; the rotation Lambda reads consumer metrics in at most ${MAX_CONSUMER_REACH}. Drop regions where no consumer runs.`,
    );
  }

  if (a.operatorPrincipals !== undefined) {
    if (a.consumerPrincipals === undefined) {
      problems.push(
        "`operatorPrincipals` needs `consumerPrincipals`: without it the secret has no resource policy, and identity policies alone decide who reads it. Omit `operatorPrincipals`.",
      );
    }
    const before = problems.length;
    checkConsumers(a.operatorPrincipals, problems);
    for (let i = before; i < problems.length; i++) {
      problems[i] = (problems[i] as string)
        .replaceAll("`consumerPrincipals", "`operatorPrincipals")
        .replace("the consumer's role or user ARN", "the operator's role or user ARN");
    }
  }

  return {
    consumerRegions,
    consumerAccountIds: accountIds,
    createSinks: accountIds.length > 0 && r.createSinks !== false,
    replicaRegions,
    ...planVpcEndpoints(a, problems),
  };
}

/** `replicaKmsKeyIds`: only for listed replica regions, and one for each when the primary uses a CMK. */
function checkReplicaKeys(
  a: ReachArgs & { readonly replicaKmsKeyIds?: Record<string, unknown> },
  replicaRegions: readonly string[],
  problems: string[],
): void {
  const keys = a.replicaKmsKeyIds;
  if (keys !== undefined && (typeof keys !== "object" || keys === null || Array.isArray(keys))) {
    problems.push(
      `\`replicaKmsKeyIds\` must map replica regions to KMS key ARNs (received ${describeValue(keys)}).`,
    );
    return;
  }
  for (const region of Object.keys(keys ?? {})) {
    if (!replicaRegions.includes(region)) {
      problems.push(
        `\`replicaKmsKeyIds\` names ${describeValue(region)}, which is not in \`replicaRegions\` (${describeValue(replicaRegions)}). Remove it, or add the region to \`replicaRegions\`.`,
      );
    }
  }
  if (a.kmsKeyId === undefined) return;
  const missing = replicaRegions.filter((region) => keys?.[region] === undefined);
  if (missing.length > 0) {
    problems.push(
      `\`replicaKmsKeyIds\` must name a KMS key for each replica region when \`kmsKeyId\` is set (missing: ${missing.join(", ")}): a KMS key lives in one region, and a replica without one falls back to that region's \`aws/secretsmanager\` key, which consumers in other accounts cannot use. Give each region a customer managed key (or a multi-Region key's replica).`,
    );
  }
}

function planVpcEndpoints(a: ReachArgs, problems: string[]): Pick<ReachPlan, "vpcEndpoints"> {
  const e = a.vpcEndpoints;
  if (e === undefined) return {};
  if (typeof e !== "object" || e === null || Array.isArray(e)) {
    problems.push(
      `\`vpcEndpoints\` must be an object like { vpcId, cloudWatchMetrics?, subnetIds?, useExisting? } (received ${describeValue(e)}).`,
    );
    return {};
  }
  if (a.vpc === undefined) {
    problems.push(
      "`vpcEndpoints` needs `vpc`: the endpoints serve a rotation Lambda running in your subnets. Set `vpc`, or omit `vpcEndpoints`.",
    );
  }
  if (
    e.vpcId === undefined ||
    (typeof e.vpcId === "string" && !/^vpc-[0-9a-f]{8,17}$/.test(e.vpcId))
  ) {
    problems.push(
      `\`vpcEndpoints.vpcId\` must be an id like "vpc-0123456789abcdef0" (received ${describeValue(e.vpcId)}): the VPC of \`vpc.subnetIds\`.`,
    );
  }
  for (const field of ["cloudWatchMetrics", "useExisting"] as const) {
    if (e[field] !== undefined && typeof e[field] !== "boolean") {
      problems.push(
        `\`vpcEndpoints.${field}\` must be true or false (received ${describeValue(e[field])}).`,
      );
    }
  }
  if (e.subnetIds !== undefined && (!Array.isArray(e.subnetIds) || e.subnetIds.length === 0)) {
    problems.push(
      `\`vpcEndpoints.subnetIds\` must list at least one subnet id when set (received ${describeValue(e.subnetIds)}). Omit it to use \`vpc.subnetIds\`.`,
    );
  }
  if (e.useExisting === true) return {};
  return { vpcEndpoints: { cloudWatchMetrics: e.cloudWatchMetrics !== false } };
}
