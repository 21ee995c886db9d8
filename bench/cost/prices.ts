/** The AWS list prices of bench/awsPrices.json, typed. */
import awsPrices from "../awsPrices.json";

/** One list price: `usd` per `quantity` (default 1) of what `per` says. */
export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly quantity?: number;
  readonly source: string;
}

export type PriceName = keyof typeof awsPrices.prices;

/** The price table: where and when the prices were read, and the prices. */
export interface PriceTable {
  readonly region: string;
  readonly currency: string;
  /** The date the prices were read from the sources. */
  readonly asOf: string;
  readonly sources: readonly string[];
  readonly prices: Readonly<Record<PriceName, Price>>;
}

export const AWS_PRICES: PriceTable = awsPrices;

/** The price of `amount` units of a priced item. */
export function priceOf(table: PriceTable, name: PriceName, amount: number): number {
  const price = table.prices[name];
  return (price.usd * amount) / (price.quantity ?? 1);
}
