import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import "../../contract/schema";

/**
 * Whether a value can travel in an HTTP header. Node's fetch refuses a header
 * value with a line break or NUL, and its error quotes the whole value (a
 * credential!) in its message; characters beyond U+00FF fail too. So
 * credentials are checked here, before any request, and refused with
 * messages that name the field or header, never the value.
 */

/** What makes `value` unusable in a header, or `undefined` when it is header-safe. */
export function headerValueProblem(value: string): string | undefined {
  let problem: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x0a || code === 0x0d) return "a line break";
    if (code === 0) problem ??= "a NUL character";
    else if ((code < 0x20 && code !== 0x09) || code === 0x7f) problem ??= "a control character";
    else if (code > 0xff) problem ??= "a character beyond U+00FF";
  }
  return problem;
}

/**
 * A check for a credential field sent in a header (or used to build one):
 * refuses line breaks, NUL, other control characters and characters beyond
 * U+00FF, naming the field and never its value. Put it first among a field's
 * checks: it stops the others, whose messages would only add noise.
 */
export function headerSafe(field: string): zc.$ZodCheck<string> {
  return z.superRefine((value: string, ctx) => {
    const problem = headerValueProblem(value);
    if (problem !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `\`${field}\` contains ${problem}, which cannot be sent in an HTTP header (value not shown)`,
        continue: false,
      });
    }
  });
}

/**
 * A required credential field sent in a header (or used to build one): a
 * string ("`field` is required"), {@link headerSafe} first, then the vendor's
 * own `checks` of its format.
 */
export function headerCredential(
  field: string,
  ...checks: zc.$ZodCheck<string>[]
): z.ZodMiniString<string> {
  return z.string({ error: `\`${field}\` is required` }).check(headerSafe(field), ...checks);
}
