import type { AdapterConfig, AdapterCore, AdminCall } from "./adapterCore";
import type { VendorRequest } from "./transport";
import { formRequest, jsonRequest } from "./vendorRequests";

/**
 * How an adapter's admin calls carry the admin credential: what
 * `builtInAdapter` builds an adapter's {@link AdminCall} with.
 */
export type AdminCalls<Options, Credential> = (
  core: AdapterCore,
  config: AdapterConfig<Options, Credential>,
) => AdminCall;

/** The admin auth headers, from the admin credential and the vendor's options. */
export type AdminAuth<Options, Credential> = (
  credential: Credential,
  options: Options,
) => Readonly<Record<string, string>>;

/**
 * The admin calls of a JSON API: the credential is loaded and `auth` called
 * once per call, before the first attempt; `body` is sent as JSON.
 */
export function jsonAdmin<Options, Credential>(
  auth: AdminAuth<Options, Credential>,
): AdminCalls<Options, Credential> {
  return adminCallsWith(auth, (method, url, headers, body) =>
    jsonRequest(method, url, headers, body),
  );
}

/**
 * The admin calls of a form-encoded API, as {@link jsonAdmin}; `body`, when
 * given, is a record of form fields.
 */
export function formAdmin<Options, Credential>(
  auth: AdminAuth<Options, Credential>,
): AdminCalls<Options, Credential> {
  return adminCallsWith(auth, (method, url, headers, body) =>
    formRequest(
      method,
      url,
      headers,
      body === undefined
        ? undefined
        : new URLSearchParams(body as Record<string, string>).toString(),
    ),
  );
}

function adminCallsWith<Options, Credential>(
  auth: AdminAuth<Options, Credential>,
  request: (
    method: VendorRequest["method"],
    url: string,
    headers: Readonly<Record<string, string>>,
    body: unknown,
  ) => VendorRequest,
): AdminCalls<Options, Credential> {
  return (core, config) => async (operation, policy, method, path, body) => {
    const headers = auth(await config.credential(), config.options);
    return core.http.send(operation, policy, () =>
      request(method, `${core.baseUrl}${path}`, headers, body),
    );
  };
}
