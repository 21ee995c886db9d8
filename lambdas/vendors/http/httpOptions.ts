import * as z from "zod/mini";
import "../../contract/schema";
import { checkOptions } from "./optionChecks";
import {
  baseUrl,
  headerRecord,
  jsonPathField,
  jsonTemplate,
  nonEmptyText,
  oneOf,
  patternField,
  queryRecord,
  rule,
  statuses,
  strictObject,
  urlPath,
  wholeNumber,
} from "./optionFields";

/**
 * Options of the configurable HTTP adapter (`ROTATION_VENDOR=http`), as
 * `ROTATION_VENDOR_OPTIONS` JSON and as the component's `vendorOptions`.
 * docs/httpAdapter.md describes every field; the output keeps the input's
 * shape (defaults filled in), so it can be validated again.
 */

/** Default JSON paths tried, in order, for a vendor's error text. */
export const DEFAULT_ERROR_PATHS = [
  "error.message",
  "errors[0].message",
  "errors[0].detail",
  "message",
  "error_description",
  "detail",
  "error",
  "errors[0]",
] as const;

const bodyFormat = z._default(oneOf(["json", "form"]), "json");

function requestFields<const M extends readonly [string, ...string[]]>(
  methods: M,
  method: M[number],
) {
  return {
    method: z._default(oneOf(methods), method),
    path: urlPath,
    query: z.optional(queryRecord),
    headers: z.optional(headerRecord),
    body: z.optional(jsonTemplate),
    bodyFormat,
  };
}

const createResponse = strictObject(
  {
    id: jsonPathField,
    secret: jsonPathField,
    name: z.optional(jsonPathField),
    createdAt: z.optional(jsonPathField),
    expiresAt: z.optional(jsonPathField),
  },
  "JSON paths of the new key's `id` and `secret` (and optionally `name`, `createdAt`, `expiresAt`)",
);

const listFields = strictObject(
  {
    id: jsonPathField,
    name: jsonPathField,
    createdAt: z.optional(jsonPathField),
    expiresAt: z.optional(jsonPathField),
    lastUsedAt: z.optional(jsonPathField),
  },
  "JSON paths, inside one listed key, of its `id` and `name` (and optionally `createdAt`, `expiresAt`, `lastUsedAt`)",
);

/** The pagination styles of `list.pagination.style`. */
export const PAGINATION_STYLES = ["none", "page", "nextUrl", "cursor"] as const;

const pagination = strictObject(
  {
    style: oneOf(PAGINATION_STYLES),
    pageParam: z.optional(nonEmptyText("the query parameter carrying the page number")),
    firstPage: z.optional(wholeNumber(0, 1, "the number of the first page")),
    totalPagesPath: z.optional(jsonPathField),
    nextUrlFrom: z.optional(oneOf(["body", "linkHeader"])),
    nextUrlPath: z.optional(jsonPathField),
    cursorParam: z.optional(nonEmptyText("the query parameter carrying the cursor")),
    cursorPath: z.optional(jsonPathField),
    hasMorePath: z.optional(jsonPathField),
    sizeParam: z.optional(nonEmptyText("the query parameter carrying the page size")),
    pageSize: z.optional(wholeNumber(1, 1000, "keys asked for per page")),
  },
  'how the key list is paged, e.g. { "style": "cursor", "cursorParam": "after", "cursorPath": "last_id" }',
);

const activeWhen = strictObject(
  {
    path: jsonPathField,
    equals: z.union([z.string(), z.number(), z.boolean()], {
      error: rule("must be a string, number or boolean"),
    }),
  },
  'which listed keys count as active, e.g. { "path": "status", "equals": "active" }',
);

/** The ways `verify` can present the new key. */
export const VERIFY_AUTH_STYLES = ["bearer", "header", "basic-username", "basic-password"] as const;

const verifyAuth = strictObject(
  {
    style: oneOf(VERIFY_AUTH_STYLES),
    header: z.optional(
      z
        .string({ error: rule("must be a header name") })
        .check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: rule("must be a header name") })),
    ),
    prefix: z.optional(
      z.string({ error: rule('must be a string put before the key, e.g. "Token "') }),
    ),
    username: z.optional(z.string({ error: rule("must be a string: the basic-auth user name") })),
    password: z.optional(
      z.string({ error: rule("must be a string: the basic-auth password", { hideValue: true }) }),
    ),
  },
  'how the new key is presented, e.g. { "style": "header", "header": "X-Api-Key" }',
);

