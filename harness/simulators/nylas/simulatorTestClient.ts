/**
 * A small client for tests of the Nylas simulator: signs admin requests with
 * the production signer (`lambdas/vendors/nylas/signing.ts`) and sends them
 * with `fetch`, with hooks to break each part of the signature on purpose.
 */
import { signNylasRequest, type NylasSigningKey } from "../../../lambdas/vendors/nylas/signing";
import type { NylasSimulator } from "./nylasSimulator";

/** A response as the tests look at it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON, or `undefined` when the body is not JSON. */
  readonly json: unknown;
}

/** Ways to send something other than a correctly signed request. */
export interface AdminRequestOptions {
  /** JSON body, signed and sent canonically. */
  readonly body?: unknown;
  /** Bytes to send instead of the signed canonical body. */
  readonly rawBody?: string;
  /** Path to sign instead of the path requested. */
  readonly signedPath?: string;
  /** Query string appended to the URL after signing (e.g. `?limit=5`). */
  readonly query?: string;
  readonly nonce?: string;
  readonly nowSeconds?: number;
  /** Signing key instead of the simulator's service account. */
  readonly key?: NylasSigningKey;
  /** Headers to remove after signing (e.g. `X-Nylas-Kid`). */
  readonly omitHeaders?: readonly string[];
  /** Headers to set after signing. */
  readonly extraHeaders?: Record<string, string>;
}

/** `/v3/admin/applications/<id>/api-keys[/<keyId>]` of the simulator's application. */
export function keysPath(sim: NylasSimulator, keyId?: string): string {
  const base = `/v3/admin/applications/${sim.applicationId}/api-keys`;
  return keyId === undefined ? base : `${base}/${keyId}`;
}

/** Sends a service-account signed admin request. */
export async function adminRequest(
  sim: NylasSimulator,
  method: string,
  path: string,
  options: AdminRequestOptions = {},
): Promise<TestResponse> {
  const signed = signNylasRequest({
    method,
    path: options.signedPath ?? path,
    body: options.body,
    key: options.key ?? sim.serviceAccount,
    ...(options.nowSeconds === undefined ? {} : { nowSeconds: options.nowSeconds }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  });
  const headers: Record<string, string> = { ...signed.headers, ...options.extraHeaders };
  for (const name of options.omitHeaders ?? []) {
    delete headers[name];
  }
  const body = options.rawBody ?? signed.body;
  if (options.rawBody !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const init: RequestInit = body === undefined ? { method, headers } : { method, headers, body };
  return send(`${sim.baseUrl}${path}${options.query ?? ""}`, init);
}

/** Calls `GET /v3/applications` with a bearer API key (or none). */
export async function verifyRequest(sim: NylasSimulator, apiKey?: string): Promise<TestResponse> {
  const headers: Record<string, string> =
    apiKey === undefined ? {} : { Authorization: `Bearer ${apiKey}` };
  return send(`${sim.baseUrl}/v3/applications`, { method: "GET", headers });
}

/** Sends a request and reads the whole response. */
export async function send(url: string, init: RequestInit): Promise<TestResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
