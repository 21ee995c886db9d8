/**
 * $/key-month for the component's default configuration and a few variants:
 * what the README's cost table shows and `npm run bench` records.
 */
import type { RotatedApiKeyArgs } from "../../components";
import { estimateCost, type CostEstimate } from "./costModel";
import { deployUnderMocks } from "./keyResources";
import { AWS_PRICES, type PriceTable } from "./prices";
import { defaultUsage, rotationsPerMonth, type UsageAssumptions } from "./usage";

/** One configuration the table prices. */
export interface CostVariant {
  readonly id: string;
  /** The column heading. */
  readonly title: string;
  readonly args: RotatedApiKeyArgs;
}

const BASE: RotatedApiKeyArgs = {
  vendor: "nylas",
  vendorOptions: { applicationId: "cost-model" },
  adminCredentialSecretArn:
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas/admin-credential-AbCdEf",
  tags: { owner: "platform-team", purpose: "cost model", environment: "prod" },
};

/** Defaults (admin credential in an existing secret, which keys may share), then the variants. */
export const COST_VARIANTS: readonly CostVariant[] = [
  { id: "defaults", title: "Defaults", args: BASE },
  {
    id: "adminCredential",
    title: "Defaults, `adminCredential` stored by the component",
    args: {
      ...BASE,
      adminCredentialSecretArn: undefined,
      adminCredential: JSON.stringify({
        private_key_id: "cost-model",
        private_key: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----",
      }),
    },
  },
  {
    id: "dashboardOff",
    title: "Dashboard off",
    args: { ...BASE, alarms: { dashboard: { enabled: false } } },
  },
  { id: "alarmsOff", title: "Alarms off", args: { ...BASE, alarms: { enabled: false } } },
];

/** One variant's estimate. */
export interface VariantCost extends CostEstimate {
  readonly variant: CostVariant;
  readonly rotationsPerMonth: number;
}

/** Prices every variant (each constructed under Pulumi mocks). */
export async function costPerKey(
  usage: UsageAssumptions = defaultUsage(),
  prices: PriceTable = AWS_PRICES,
  variants: readonly CostVariant[] = COST_VARIANTS,
): Promise<VariantCost[]> {
  const costs: VariantCost[] = [];
  for (const variant of variants) {
    const deployment = await deployUnderMocks("key", variant.args);
    const rotations =
      usage.rotationsPerMonth ?? rotationsPerMonth(deployment.rotationIntervalHours);
    const estimate = estimateCost(
      deployment.resources,
      { ...usage, rotationsPerMonth: rotations },
      prices,
    );
    costs.push({ variant, rotationsPerMonth: rotations, ...estimate });
  }
  return costs;
}

/** The figures `npm run bench` records: $/key-month per variant, rounded to the cent. */
export function costFigures(costs: readonly VariantCost[]): Record<string, unknown> {
  return {
    pricesAsOf: AWS_PRICES.asOf,
    usdPerKeyMonth: Object.fromEntries(
      costs.map((c) => [c.variant.id, Math.round(c.usdPerMonth * 100) / 100]),
    ),
  };
}