/** The admin authentication styles of `adminAuth`. */
export const ADMIN_AUTH_STYLES = ["bearer", "headers", "basic", "none"] as const;

const optionsShape = strictObject(
  {
    baseUrl,
    variables: z.optional(
      z.record(z.string(), z.string({ error: rule("must be a string") }), {
        error: rule("must be an object of variable names to string values"),
      }),
    ),
    headers: z.optional(headerRecord),
    adminAuth: z._default(oneOf(ADMIN_AUTH_STYLES), "bearer"),
    expiryFormat: z._default(oneOf(["days", "seconds", "iso", "date", "none"]), "none"),
    maxActiveKeys: z.optional(wholeNumber(1, 100_000, "the vendor's cap on active keys")),
    capReached: z.optional(
      strictObject(
        {
          statuses: statuses([403], "statuses of the vendor's cap refusal"),
          bodyPattern: z.optional(patternField),
        },
        'how the vendor refuses a key over its cap, e.g. { "statuses": [400], "bodyPattern": "limit" }',
      ),
    ),
    errorPaths: z._default(
      z
        .array(jsonPathField, {
          error: rule("must be a list of JSON paths to the vendor's error text"),
        })
        .check(z.minLength(1, { error: rule("must not be empty") })),
      [...DEFAULT_ERROR_PATHS],
    ),
    create: strictObject(
      {
        ...requestFields(["POST", "PUT", "PATCH"], "POST"),
        body: z._default(jsonTemplate, { name: "{name}" }),
        successStatuses: statuses([200, 201], "statuses of a created key"),
        response: createResponse,
      },
      'the create-key request, e.g. { "path": "/v1/keys", "response": { "id": "id", "secret": "key" } }',
    ),
    list: strictObject(
      {
        ...requestFields(["GET", "POST"], "GET"),
        successStatuses: statuses([200], "statuses of a key list"),
        items: jsonPathField,
        fields: listFields,
        activeWhen: z.optional(activeWhen),
        pagination: z._default(pagination, { style: "none" }),
        maxPages: z._default(wholeNumber(1, 1000, "pages read before giving up"), 50),
      },
      'the list-keys request, e.g. { "path": "/v1/keys", "items": "data", "fields": { "id": "id", "name": "name" } }',
    ),
    revoke: strictObject(
      {
        ...requestFields(["DELETE", "POST", "PUT", "PATCH"], "DELETE"),
        successStatuses: statuses([200, 202, 204], "statuses of a revoked key"),
        goneStatuses: statuses([404], "statuses meaning the key is already gone"),
      },
      'the revoke-key request, e.g. { "path": "/v1/keys/{keyId}" }',
    ),
    verify: strictObject(
      {
        ...requestFields(["GET", "POST"], "GET"),
        auth: z._default(verifyAuth, { style: "bearer" }),
        successStatuses: statuses([200], "statuses of a working key"),
        rejectedStatuses: statuses([401, 403], "statuses of a key that does not work (yet)"),
      },
      'a cheap call made with the new key, e.g. { "path": "/v1/me" }',
    ),
  },
  "{ baseUrl, create, list, revoke, verify, … } (see docs/httpAdapter.md)",
);

/** Validated options of the configurable HTTP adapter. */
export type HttpOptions = z.infer<typeof optionsShape>;

/**
 * The `ROTATION_VENDOR_OPTIONS` schema of the configurable HTTP adapter: the
 * fields above, then the checks across them (template variables, pagination
 * and verify-auth fields per style) once every field is well-formed.
 */
export const httpOptionsSchema = optionsShape.check(z.superRefine(checkOptions));

/** The request part shared by every operation. */
export type HttpRequestOptions = HttpOptions["create" | "list" | "revoke" | "verify"];

/** `list.pagination` once validated. */
export type PaginationOptions = HttpOptions["list"]["pagination"];
