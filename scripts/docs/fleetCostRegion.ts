/** The README's fleet cost region: a key's own function next to fleets of 1, 100 and 1,000 keys. */
import { COST_VARIANTS, costPerKey } from "../../bench/cost/costPerKey";
import {
  FLEET_TARGET_USD_PER_KEY_MONTH,
  fleetCostPerKey,
  smallestFleetAtMost,
} from "../../bench/cost/fleetCost";
import { AWS_PRICES } from "../../bench/cost/prices";
import { defaultFleetUsage, defaultUsage } from "../../bench/cost/usage";
import { fleetCostSection } from "./costTable";

export async function renderFleetCost(): Promise<string> {
  const usage = defaultUsage();
  const fleet = defaultFleetUsage();
  const [own] = await costPerKey(usage, AWS_PRICES, COST_VARIANTS.slice(0, 1));
  if (own === undefined) throw new Error("No cost variants to compare a fleet with.");
  const fleets = await fleetCostPerKey(usage, fleet, AWS_PRICES);
  const targetFrom = await smallestFleetAtMost(FLEET_TARGET_USD_PER_KEY_MONTH, usage, fleet);
  const cheaperFrom = await smallestFleetAtMost(own.usdPerMonth, usage, fleet);
  return fleetCostSection({ own, fleets, usage, fleet, targetFrom, cheaperFrom });
}
