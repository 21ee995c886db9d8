/**
 * A real HTTP server on 127.0.0.1 mirroring SendGrid's v3 API Keys API
 * (VENDORS.md, SendGrid; twilio/sendgrid-oai `spec/json/tsg_api_keys_v3.json`
 * and `tsg_scopes_v3.json`): bearer admin key, `POST /v3/api_keys` → 201 with
 * the `SG.<id>.<secret>` key shown once, list `{result:[{name, api_key_id}]}`,
 * delete → 204, verify with `GET /v3/scopes`, `{errors:[{field, message}]}`
 * error bodies, 429 with `X-RateLimit-*` headers, a cap refused with 403, and
 * an optional revocation propagation delay (`store.revocationDelayMs`).
 */
import { randomBytes } from "node:crypto";
import type {
  SimFailureStatus,
  SimOperation,
  VendorSimulator,
  VendorSimulatorOptions,
} from "../vendorSimulator";
import { FaultSwitches } from "../shared/simFaults";
import { SimKeyStore } from "../shared/simKeyStore";
import {
  assembleVendorSimulator,
  bearerToken,
  gatewayPage,
  jsonObject,
  segments,
  startSimServer,
  type SimExchange,
  type SimRequest,
  type SimResponse,
} from "../shared/simServer";

/** The scopes SendGrid gives a key created without `scopes` (full access; abridged). */
export const FULL_ACCESS_SCOPES = [
  "api_keys.create",
  "api_keys.read",
  "api_keys.delete",
  "mail.send",
  "scopes.read",
];

/** The SendGrid simulator, with what its contract tests and scenarios need beyond `VendorSimulator`. */
export interface SendGridSimulator extends VendorSimulator {
  /** The admin key the simulator accepts on `/v3/api_keys` (not one of `keys()`). */
  readonly adminKey: string;
  /** Every request and answer, as sent on the wire. */
  readonly exchanges: readonly SimExchange[];
  /** The key store (e.g. `store.revocationDelayMs`). */
  readonly store: SimKeyStore<{ scopes: string[] }>;
}

