/**
 * $/key-month of keys in a `RotationFleet`: the fleet's resources once plus
 * N × a member's, priced with the fleet's usage (one maintenance schedule
 * walking every member, per-fleet metrics, alarms and dashboard), for the
 * fleet sizes the README's table and `npm run bench` show.
 */
import type { RotatedApiKeyArgs, RotationFleetArgs } from "../../components";
import { estimateCost, type CostEstimate } from "./costModel";
import { deployFleetUnderMocks, fleetOf } from "./keyResources";
import { AWS_PRICES, type PriceTable } from "./prices";
import {
  defaultFleetUsage,
  defaultUsage,
  rotationsPerMonth,
  type FleetUsage,
  type UsageAssumptions,
} from "./usage";

/** The fleet sizes priced. */
export const FLEET_SIZES: readonly number[] = [1, 100, 1_000];

/** The target of issue 14: a key in a fleet costs about twice the secret's own price at most. */
export const FLEET_TARGET_USD_PER_KEY_MONTH = 0.8;

const TAGS = { owner: "platform-team", purpose: "cost model", environment: "prod" };

/** The fleet priced: defaults, the admin credential in an existing secret. */
export const COST_FLEET_ARGS: RotationFleetArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "cost-model" },
  adminCredentialSecretArn:
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas/admin-credential-AbCdEf",
  tags: TAGS,
};

/** A member with default settings (`fleet` is added when it is constructed). */
export const COST_MEMBER_ARGS: RotatedApiKeyArgs = { vendor: "nylas", tags: TAGS };

/** One fleet size's estimate: the whole fleet's bill and its share per key. */
export interface FleetCost extends CostEstimate {
  readonly members: number;
  readonly usdPerKeyMonth: number;
  readonly rotationsPerMonth: number;
}

/** Prices a fleet of each of `sizes` members (the fleet and one member constructed under Pulumi mocks once). */
export async function fleetCostPerKey(
  usage: UsageAssumptions = defaultUsage(),
  fleet: FleetUsage = defaultFleetUsage(),
  prices: PriceTable = AWS_PRICES,
  sizes: readonly number[] = FLEET_SIZES,
): Promise<FleetCost[]> {
  const price = await fleetPricer(usage, fleet, prices);
  return sizes.map(price);
}

/**
 * The fewest members at which a key in the fleet costs at most `usdPerKeyMonth`
 * (searched up to `limit`); undefined when no size up to it does.
 */
export async function smallestFleetAtMost(
  usdPerKeyMonth: number,
  usage: UsageAssumptions = defaultUsage(),
  fleet: FleetUsage = defaultFleetUsage(),
  prices: PriceTable = AWS_PRICES,
  limit = 1_000,
): Promise<number | undefined> {
  const price = await fleetPricer(usage, fleet, prices);
  for (let members = 1; members <= limit; members++) {
    if (price(members).usdPerKeyMonth <= usdPerKeyMonth) return members;
  }
  return undefined;
}

async function fleetPricer(
  usage: UsageAssumptions,
  fleet: FleetUsage,
  prices: PriceTable,
): Promise<(members: number) => FleetCost> {
  const deployment = await deployFleetUnderMocks("cost", COST_FLEET_ARGS, COST_MEMBER_ARGS);
  const rotations = usage.rotationsPerMonth ?? rotationsPerMonth(deployment.rotationIntervalHours);
  return (members) => {
    const estimate = estimateCost(
      fleetOf(deployment, members),
      { ...usage, rotationsPerMonth: rotations, fleet },
      prices,
    );
    return {
      members,
      rotationsPerMonth: rotations,
      usdPerKeyMonth: estimate.usdPerMonth / members,
      ...estimate,
    };
  };
}

/** The fleet part of `costPerKey` in bench/results.json: $/key-month per fleet size, and the target. */
export function fleetCostFigures(costs: readonly FleetCost[]): Record<string, unknown> {
  const perKey = Object.fromEntries(
    costs.map((c) => [String(c.members), Math.round(c.usdPerKeyMonth * 100) / 100]),
  );
  const largest = costs.reduce<FleetCost | undefined>(
    (a, c) => (a === undefined || c.members > a.members ? c : a),
    undefined,
  );
  return {
    usdPerKeyMonth: perKey,
    target: `<= ${FLEET_TARGET_USD_PER_KEY_MONTH} at ${largest?.members ?? 0} keys`,
    targetMet: largest !== undefined && largest.usdPerKeyMonth <= FLEET_TARGET_USD_PER_KEY_MONTH,
  };
}
