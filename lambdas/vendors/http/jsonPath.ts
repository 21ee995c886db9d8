/**
 * The small, well-defined path syntax the configurable adapter uses to read
 * fields out of vendor responses (no JSONPath library is installed, and the
 * full JSONPath language — filters, wildcards, recursion — is more than a
 * field reference needs):
 *
 * - dotted object keys: `data.attributes.key`;
 * - array indexes in brackets after a key or another index: `result[0].id`, `rows[1][0]`;
 * - an optional leading `$` for the root: `$.data`, `$[0].id` (`$` followed by
 *   anything else is part of a key: `$oid`);
 * - `""` or `$` alone: the whole body.
 *
 * A key is any run of characters other than `.`, `[`, `]` and whitespace.
 * Only a value's own properties are read (never `__proto__` or inherited ones).
 */

/** One step of a parsed path: an object key or an array index. */
export type JsonPathSegment = string | number;

/** A parsed path; empty = the whole value. */
export type JsonPath = readonly JsonPathSegment[];

/** How the syntax reads, for validation messages. */
export const JSON_PATH_SYNTAX =
  'dotted keys with optional [n] indexes, e.g. "data.attributes.key" or "result[0].id" ("" for the whole body)';

const KEY = /^[^.[\]\s]+/;
const INDEX = /^\[(\d{1,9})\]/;

/** Parses `text`; `undefined` when it does not follow the syntax above. */
export function parseJsonPath(text: string): JsonPath | undefined {
  if (text === "" || text === "$") return [];
  let rest = text.startsWith("$.") ? text.slice(2) : text.startsWith("$[") ? text.slice(1) : text;
  const segments: JsonPathSegment[] = [];
  while (rest !== "") {
    const index = INDEX.exec(rest);
    if (index?.[1] !== undefined) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    if (segments.length > 0) {
      if (!rest.startsWith(".")) return undefined;
      rest = rest.slice(1);
    }
    const key = KEY.exec(rest);
    if (key === null) return undefined;
    segments.push(key[0]);
    rest = rest.slice(key[0].length);
  }
  return segments;
}

/** Whether `text` is a valid path. */
export function isJsonPath(text: string): boolean {
  return parseJsonPath(text) !== undefined;
}

/**
 * The value at `path` in `value`, or `undefined` when any step is missing
 * (a key on a non-object, an index on a non-array or out of range).
 */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (typeof segment === "number") {
      if (!Array.isArray(current)) return undefined;
      current = (current as unknown[])[segment];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current)) {
        return undefined;
      }
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** Parses `text` (already validated by the options schema) and reads it from `value`. */
export function readPath(value: unknown, text: string): unknown {
  const path = parseJsonPath(text);
  if (path === undefined) throw new Error(`invalid JSON path "${text}"`);
  return readJsonPath(value, path);
}