/** Options of {@link startSendGridSimulator}. */
export interface SendGridSimulatorOptions extends VendorSimulatorOptions {
  /** The simulator clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/** Starts a SendGrid simulator; `maxActiveKeys` defaults to SendGrid's documented 100. */
export async function startSendGridSimulator(
  options: SendGridSimulatorOptions = {},
): Promise<SendGridSimulator> {
  const now = options.now ?? Date.now;
  const store = new SimKeyStore<{ scopes: string[] }>(now);
  const faults = new FaultSwitches(options.maxActiveKeys ?? 100);
  const adminKey = newKeyMaterial().secret;

  const vendor = {
    route,
    malform: (body: unknown, kind: "missing-secret" | "missing-id"): unknown => {
      const json = body as { result?: Array<Record<string, unknown>> } & Record<string, unknown>;
      const field = kind === "missing-secret" ? "api_key" : "api_key_id";
      for (const item of json.result ?? [json]) delete item[field];
      return json;
    },
    failure: (status: SimFailureStatus, retryAfterSeconds: number): SimResponse => {
      if (status === 429) {
        return {
          ...errorResponse(429, "too many requests"),
          headers: {
            "X-RateLimit-Limit": "600",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": String(Math.floor(now() / 1000) + retryAfterSeconds),
          },
        };
      }
      if (status === 500)
        return { status, body: { errors: [{ message: "internal server error" }] } };
      return gatewayPage(status);
    },
    handle: (request: SimRequest, operation: SimOperation): SimResponse => {
      if (operation === "unknown") return errorResponse(404, "not found");
      if (operation === "verify") return verify(request);
      if (bearerToken(request.headers) !== adminKey)
        return errorResponse(401, "authorization required");
      const keyId = segments(request.path)[2] ?? "";
      switch (operation) {
        case "create":
          return create(request.rawBody);
        case "list": {
          const limit = Number(request.query.get("limit") ?? Number.NaN);
          const keys = store.active().map((k) => ({ name: k.name, api_key_id: k.id }));
          return {
            status: 200,
            body: { result: Number.isInteger(limit) && limit > 0 ? keys.slice(0, limit) : keys },
          };
        }
        case "get": {
          const key = store.findActive(keyId);
          return key === undefined
            ? errorResponse(404, "unable to find API Key")
            : {
                status: 200,
                body: {
                  result: [{ name: key.name, api_key_id: key.id, scopes: key.extra.scopes }],
                },
              };
        }
        case "delete":
          return store.revoke(keyId)
            ? { status: 204 }
            : errorResponse(404, "unable to find API Key");
      }
    },
  };

  function create(rawBody: string): SimResponse {
    const body = jsonObject(rawBody);
    if (body === undefined) return errorResponse(400, "request body is invalid JSON", null);
    const { name, scopes } = body;
    if (typeof name !== "string" || name.trim() === "")
      return errorResponse(400, "missing required argument", "name");
    if (
      scopes !== undefined &&
      !(Array.isArray(scopes) && scopes.every((s) => typeof s === "string"))
    ) {
      return errorResponse(400, "scopes must be an array of strings", "scopes");
    }
    if (store.active().length >= faults.maxActiveKeys) {
      // The spec documents the 403 for a create beyond the cap, not its text: this message is our assumption.
      return errorResponse(
        403,
        `The maximum number of API keys (${faults.maxActiveKeys}) has been reached.`,
      );
    }
    const material = newKeyMaterial();
    const granted = (scopes as string[] | undefined) ?? FULL_ACCESS_SCOPES;
    const key = store.create({
      ...material,
      name,
      expiresAt: null,
      activationDelayMs: faults.activationDelayMs,
      extra: { scopes: granted },
    });
    return {
      status: 201,
      body: { api_key: key.secret, api_key_id: key.id, name: key.name, scopes: granted },
      secrets: [key.secret],
      created: true,
    };
  }

  function verify(request: SimRequest): SimResponse {
    const secret = bearerToken(request.headers);
    if (secret === adminKey) return { status: 200, body: { scopes: FULL_ACCESS_SCOPES } };
    const key = secret === undefined ? undefined : store.accepted(secret);
    if (key === undefined || secret === undefined)
      return errorResponse(401, "authorization required");
    store.markUsed(secret);
    return { status: 200, body: { scopes: key.extra.scopes } };
  }

  const server = await startSimServer(vendor, faults, store);
  return {
    ...assembleVendorSimulator({
      vendor: "sendgrid",
      server,
      store,
      faults,
      vendorOptions: { baseUrl: server.baseUrl },
      adminCredentialJson: JSON.stringify({ apiKey: adminKey }),
    }),
    adminKey,
    exchanges: server.exchanges,
    store,
  };
}

function route(method: string, path: string): SimOperation {
  const [v3, resource, id, ...rest] = segments(path);
  if (v3 !== "v3" || rest.length > 0) return "unknown";
  if (resource === "scopes" && id === undefined) return method === "GET" ? "verify" : "unknown";
  if (resource !== "api_keys") return "unknown";
  if (id === undefined) return method === "POST" ? "create" : method === "GET" ? "list" : "unknown";
  if (id === "") return "unknown";
  return method === "GET" ? "get" : method === "DELETE" ? "delete" : "unknown";
}

/** SendGrid's error body: `{errors: [{field, message}]}`. */
function errorResponse(status: number, message: string, field: string | null = null): SimResponse {
  return { status, body: { errors: [{ field, message }] } };
}

/** A key id (22 base64url characters, as SendGrid's) and its `SG.<id>.<secret>` key. */
function newKeyMaterial(): { id: string; secret: string } {
  const id = randomBytes(16).toString("base64url");
  return { id, secret: `SG.${id}.${randomBytes(32).toString("base64url")}` };
}
