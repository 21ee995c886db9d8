import type { VendorRequest, VendorResponse } from "../kit/transport";
import { jsonErrorText } from "../kit/responses";
import { expiryTime, optionalTime, readVendorTime, type TimeSource } from "../kit/vendorTimes";
import { mergeHeaders } from "./auth";
import type { HttpOptions, HttpRequestOptions } from "./httpOptions";
import { readPath } from "./jsonPath";
import { renderBody, renderPath, renderRecord, type TemplateVariables } from "./templates";

/**
 * Builds the configurable adapter's requests from their templates, and reads
 * the loosely typed fields of its responses (ids, times, error text).
 */

/** The URL of an operation: base URL, rendered path, rendered query. */
export function operationUrl(
  options: HttpOptions,
  request: HttpRequestOptions,
  variables: TemplateVariables,
): URL {
  const url = new URL(
    `${options.baseUrl.replace(/\/+$/, "")}${renderPath(request.path, variables)}`,
  );
  for (const [name, value] of Object.entries(renderRecord(request.query, variables))) {
    url.searchParams.set(name, value);
  }
  return url;
}

/**
 * The full request: JSON `accept`, the shared then the operation's header
 * templates, the body's content type, then `auth` (which wins over all).
 */
export function buildRequest(
  options: HttpOptions,
  request: HttpRequestOptions,
  variables: TemplateVariables,
  url: URL,
  auth: Readonly<Record<string, string>>,
): VendorRequest {
  const body =
    request.body === undefined
      ? undefined
      : renderBody(request.body, request.bodyFormat, variables);
  return {
    method: request.method,
    url: url.href,
    headers: mergeHeaders(
      { accept: "application/json" },
      renderRecord(options.headers, variables),
      renderRecord(request.headers, variables),
      body === undefined ? undefined : { "content-type": body.contentType },
      auth,
    ),
    ...(body === undefined ? {} : { body: body.body }),
  };
}

/** The vendor's error text: the first non-empty string at one of `errorPaths`. */
export function errorTextOf(errorPaths: readonly string[]): (res: VendorResponse) => string {
  return (res) =>
    jsonErrorText(res, (body) =>
      errorPaths
        .map((path) => readPath(body, path))
        .find((value) => typeof value === "string" && value.trim() !== ""),
    );
}

/** A key id as text: a non-empty string, or a number (GitLab ids are numbers). */
export function idText(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A vendor timestamp as ISO-8601: numbers (and numeric strings) are Unix
 * seconds, or milliseconds when above 10^11; other strings are parsed as
 * dates (ISO-8601, RFC 2822). `undefined` for null, missing, unparseable or
 * beyond year 9999.
 */
export function isoTime(value: unknown): string | undefined {
  return optionalTime(readVendorTime(value));
}

/**
 * `{ key: iso }` for the optional times found, nothing for the others. The
 * expiry is read strictly (see `vendorTimes.ts`): beyond year 9999 is "never
 * expires" (a warning), a value that is not a date a `VendorResponseError`.
 */
export function optionalTimes(
  body: unknown,
  paths: Readonly<Partial<Record<"createdAt" | "expiresAt" | "lastUsedAt", string>>>,
  where: Omit<TimeSource, "field">,
): { createdAt?: string; expiresAt?: string; lastUsedAt?: string } {
  const out: { createdAt?: string; expiresAt?: string; lastUsedAt?: string } = {};
  for (const key of ["createdAt", "expiresAt", "lastUsedAt"] as const) {
    const path = paths[key];
    if (path === undefined) continue;
    const reading = readVendorTime(readPath(body, path));
    const iso =
      key === "expiresAt" ? expiryTime(reading, { ...where, field: path }) : optionalTime(reading);
    if (iso !== undefined) out[key] = iso;
  }
  return out;
}
