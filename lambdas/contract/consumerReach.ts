/**
 * Where a key's consumers run when that is not the key's own account and
 * region, written once for the component (which sets the variables) and the
 * rotation Lambda (which reads its consumers' metrics there before revoking).
 */
export const ConsumerReachEnv = {
  /** Comma-separated regions, besides the key's, whose consumers publish their metrics there. */
  regions: "ROTATION_CONSUMER_REGIONS",
  /** Comma-separated account ids, besides the key's, linked to this account by CloudWatch cross-account observability. */
  accountIds: "ROTATION_CONSUMER_ACCOUNTS",
} as const;

/** An AWS region name, e.g. `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const REGION_RULE = "must be an AWS region name like eu-west-1";
/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const ACCOUNT_ID_RULE = "must be a 12-digit AWS account id";

/**
 * The most regions or accounts the Lambda reads consumer metrics from. Each is
 * at least one CloudWatch call per maintenance run, inside the Lambda's timeout.
 */
export const MAX_CONSUMER_REACH = 20;

/** The consumers' regions and accounts besides the key's own (both empty by default). */
export interface ConsumerReach {
  readonly regions: readonly string[];
  readonly accountIds: readonly string[];
}

/** The variables' values as the component sets them (empty lists set nothing). */
export function consumerReachEnvironment(reach: ConsumerReach): Record<string, string> {
  return {
    ...(reach.regions.length > 0 ? { [ConsumerReachEnv.regions]: reach.regions.join(",") } : {}),
    ...(reach.accountIds.length > 0
      ? { [ConsumerReachEnv.accountIds]: reach.accountIds.join(",") }
      : {}),
  };
}
