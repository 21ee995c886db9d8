import { VendorResponseError } from "../rotation/errors";
import type { VendorKey } from "./adapter";

/**
 * Building `VendorKey`s from vendor records, and reading paged key listings
 * with a bound on the pages read.
 */

/** The optional times of a key, as ISO-8601 (undefined when the vendor gives none). */
export interface KeyTimes {
  readonly createdAt?: string | undefined;
  readonly expiresAt?: string | undefined;
  readonly lastUsedAt?: string | undefined;
}

/** A `VendorKey` carrying only the times that are known. */
export function vendorKey(id: string, name: string, times: KeyTimes = {}): VendorKey {
  const { createdAt, expiresAt, lastUsedAt } = times;
  return {
    id,
    name,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
  };
}

/** A vendor's date string (ISO-8601, RFC 2822…) as ISO-8601; unparseable ones are dropped. */
export function isoFromDateString(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** One page of a key listing, and where the next one is (none: the listing is complete). */
export interface KeyPage<C> {
  readonly keys: readonly VendorKey[];
  readonly next?: C | undefined;
}

/** How to read a paged key listing. */
export interface PagedListing<C> {
  readonly vendor: string;
  /** Where the first page is. */
  readonly first: C;
  /** Pages read before the listing is refused as runaway. */
  readonly maxPages: number;
  /** Reads the page at `cursor`. */
  readonly page: (cursor: C) => Promise<KeyPage<C>>;
  /** The message of the `VendorResponseError` thrown when `maxPages` pages still report more. */
  readonly runaway: string;
}

/** Every key of every page, in order, reading at most `maxPages` pages. */
export async function readKeyPages<C>(listing: PagedListing<C>): Promise<VendorKey[]> {
  const keys: VendorKey[] = [];
  let cursor: C | undefined = listing.first;
  for (let page = 0; page < listing.maxPages && cursor !== undefined; page++) {
    const current: KeyPage<C> = await listing.page(cursor);
    keys.push(...current.keys);
    cursor = current.next;
  }
  if (cursor !== undefined) {
    throw new VendorResponseError(listing.runaway, {
      vendor: listing.vendor,
      operation: "listKeys",
    });
  }
  return keys;
}
