import type { VendorRequest } from "./transport";

/**
 * Request building the built-in adapters share: base URLs, auth headers,
 * JSON and form bodies.
 */

/** A base URL without trailing slashes, ready for paths to be appended. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

/** The `authorization` header of a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The `authorization` header of HTTP Basic credentials (`user:password`). */
export function basicAuth(userPassword: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(userPassword, "utf8").toString("base64")}` };
}

/** A request accepting JSON, with `auth` headers and, when given, `body` as JSON. */
export function jsonRequest(
  method: VendorRequest["method"],
  url: string,
  auth: Readonly<Record<string, string>>,
  body?: unknown,
): VendorRequest {
  return withBody(
    method,
    url,
    auth,
    "application/json",
    body === undefined ? undefined : JSON.stringify(body),
  );
}

/** A request accepting JSON, with `auth` headers and, when given, a form-encoded `form` body. */
export function formRequest(
  method: VendorRequest["method"],
  url: string,
  auth: Readonly<Record<string, string>>,
  form?: string,
): VendorRequest {
  return withBody(method, url, auth, "application/x-www-form-urlencoded", form);
}

function withBody(
  method: VendorRequest["method"],
  url: string,
  auth: Readonly<Record<string, string>>,
  contentType: string,
  body: string | undefined,
): VendorRequest {
  return {
    method,
    url,
    headers: {
      ...auth,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": contentType }),
    },
    ...(body === undefined ? {} : { body }),
  };
}
