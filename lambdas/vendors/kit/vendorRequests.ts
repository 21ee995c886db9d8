import { VendorHttp, type RetryPolicy, type VendorRequest, type VendorResponse } from "./transport";
import { responseContexts, type ResponseContext } from "./responses";

/**
 * Request building the built-in adapters share: base URLs, auth headers,
 * JSON and form bodies, and the admin calls of a JSON API.
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

/** What a built-in adapter is constructed from. */
export interface AdapterConfig<Options, Credential> {
  /** The vendor's validated options. */
  readonly options: Options;
  /** Loads the admin credential; called only for admin calls (verification needs none). */
  readonly credential: () => Promise<Credential>;
  readonly http?: VendorHttp;
}

/** What every built-in adapter is built on: its base URL, HTTP layer and response contexts. */
export interface AdapterCore {
  readonly vendor: string;
  /** Without trailing slashes. */
  readonly baseUrl: string;
  readonly http: VendorHttp;
  /** The `ResponseContext` of an operation. */
  readonly ctx: (operation: string) => ResponseContext;
}

/** What {@link adapterCore} is built from. */
export interface AdapterSetup {
  readonly vendor: string;
  /** The configured `baseUrl`, else the vendor's default. */
  readonly baseUrl: string;
  /** @default a `VendorHttp` for `vendor` */
  readonly http?: VendorHttp | undefined;
  /** Pulls the vendor's own error text out of an error body. */
  readonly errorText: (res: VendorResponse) => string;
  /** What to tell the user on 401/403 from an admin call. */
  readonly authHint: string;
}

/** The {@link AdapterCore} of an adapter. */
export function adapterCore(setup: AdapterSetup): AdapterCore {
  const { vendor, errorText, authHint } = setup;
  return {
    vendor,
    baseUrl: trimBaseUrl(setup.baseUrl),
    http: setup.http ?? new VendorHttp({ vendor }),
    ctx: responseContexts(vendor, errorText, authHint),
  };
}

/** Sends a verification call: `GET` `path` with the new key's `auth` headers (idempotent). */
export function sendVerify(
  core: AdapterCore,
  path: string,
  auth: Readonly<Record<string, string>>,
): Promise<VendorResponse> {
  return core.http.send("verifyKey", "idempotent", () =>
    jsonRequest("GET", `${core.baseUrl}${path}`, auth),
  );
}

/** Sends one admin call of an adapter: `path` is appended to the adapter's base URL. */
export type AdminCall = (
  operation: string,
  policy: RetryPolicy,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
) => Promise<VendorResponse>;

/**
 * The admin calls of a JSON API: `auth` (which loads the admin credential) is
 * called once per call, before the first attempt; `body` is sent as JSON.
 */
export function jsonAdminCalls(
  core: AdapterCore,
  auth: () => Promise<Readonly<Record<string, string>>>,
): AdminCall {
  return async (operation, policy, method, path, body) => {
    const headers = await auth();
    return core.http.send(operation, policy, () =>
      jsonRequest(method, `${core.baseUrl}${path}`, headers, body),
    );
  };
}
