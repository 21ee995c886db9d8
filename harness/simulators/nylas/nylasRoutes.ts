/**
 * Route table and handlers of the Nylas simulator: the v3 Manage API Keys
 * endpoints (service-account signed) and `GET /v3/applications` (bearer API key).
 * Handlers return a {@link SimResponse}; the shared server writes it (or drops it).
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { NylasFaults, NylasOperation } from "./nylasFaults";
import type { ServiceAccountVerifier } from "./nylasAuth";
import type { SimResponse } from "../shared/simServer";
import type { KeyStore } from "./nylasState";

export type { SimResponse } from "../shared/simServer";

/** A request as the router sees it. */
export interface SimRequest {
  readonly method: string;
  /** Raw path as received (percent-encoding kept), without the query string. */
  readonly rawPath: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

/** What the handlers work on. */
export interface RouteContext {
  readonly applicationId: string;
  readonly store: KeyStore;
  readonly verifier: ServiceAccountVerifier;
  readonly faults: NylasFaults;
  readonly nowMs: () => number;
}

interface Route {
  readonly operation: NylasOperation;
  readonly applicationId?: string;
  readonly keyId?: string;
}

/** Maps a method and raw path to the operation it is. */
export function route(method: string, rawPath: string): Route {
  const segments = rawPath.split("/").slice(1).map(safeDecode);
  const verb = method.toUpperCase();
  if (
    verb === "GET" &&
    segments.length === 2 &&
    segments[0] === "v3" &&
    segments[1] === "applications"
  ) {
    return { operation: "verify" };
  }
  const [v3, admin, applications, applicationId, apiKeys, keyId, ...rest] = segments;
  const isKeysPath =
    v3 === "v3" && admin === "admin" && applications === "applications" && apiKeys === "api-keys";
  if (!isKeysPath || applicationId === undefined || rest.length > 0) {
    return { operation: "unknown" };
  }
  if (keyId === undefined) {
    if (verb === "GET") return { operation: "list", applicationId };
    if (verb === "POST") return { operation: "create", applicationId };
    return { operation: "unknown" };
  }
  if (keyId === "") return { operation: "unknown" };
  if (verb === "GET") return { operation: "get", applicationId, keyId };
  if (verb === "DELETE") return { operation: "delete", applicationId, keyId };
  return { operation: "unknown" };
}

/** A Nylas error body: `{request_id, error:{type, message}}`. */
export function errorResponse(status: number, type: string, message: string): SimResponse {
  return { status, body: { request_id: randomUUID(), error: { type, message } } };
}

/** Handles a routed request (faults that fail it before it takes effect are applied by the server). */
export function handle(ctx: RouteContext, request: SimRequest, target: Route): SimResponse {
  if (target.operation === "unknown") {
    return errorResponse(404, "not_found_error", "Resource not found.");
  }
  if (target.operation === "verify") {
    return verifyKey(ctx, request.headers);
  }
  const auth = ctx.verifier.check({
    method: request.method,
    path: request.rawPath,
    headers: request.headers,
    rawBody: request.rawBody,
    nowSeconds: Math.floor(ctx.nowMs() / 1000),
  });
  if (!auth.ok) {
    return auth.status === 400
      ? errorResponse(400, "invalid_request_error", auth.message)
      : errorResponse(401, "unauthorized", auth.message);
  }
  if (target.applicationId !== ctx.applicationId) {
    return errorResponse(404, "not_found_error", "Application not found.");
  }
  const requestId = randomUUID();
  switch (target.operation) {
    case "create":
      return createKey(ctx, request.rawBody);
    case "list":
      return {
        status: 200,
        body: {
          request_id: requestId,
          data: ctx.store.active().map((k) => ctx.store.resource(k, false)),
        },
      };
    case "get": {
      const key = ctx.store.findActive(target.keyId ?? "");
      return key === undefined
        ? errorResponse(404, "not_found_error", "API key not found.")
        : { status: 200, body: { request_id: requestId, data: ctx.store.resource(key, false) } };
    }
    case "delete":
      return ctx.store.revoke(target.keyId ?? "")
        ? { status: 200, body: { request_id: requestId } }
        : errorResponse(404, "not_found_error", "API key not found.");
  }
}

function createKey(ctx: RouteContext, rawBody: string): SimResponse {
  let body: unknown = undefined;
  if (rawBody !== "") {
    body = JSON.parse(rawBody) as unknown; // already proven to be canonical JSON by the verifier
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return errorResponse(400, "invalid_request_error", "Request body must be a JSON object.");
  }
  const { name, expires_in: expiresIn } = body as Record<string, unknown>;
  if (typeof name !== "string" || name.trim() === "") {
    return errorResponse(
      400,
      "invalid_request_error",
      "name is required and must be a non-empty string.",
    );
  }
  if (expiresIn !== undefined && !(Number.isSafeInteger(expiresIn) && (expiresIn as number) > 0)) {
    return errorResponse(
      400,
      "invalid_request_error",
      "expires_in must be a positive integer number of days.",
    );
  }
  if (ctx.store.active().length >= ctx.faults.maxActiveKeys) {
    // Nylas documents no cap or cap error for API keys; this status and body are our assumption.
    return errorResponse(
      400,
      "invalid_request_error",
      `The application has reached the maximum number of API keys (${ctx.faults.maxActiveKeys}). ` +
        "Delete an API key before creating a new one.",
    );
  }
  const key = ctx.store.create(name, expiresIn as number | undefined, ctx.faults.activationDelayMs);
  return {
    status: 200,
    body: { request_id: randomUUID(), data: ctx.store.resource(key, true) },
    secrets: [key.secret],
    created: true,
  };
}

function verifyKey(ctx: RouteContext, headers: IncomingHttpHeaders): SimResponse {
  const match = /^Bearer ([^\s]+)$/.exec(headers.authorization ?? "");
  const secret = match?.[1];
  if (secret === undefined) {
    return errorResponse(401, "unauthorized", "Unauthorized: a Bearer API key is required.");
  }
  const rejection = ctx.store.rejection(secret);
  if (rejection !== undefined) {
    return errorResponse(401, "unauthorized", "Unauthorized");
  }
  ctx.store.markUsed(secret);
  return {
    status: 200,
    body: {
      request_id: randomUUID(),
      data: {
        application_id: ctx.applicationId,
        organization_id: "simulated-organization",
        region: "us",
        environment: "production",
        branding: { name: "Simulated Nylas application" },
      },
    },
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
