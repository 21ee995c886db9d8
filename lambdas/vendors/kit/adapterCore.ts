import { responseContexts, type ResponseContext } from "./responses";
import { VendorHttp, type RetryPolicy, type VendorResponse } from "./transport";
import { jsonRequest, trimBaseUrl } from "./vendorRequests";

/**
 * What every adapter is constructed from and built on: its validated options
 * and credential loader, its base URL, HTTP layer and response contexts, and
 * the shape of its admin calls.
 */

/** What an adapter is constructed from (by its definition's `create`, and by tests). */
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
