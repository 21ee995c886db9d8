/** The generated cost table of the README: bench/cost's estimate per variant. */
import type { VariantCost } from "../../bench/cost/costPerKey";
import type { PriceTable } from "../../bench/cost/prices";
import { FLEET_TARGET_USD_PER_KEY_MONTH, type FleetCost } from "../../bench/cost/fleetCost";
import type { FleetUsage, UsageAssumptions } from "../../bench/cost/usage";
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

/** What the fleet table shows: a key with its own function, fleets of several sizes, and where the target is met. */
export interface FleetCostTableInput {
  readonly own: VariantCost;
  readonly fleets: readonly FleetCost[];
  readonly usage: UsageAssumptions;
  readonly fleet: FleetUsage;
  /** The fewest members at which a fleet key costs no more than the target. */
  readonly targetFrom: number | undefined;
  /** The fewest members at which a fleet key costs no more than a key with its own function. */
  readonly cheaperFrom: number | undefined;
}

/** Items as rows, $/key-month for a key's own function and each fleet size as columns; then the fleet's assumptions. */
export function fleetCostSection(input: FleetCostTableInput): string {
  const { own, fleets, usage, fleet } = input;
  const n = (value: number) => value.toLocaleString("en-US");
  const rows = own.lines.map((line, i) => [
    line.item,
    usd(line.usdPerMonth),
    ...fleets.map((f) => usd((f.lines[i]?.usdPerMonth ?? 0) / f.members)),
  ]);
  rows.push([
    "**Total per key and month**",
    `**${usd(own.usdPerMonth)}**`,
    ...fleets.map((f) => `**${usd(f.usdPerKeyMonth)}**`),
  ]);
  const largest = fleets[fleets.length - 1];
  const from = (members: number | undefined) =>
    members === undefined ? "at no size up to 1,000 keys" : `from ${n(members)} keys on`;
  return [
    table(
      [
        "Item, per key and month",
        "Own function, any number of keys",
        ...fleets.map((f) => `Fleet of ${n(f.members)} ${f.members === 1 ? "key" : "keys"}`),
      ],
      rows,
    ),
    `A fleet is priced as its own resources once (function, log group, schedule, ${largest?.lines.find((l) => l.item === "CloudWatch alarms")?.quantity ?? "alarms"}, topic, dashboard) plus each member's secret and rotation (its resource policy, retire invocation and failure rule are free), both constructed under Pulumi mocks; the total is shared out per key. One maintenance schedule serves the fleet: each run lists the members (one \`ListSecrets\` call per ${fleet.membersPerListPage}) and makes ${fleet.secretsManagerCallsPerMemberPerRun} Secrets Manager calls and ${n(fleet.logBytesPerMemberPerRun)} bytes of logs per member (both measured against moto by \`npm run bench\`), ${fleet.concurrency} members at a time, each taking ${usage.billedMsPerInvocation} ms as a key's own run is assumed to. The monitor's gauges and the rotation metrics carry the \`Fleet\` dimension instead of the secret's name, so the fleet pays for one set of metrics (plus ${fleet.metricsPerRun} fleet metrics), not one per key. Target (issue 14): a key in a fleet costs at most about twice the secret's own $0.40, ${usd(FLEET_TARGET_USD_PER_KEY_MONTH)} a month: met ${from(input.targetFrom)}; a fleet key costs no more than a key with its own function ${from(input.cheaperFrom)}. The secret itself is then most of the bill. Other usage and the prices are those of the table above.`,
  ].join("\n\n");
}
