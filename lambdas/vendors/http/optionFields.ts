import * as z from "zod/mini";
import "../../contract/schema";
import { LOOPBACK_HTTP } from "../kit/transport";
import { JSON_PATH_SYNTAX, isJsonPath } from "./jsonPath";
import type { JsonValue } from "./templates";

/**
 * Field schemas and messages of the configurable adapter's options. Every
 * message names the field by its full path in backticks, says what is
 * allowed and what was received: `create.path` must be a path starting with
 * "/" … (received "v1/keys"). Header values are never echoed.
 */

type IssuePath = readonly PropertyKey[] | undefined;

/** `a.b[0].c` in backticks; the options themselves at the root. */
export function fieldName(path: IssuePath): string {
  if (path === undefined || path.length === 0) return "the http adapter's options";
  const text = path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
  return `\`${text}\``;
}

/** What was received, briefly: strings quoted (cut at 60 characters), containers by kind. */
export function received(input: unknown): string {
  if (input === undefined) return "nothing";
  if (typeof input === "string") {
    return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
  }
  if (Array.isArray(input)) {
    return input.length === 0 ? "an empty list" : `a list of ${input.length} item(s)`;
  }
  if (input === null || typeof input !== "object") return String(input);
  return "an object";
}

interface IssueLike {
  readonly path?: IssuePath;
  readonly input?: unknown;
}

/** An error function: "<field> <rule> (received <value>)". */
export function rule(text: string, options: { readonly hideValue?: boolean } = {}) {
  return (issue: IssueLike): string =>
    `${fieldName(issue.path)} ${text} (${options.hideValue ? "value not shown" : `received ${received(issue.input)}`})`;
}

/** A strict object whose unknown keys are named, with the keys allowed. */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, what: string) {
  const allowed = Object.keys(shape)
    .map((k) => `\`${k}\``)
    .join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.path?.length ? `${fieldName(issue.path)} has` : "The options have"} unknown option(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}; allowed: ${allowed}`
        : `${fieldName(issue.path)} must be an object: ${what} (received ${received(issue.input)})`,
  });
}

/** A non-empty string. */
export function nonEmptyText(what: string) {
  const error = rule(`must be a non-empty string: ${what}`);
  return z.string({ error }).check(z.minLength(1, { error }));
}

/** One of `values`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: rule(`must be one of ${values.map((v) => `"${v}"`).join(", ")}`),
  });
}

/** A whole number in [min, max]. */
export function wholeNumber(min: number, max: number, what: string) {
  const error = rule(`must be a whole number from ${min} to ${max}: ${what}`);
  return z
    .number({ error })
    .check(z.refine(Number.isInteger, { error }), z.gte(min, { error }), z.lte(max, { error }));
}

/** A request path: starts with `/`, no query string or fragment (query parameters go in `query`). */
export const urlPath = z
  .string({ error: rule('must be a path starting with "/", e.g. "/v1/keys/{keyId}"') })
  .check(
    z.regex(/^\/[^?#\s]*$/, {
      error: rule(
        'must be a path starting with "/", without "?", "#" or spaces (put query parameters in `query`)',
      ),
    }),
  );

/** The vendor's API root: https, or plain http on loopback only; no credentials in it. */
export const baseUrl = z
  .url({ error: rule('must be an absolute URL such as "https://api.example.com"') })
  .check(
    z.refine((u) => u.startsWith("https://") || LOOPBACK_HTTP.test(u), {
      error: rule("must use https (plain http is allowed only on loopback, for simulators)"),
    }),
    z.refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), {
      error: rule(
        "must not hold a user name or password (put credentials in the admin credential secret)",
        {
          hideValue: true,
        },
      ),
    }),
    z.refine((u) => !/[?#]/.test(u), {
      error: rule('must not hold "?" or "#" (put query parameters in `query`)'),
    }),
  );

/** A path into a JSON response (see `jsonPath.ts`). */
export const jsonPathField = z
  .string({ error: rule(`must be a JSON path: ${JSON_PATH_SYNTAX}`) })
  .check(z.refine(isJsonPath, { error: rule(`must be a JSON path: ${JSON_PATH_SYNTAX}`) }));

/** A non-empty list of HTTP statuses. */
export function statuses(fallback: readonly number[], what: string) {
  const error = rule(`must be a non-empty list of HTTP statuses (100-599): ${what}`);
  const each = rule("must be an HTTP status: a whole number from 100 to 599");
  return z._default(
    z
      .array(
        z.int({ error: each }).check(z.gte(100, { error: each }), z.lte(599, { error: each })),
        {
          error,
        },
      )
      .check(z.minLength(1, { error })),
    [...fallback],
  );
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header templates by name; values are never echoed in messages (they may be sensitive). */
export const headerRecord = z.record(
  z.string().check(z.regex(HEADER_NAME)),
  z.string({ error: rule("must be a string header value", { hideValue: true }) }).check(
    z.refine((v) => !/[\r\n]/.test(v), {
      error: rule("must not contain line breaks", { hideValue: true }),
    }),
  ),
  {
    error: (issue) =>
      issue.code === "invalid_key"
        ? `${fieldName(issue.path?.slice(0, -1))} has an invalid header name ${received(issue.path?.at(-1))}: use letters, digits and !#$%&'*+-.^_\`|~`
        : rule("must be an object of header names to values")(issue),
  },
);

/** Query parameter templates by name. */
export const queryRecord = z.record(
  z.string(),
  z.string({ error: rule("must be a string query value") }),
  {
    error: rule("must be an object of query parameter names to values"),
  },
);

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 20) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (
    (proto === Object.prototype || proto === null) &&
    Object.values(value).every((v) => isJsonValue(v, depth + 1))
  );
}

/** A JSON body template. */
export const jsonTemplate = z.custom<JsonValue>((v) => isJsonValue(v), {
  error: rule(
    "must be a JSON value (an object, list, string, number, boolean or null) of at most 20 levels",
  ),
});

/** A regular expression given as text; matched case-insensitively. */
export const patternField = z
  .string({ error: rule("must be a regular expression as a string") })
  .check(
    z.refine(
      (p) => {
        try {
          new RegExp(p, "i");
          return p.length > 0;
        } catch {
          return false;
        }
      },
      { error: rule("must be a valid, non-empty regular expression") },
    ),
  );
