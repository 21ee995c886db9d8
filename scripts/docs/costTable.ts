/** The generated cost table of the README: bench/cost's estimate per variant. */
import type { VariantCost } from "../../bench/cost/costPerKey";
import type { PriceTable } from "../../bench/cost/prices";
import type { UsageAssumptions } from "../../bench/cost/usage";
import { table } from "./markdown";

/** Dollars as a bill shows them, with amounts under a cent shown as such. */
export function usd(value: number): string {
  if (value === 0) return "$0";
  if (value < 0.01) return "< $0.01";
  return `$${value.toFixed(2)}`;
}

/** Items as rows, variants as columns, the total last; then the assumptions and the prices' date. */
export function costSection(
  costs: readonly VariantCost[],
  usage: UsageAssumptions,
  prices: PriceTable,
): string {
  const [first] = costs;
  if (first === undefined) throw new Error("No cost variants to show.");
  const rows = first.lines.map((line, i) => [
    `${line.item}: ${line.quantity}`,
    ...costs.map((c) => usd(c.lines[i]?.usdPerMonth ?? 0)),
  ]);
  rows.push(["**Total per key and month**", ...costs.map((c) => `**${usd(c.usdPerMonth)}**`)]);
  const assumptions = [
    `${first.rotationsPerMonth.toFixed(2)} rotations a month (the default 30-day schedule), ${usage.invocationsPerRotation} invocations each`,
    `${usage.secretsManagerCallsPerRotation} Secrets Manager calls per rotation and ${usage.secretsManagerCallsPerMaintenanceRun} per maintenance run (both measured by \`npm run bench\`, the function started cold)`,
    `${usage.billedMsPerInvocation} ms billed per invocation at the function's memory and ${usage.logBytesPerInvocation / 1024} KB of logs each (estimates: vendor round trips dominate)`,
    `${usage.metricsPerMaintenanceRun} monitor gauges every maintenance run, ${usage.metricsPerRotation} rotation metrics in the hour of each rotation (custom metrics are prorated by the hour)`,
    `${usage.notificationsPerMonth} notifications a month`,
  ];
  return [
    table(
      ["Item (quantity in the default configuration)", ...costs.map((c) => c.variant.title)],
      rows,
    ),
    `Quantities are for the defaults; each column prices the resources that configuration registers. Assumptions: ${assumptions.join("; ")}. Prices: ${prices.region} list prices in ${prices.currency} as of ${prices.asOf} (${prices.sources.map((s) => s.replace(/ \(.*\)$/, "")).join(", ")}), without free tiers (the first 3 dashboards of an account are free, for example, so a small account pays less). They live in \`bench/awsPrices.json\`; the model is \`bench/cost/\`.`,
  ].join("\n\n");
}
