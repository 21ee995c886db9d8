import { VendorResponseError } from "./errors";
import { warn } from "../../contract/warnings";

/**
 * Reading vendor timestamps into ISO-8601 dates the stored-key schema
 * accepts: years 0000-9999 only. `Date#toISOString` writes later years as
 * `+010000-…` (and throws past ±8.64e15 ms), which the schema rejects, so a
 * "never" sentinel or milliseconds sent as seconds would fail every retry.
 * Here every value has an explicit outcome: a time, absent, beyond year
 * 9999, or not a date at all. For an expiry, beyond 9999 means "never
 * expires" (logged as a warning with the value's magnitude, never a secret)
 * and "not a date" is a `VendorResponseError`.
 */

/** 9999-12-31T23:59:59.999Z: the last instant with a four-digit year. */
export const MAX_ISO_EPOCH_MS = 253_402_300_799_999;
/** 0000-01-01T00:00:00.000Z: the first instant with a four-digit year. */
export const MIN_ISO_EPOCH_MS = -62_167_219_200_000;

/** What a vendor timestamp turned out to be. */
export type TimeReading =
  | { readonly kind: "absent" }
  | { readonly kind: "time"; readonly iso: string }
  /** `magnitude`: the raw value's order of magnitude and unit, e.g. "1.7e+12 seconds". */
  | { readonly kind: "beyond-9999"; readonly magnitude: string }
  /** `reason`: why it is no date, e.g. "not a date string". */
  | { readonly kind: "not-a-date"; readonly reason: string };

const ABSENT: TimeReading = { kind: "absent" };

/** Where a time was read, for warnings and errors. */
export interface TimeSource {
  readonly vendor: string;
  readonly operation: string;
  /** The vendor's field name, e.g. `expires_at`. */
  readonly field: string;
}

/** Epoch milliseconds; `magnitude` describes the raw value for a reading beyond 9999. */
export function readEpochMs(ms: number, magnitude: () => string): TimeReading {
  if (!Number.isFinite(ms)) return { kind: "not-a-date", reason: "not a finite number" };
  if (ms > MAX_ISO_EPOCH_MS) return { kind: "beyond-9999", magnitude: magnitude() };
  if (ms < MIN_ISO_EPOCH_MS) return { kind: "not-a-date", reason: "before year 0000" };
  return { kind: "time", iso: new Date(ms).toISOString() };
}

/** Unix seconds, as most vendors send them. */
export function readUnixSeconds(seconds: number | null | undefined): TimeReading {
  if (seconds === undefined || seconds === null) return ABSENT;
  return readEpochMs(seconds * 1000, () => `${seconds.toExponential(1)} seconds`);
}

/** A date string (ISO-8601, RFC 2822…); empty means absent. */
export function readDateString(value: string | null | undefined): TimeReading {
  if (value === undefined || value === null || value.trim() === "") return ABSENT;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    // Date.parse gives up past ±275,760 years: a long year is still "beyond 9999".
    const year = /^\s*\+?0*(\d{5,})-/.exec(value)?.[1];
    return year === undefined
      ? { kind: "not-a-date", reason: "not a date string" }
      : { kind: "beyond-9999", magnitude: `year ${year}` };
  }
  return readEpochMs(ms, () => `year ${new Date(ms).getUTCFullYear()}`);
}

/**
 * A timestamp of unknown shape: numbers (and numeric strings) are Unix
 * seconds, or milliseconds when above 10^11; other strings are date strings.
 */
export function readVendorTime(value: unknown): TimeReading {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === "number" || (typeof value === "string" && /^\d+(\.\d+)?$/.test(value))) {
    const n = Number(value);
    return n > 1e11
      ? readEpochMs(n, () => `${n.toExponential(1)} milliseconds`)
      : readUnixSeconds(n);
  }
  if (typeof value === "string") return readDateString(value);
  return { kind: "not-a-date", reason: `a ${Array.isArray(value) ? "list" : typeof value}` };
}

/** A creation or last-use time: its ISO date, or `undefined` when there is none to store. */
export function optionalTime(reading: TimeReading): string | undefined {
  return reading.kind === "time" ? reading.iso : undefined;
}

/**
 * A key's expiry: its ISO date; `undefined` when absent or beyond year 9999
 * ("never expires", logged as a warning); a `VendorResponseError` when it is
 * not a date.
 */
export function expiryTime(reading: TimeReading, source: TimeSource): string | undefined {
  const { vendor, operation, field } = source;
  switch (reading.kind) {
    case "absent":
      return undefined;
    case "time":
      return reading.iso;
    case "beyond-9999":
      warn(
        `${vendor} ${operation}: ${field} lies beyond year 9999 (${reading.magnitude}); the key is treated as never expiring`,
        { vendor, operation, field, magnitude: reading.magnitude },
      );
      return undefined;
    case "not-a-date":
      throw new VendorResponseError(
        `${vendor} ${operation} returned an expiry (${field}) that is not a date this engine can store (${reading.reason})`,
        { vendor, operation },
      );
  }
}
