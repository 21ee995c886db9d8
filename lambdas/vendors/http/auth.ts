import * as z from "zod/mini";
import "../../contract/schema";
import { ConfigurationError } from "../../contract/errors";
import { headerValueProblem } from "../kit/headerSafety";
import type { HttpOptions } from "./httpOptions";
import { fieldName } from "./optionFields";

/**
 * Authentication of the configurable adapter: the admin credential (its
 * secret's JSON, by `adminAuth` style) for create, list and revoke, and the
 * new key itself (by `verify.auth` style) for verify. Messages never show a
 * credential's value.
 */

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const NOT_HEADER_SAFE =
  "must not contain line breaks, NUL, other control characters or characters beyond U+00FF: it is sent in an HTTP header";

const isHeaderSafe = (value: string): boolean => headerValueProblem(value) === undefined;

const hidden = (text: string) => (issue: { path?: readonly PropertyKey[] }) =>
  `${fieldName(issue.path)} ${text} (value not shown)`;

/**
 * The admin credential secret of the configurable adapter: `{ "token" }`
 * (`adminAuth` "bearer"), `{ "headers": { name: value } }` ("headers") or
 * `{ "username", "password" }` ("basic").
 */
export const httpAdminCredentialSchema = z
  .strictObject(
    {
      token: z.optional(
        z
          .string({ error: hidden("must be a non-empty string") })
          .check(
            z.minLength(1, { error: hidden("must be a non-empty string") }),
            z.refine(isHeaderSafe, { error: hidden(NOT_HEADER_SAFE) }),
          ),
      ),
      headers: z.optional(
        z.record(
          z.string().check(z.regex(HEADER_NAME)),
          z
            .string({ error: hidden("must be a string") })
            .check(z.refine(isHeaderSafe, { error: hidden(NOT_HEADER_SAFE) })),
          {
            error: (issue) =>
              issue.code === "invalid_key"
                ? "`headers` has a key that is not an HTTP header name (value not shown)"
                : hidden("must be an object of header names to values")(issue),
          },
        ),
      ),
      username: z.optional(
        z
          .string({ error: hidden("must be a non-empty string") })
          .check(z.minLength(1, { error: hidden("must be a non-empty string") })),
      ),
      password: z.optional(z.string({ error: hidden("must be a string") })),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `The admin credential has unknown field(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")}; it holds \`token\`, \`headers\`, or \`username\` and \`password\``
          : 'The admin credential must be a JSON object: { "token" }, { "headers": {...} } or { "username", "password" } (value not shown)',
    },
  )
  .check(
    z.refine((c) => c.token !== undefined || c.headers !== undefined || c.username !== undefined, {
      error:
        "The admin credential must hold `token`, `headers`, or `username` and `password` (it holds none of them)",
    }),
  );

/** The admin credential once validated. */
export type HttpAdminCredential = z.infer<typeof httpAdminCredentialSchema>;

/** Header names lower-cased, so later entries override earlier ones whatever their case. */
export function mergeHeaders(
  ...records: ReadonlyArray<Readonly<Record<string, string>> | undefined>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const record of records) {
    for (const [name, value] of Object.entries(record ?? {})) out[name.toLowerCase()] = value;
  }
  return out;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/**
 * The headers that authenticate an admin request, by `adminAuth` style.
 * Throws `ConfigurationError` (naming fields, never values) when the
 * credential lacks what the style needs.
 */
export function adminAuthHeaders(
  style: HttpOptions["adminAuth"],
  credential: HttpAdminCredential,
): Record<string, string> {
  const present = Object.keys(credential).map((k) => `\`${k}\``);
  const fail = (needs: string): never => {
    const problem = `\`adminAuth\` is "${style}", so the admin credential must hold ${needs} (it holds ${present.length ? present.join(", ") : "nothing"})`;
    throw new ConfigurationError(`Invalid http admin credential secret: ${problem}.`, [problem]);
  };
  switch (style) {
    case "bearer":
      return credential.token === undefined
        ? fail("`token`")
        : { authorization: `Bearer ${credential.token}` };
    case "headers":
      return credential.headers === undefined || Object.keys(credential.headers).length === 0
        ? fail("a non-empty `headers` object")
        : mergeHeaders(credential.headers);
    case "basic":
      return credential.username === undefined || credential.password === undefined
        ? fail("`username` and `password`")
        : { authorization: basic(credential.username, credential.password) };
    case "none":
      return {};
  }
}

/** The headers that present `secret` (the key being verified), by `verify.auth` style. */
export function verifyAuthHeaders(
  auth: HttpOptions["verify"]["auth"],
  secret: string,
): Record<string, string> {
  switch (auth.style) {
    case "bearer":
      return { authorization: `${auth.prefix ?? "Bearer "}${secret}` };
    case "header":
      return { [(auth.header ?? "authorization").toLowerCase()]: `${auth.prefix ?? ""}${secret}` };
    case "basic-username":
      return { authorization: basic(secret, auth.password ?? "") };
    case "basic-password":
      return { authorization: basic(auth.username ?? "", secret) };
  }
}
