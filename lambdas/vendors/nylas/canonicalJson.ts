/**
 * Canonical JSON for Nylas service-account request signing: object keys sorted
 * at every level, no whitespace, otherwise `JSON.stringify` output. The Nylas
 * SDKs (Python `nylas/handler/service_account.py`, Ruby
 * `lib/nylas/handler/service_account_signer.rb`, Node `src/models/serviceAccount.ts`)
 * sign and send exactly these bytes.
 *
 * Deliberate differences from `JSON.stringify`:
 * - Values JSON cannot represent throw a {@link CanonicalJsonError} instead of
 *   being dropped or turned into `null` (`undefined`, functions, symbols,
 *   bigints, `NaN`/`Infinity`, `Map`/`Set`, cycles). A silently dropped field
 *   would be signed and sent without the caller noticing.
 * - Keys sort by Unicode code point (the order of Python's `sorted` and Ruby's
 *   byte-wise sort), not by UTF-16 code unit, and integer-like keys are not
 *   moved to the front as JavaScript property order would do.
 */

/** A value could not be written as canonical JSON. `path` locates it, e.g. `$.data[2].name`. */
export class CanonicalJsonError extends Error {
  /** JSONPath-like location of the offending value (`$` is the root). */
  public readonly path: string;

  public constructor(message: string, path: string) {
    super(message);
    this.name = "CanonicalJsonError";
    this.path = path;
  }
}

/**
 * Serializes `value` as canonical JSON.
 *
 * @param value - any JSON value: `null`, booleans, finite numbers, strings,
 *   arrays and objects of those. Objects with `toJSON` (e.g. `Date`) are
 *   serialized through it, as `JSON.stringify` does.
 * @returns the canonical JSON text.
 * @throws CanonicalJsonError for values JSON cannot represent, naming where they are.
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$", "", new Set<object>());
}

/** Compares two strings by Unicode code point. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  return left.length - right.length;
}

function write(input: unknown, path: string, key: string, ancestors: Set<object>): string {
  const value = applyToJson(input, key);
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(
          `Cannot write ${String(value)} at ${path} as JSON: only finite numbers are allowed`,
          path,
        );
      }
      return JSON.stringify(value);
    case "object":
      return value === null ? "null" : writeObject(value, path, ancestors);
    default:
      throw new CanonicalJsonError(
        `Cannot write a value of type ${typeof value} at ${path} as JSON`,
        path,
      );
  }
}

function applyToJson(value: unknown, key: string): unknown {
  if (typeof value === "object" && value !== null) {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === "function") {
      return (toJson as (this: unknown, key: string) => unknown).call(value, key);
    }
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      return value.valueOf();
    }
  }
  return value;
}

function writeObject(value: object, path: string, ancestors: Set<object>): string {
  if (value instanceof Map || value instanceof Set) {
    throw new CanonicalJsonError(
      `Cannot write a ${value instanceof Map ? "Map" : "Set"} at ${path} as JSON: use a plain object or array`,
      path,
    );
  }
  if (ancestors.has(value)) {
    throw new CanonicalJsonError(
      `Cannot write a circular structure as JSON: ${path} refers back to one of its ancestors`,
      path,
    );
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown, index) =>
        write(item, `${path}[${index}]`, String(index), ancestors),
      );
      return `[${items.join(",")}]`;
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort(compareCodePoints)
      .map(
        (name) =>
          `${JSON.stringify(name)}:${write(record[name], childPath(path, name), name, ancestors)}`,
      );
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(value);
  }
}

function childPath(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}
