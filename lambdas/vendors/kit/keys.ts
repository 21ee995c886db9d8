import { VendorResponseError } from "./errors";
import type { VendorKey } from "./adapter";
import {
  expiryTime,
  optionalTime,
  readDateString,
  readUnixSeconds,
  type TimeSource,
} from "./vendorTimes";

/**
 * Building `VendorKey`s from vendor records (their times as date strings or
 * Unix seconds), and reading paged key listings with a bound on the pages read.
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

/**
 * A vendor's date string (ISO-8601, RFC 2822…) as ISO-8601, for a creation or
 * last-use time: unparseable or unstorable ones (beyond year 9999) are
 * dropped. Expiries go through {@link expiryFromDateString}.
 */
export function isoFromDateString(value: string | null | undefined): string | undefined {
  return optionalTime(readDateString(value));
}

/**
 * A key's expiry as a date string to ISO-8601: `undefined` when absent or
 * beyond year 9999 (never expires; a warning is logged); a
 * `VendorResponseError` when it is not a date.
 */
export function expiryFromDateString(
  value: string | null | undefined,
  source: TimeSource,
): string | undefined {
  return expiryTime(readDateString(value), source);
}

/**
 * Unix seconds (as vendors send them) to ISO-8601, for a creation or last-use
 * time: `undefined` when absent or not storable (beyond year 9999). Expiries
 * go through {@link expiryFromUnixSeconds}.
 */
export function isoFromUnixSeconds(seconds: number | null | undefined): string | undefined {
  return optionalTime(readUnixSeconds(seconds));
}

/**
 * A key's expiry in Unix seconds to ISO-8601: `undefined` when absent or
 * beyond year 9999 (never expires; a warning is logged); a
 * `VendorResponseError` when it is not a storable date.
 */
export function expiryFromUnixSeconds(
  seconds: number | null | undefined,
  source: TimeSource,
): string | undefined {
  return expiryTime(readUnixSeconds(seconds), source);
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
