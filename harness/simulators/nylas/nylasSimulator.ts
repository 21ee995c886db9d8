/**
 * A real HTTP server on 127.0.0.1 (random port) that mirrors the Nylas v3
 * Manage API Keys API (docs/design/VENDORS.md, Nylas section): service-account
 * signed admin endpoints, one-time `api_key` display, bearer verification via
 * `GET /v3/applications`, Nylas error envelopes, and fault injection.
 *
 * Start one per test file: `const nylas = await startNylasSimulator()`, and
 * `await nylas.close()` after.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { deleteField, startSimServer, type SimVendor } from "../shared/simServer";
import { NylasFaults, type FailureFault, type NylasOperation } from "./nylasFaults";
import { ServiceAccountVerifier } from "./nylasAuth";
import { errorResponse, handle, route, type RouteContext, type SimResponse } from "./nylasRoutes";
import { KeyStore, type SimulatedKey } from "./nylasState";

export type { FailureStatus, FaultTarget, MalformKind, NylasOperation } from "./nylasFaults";
export { NylasFaults } from "./nylasFaults";
export type { SimulatedKey } from "./nylasState";

/** Options of {@link startNylasSimulator}. */
export interface NylasSimulatorOptions {
  /** The application whose keys the simulator manages. Default: a random UUID. */
  applicationId?: string;
  /** Cap on active keys (see {@link NylasFaults.maxActiveKeys}). Default 10. */
  maxActiveKeys?: number;
  /** The simulator clock in epoch milliseconds (signature window, expiry, activation). Default `Date.now`. */
  now?: () => number;
}

/** One handled request. `status` is 0 when the connection was dropped without an answer. */
export interface SimulatedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly operation: NylasOperation;
}

/** A running simulator. */
export interface NylasSimulator {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly applicationId: string;
  /** RSA-2048 service account generated at start; its public key is registered in the simulator. */
  readonly serviceAccount: { privateKeyPem: string; privateKeyId: string };
  /** The credentials file Nylas hands out (`type`, `name`, `private_key_id`, `private_key`, `organization_id`, `region`). */
  readonly serviceAccountJson: string;
  /** All keys ever created, deleted ones included (copies). */
  keys(): readonly SimulatedKey[];
  /** Keys not deleted (copies). */
  activeKeys(): readonly SimulatedKey[];
  /** Every `api_key` value the simulator wrote into a response (not those of dropped or malformed responses). */
  issuedSecrets(): readonly string[];
  /** Whether `GET /v3/applications` with this key would answer 200 now (no side effects). */
  isKeyAccepted(secret: string): boolean;
  /** Creates an active key directly (no request, no expiry, active at once). */
  seedKey(name: string): SimulatedKey;
  /** Deletes a key directly (as an operator would in the Nylas dashboard); unknown ids are ignored. */
  revokeOutOfBand(keyId: string): void;
  /** Every request handled since start or the last `reset()`. */
  readonly requests: ReadonlyArray<SimulatedRequest>;
  /** Fault switches; see {@link NylasFaults}. */
  faults: NylasFaults;
  /** Clears faults and the request log; keys stay. */
  reset(): void;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

/** Starts a simulator on 127.0.0.1 with a random port. */
export async function startNylasSimulator(
  options: NylasSimulatorOptions = {},
): Promise<NylasSimulator> {
  const applicationId = options.applicationId ?? randomUUID();
  const nowMs = options.now ?? Date.now;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const privateKeyId = randomUUID();
  const verifier = new ServiceAccountVerifier();
  verifier.register(privateKeyId, publicKey);
  const store = new KeyStore(applicationId, nowMs);
  const ctx: RouteContext = {
    applicationId,
    store,
    verifier,
    faults: new NylasFaults(options.maxActiveKeys ?? 10),
    nowMs,
  };
  const server = await startSimServer(nylasVendor(ctx), () => ctx.faults, store);

  return {
    baseUrl: server.baseUrl,
    applicationId,
    serviceAccount: { privateKeyPem, privateKeyId },
    serviceAccountJson: JSON.stringify({
      type: "service_account",
      name: "rotated-api-key simulator",
      private_key_id: privateKeyId,
      private_key: privateKeyPem,
      organization_id: "simulated-organization",
      region: "us",
    }),
    keys: () => store.all().map((k) => ({ ...k })),
    activeKeys: () => store.active().map((k) => ({ ...k })),
    issuedSecrets: () => store.issuedSecrets(),
    isKeyAccepted: (secret) => store.rejection(secret) === undefined,
    seedKey: (name) => ({ ...store.create(name, undefined, 0) }),
    revokeOutOfBand: (keyId) => {
      store.revoke(keyId);
    },
    requests: server.requests,
    get faults() {
      return ctx.faults;
    },
    set faults(value: NylasFaults) {
      (ctx as { faults: NylasFaults }).faults = value;
    },
    reset: () => {
      ctx.faults.clear();
      server.clearLogs();
    },
    close: () => server.close(),
  };
}

/** The Nylas routes, errors and malformations, as the shared server drives them. */
function nylasVendor(ctx: RouteContext): SimVendor<"missing-data"> {
  return {
    route: (method, path) => route(method, path).operation,
    handle: (request) =>
      handle(
        ctx,
        {
          method: request.method,
          rawPath: request.path,
          headers: request.headers,
          rawBody: request.rawBody,
        },
        route(request.method, request.path),
      ),
    failure: (status, retryAfterSeconds) => failureResponse({ status, retryAfterSeconds }),
    malform: (body, kind) => {
      const json = body as { data?: unknown };
      if (kind === "missing-data") delete json.data;
      else deleteField(json.data, kind === "missing-secret" ? "api_key" : "id");
      return json;
    },
    tooLarge: () => errorResponse(413, "invalid_request_error", "Request body too large."),
  };
}

function failureResponse(failure: FailureFault): SimResponse {
  if (failure.status === 429) {
    return {
      ...errorResponse(429, "rate_limit_error", "Too many requests, please try again shortly."),
      headers: { "Retry-After": String(failure.retryAfterSeconds) },
    };
  }
  if (failure.status === 500) {
    return errorResponse(500, "internal_error", "Internal error, contact administrator.");
  }
  const reason = failure.status === 502 ? "502 Bad Gateway" : "503 Service Unavailable";
  return { status: failure.status, body: `<html><body><h1>${reason}</h1></body></html>` };
}
