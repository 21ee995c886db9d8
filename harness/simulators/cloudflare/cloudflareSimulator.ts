/**
 * A real HTTP server on 127.0.0.1 mirroring Cloudflare's user API tokens
 * (VENDORS.md, Cloudflare; cloudflare/cloudflare-typescript
 * `src/resources/user/tokens/`): bearer admin token, the v4 envelope
 * `{success, errors:[{code, message}], messages, result}`, create → 200 with
 * `result.value` shown once, `expires_on`, a paged list (`page`, `per_page`,
 * `result_info`) that shows expired tokens only with `include_expired=true`, delete → `result:{id}`, `GET /user/tokens/verify`, 401
 * code 1000 "Invalid API Token", 429 with `Retry-After`, and the roll
 * endpoint (`PUT /user/tokens/{id}/value`) that kills the old secret at once.
 * Served under `/client/v4`, as the real API is.
 */
import { randomBytes } from "node:crypto";
import type {
  SimFailureStatus,
  SimOperation,
  VendorSimulator,
  VendorSimulatorOptions,
} from "../vendorSimulator";
import { FaultSwitches } from "../shared/simFaults";
import { SimKeyStore, type StoredKey } from "../shared/simKeyStore";
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

/** What a stored token carries beyond the generic key. */
interface TokenExtra {
  readonly policies: Array<Record<string, unknown>>;
  readonly condition?: unknown;
}

/** The policy the scenario suite configures: read zones of every account. */
export const SIM_POLICIES = [
  {
    effect: "allow",
    permission_groups: [{ id: "c8fed203ed3043cba015a93ad1616f1f" }],
    resources: { "com.cloudflare.api.account.zone.*": "*" },
  },
];

/** The Cloudflare simulator, with what its contract tests need beyond `VendorSimulator`. */
export interface CloudflareSimulator extends VendorSimulator {
  /** The admin token the simulator accepts (not among `keys()`). */
  readonly adminToken: string;
  /** Every request and answer, as sent on the wire. */
  readonly exchanges: readonly SimExchange[];
}

/** Options of {@link startCloudflareSimulator}. */
export interface CloudflareSimulatorOptions extends VendorSimulatorOptions {
  /** The simulator clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

/** Starts a Cloudflare simulator; `maxActiveKeys` defaults to the 50 user tokens Cloudflare allows. */
export async function startCloudflareSimulator(
  options: CloudflareSimulatorOptions = {},
): Promise<CloudflareSimulator> {
  const now = options.now ?? Date.now;
  const store = new SimKeyStore<TokenExtra>(now);
  const faults = new FaultSwitches(options.maxActiveKeys ?? 50);
  const adminToken = tokenValue();

  const vendor = {
    route,
    malform: (body: unknown, kind: "missing-secret" | "missing-id"): unknown => {
      const json = body as { result?: unknown };
      const items = (Array.isArray(json.result) ? json.result : [json.result]) as Array<
        Record<string, unknown>
      >;
      for (const item of items) delete item[kind === "missing-secret" ? "value" : "id"];
      return json;
    },
    failure: (status: SimFailureStatus, retryAfterSeconds: number): SimResponse => {
      if (status === 429) {
        return {
          // Text as users report it (1,200 requests per 5 minutes); the code is our assumption.
          ...failure(
            429,
            971,
            "More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed",
          ),
          headers: { "Retry-After": String(retryAfterSeconds) },
        };
      }
      return status === 500 ? failure(500, 1001, "Internal server error") : gatewayPage(status);
    },
    handle: (request: SimRequest, operation: SimOperation): SimResponse => {
      if (operation === "verify") return verify(request);
      const isRoll =
        request.method === "PUT" && /^\/client\/v4\/user\/tokens\/[^/]+\/value$/.test(request.path);
      if (operation === "unknown" && !isRoll)
        return failure(404, 7003, "Could not route to this path");
      if (bearerToken(request.headers) !== adminToken)
        return failure(401, 1000, "Invalid API Token");
      const tokenId = segments(request.path)[4] ?? "";
      if (isRoll) return roll(tokenId);
      switch (operation) {
        case "create":
          return create(request.rawBody);
        case "list":
          return list(request.query);
        case "get": {
          const key = store.findActive(tokenId);
          return key === undefined
            ? failure(404, 1003, "Token not found")
            : success(resource(key, false, store.nowSeconds()));
        }
        case "delete":
          return store.revoke(tokenId)
            ? success({ id: tokenId })
            : failure(404, 1003, "Token not found");
        default:
          return failure(404, 7003, "Could not route to this path");
      }
    },
  };

  function create(rawBody: string): SimResponse {
    const body = jsonObject(rawBody);
    const name = body?.name;
    const policies = body?.policies;
    if (typeof name !== "string" || name.trim() === "")
      return failure(400, 1001, "name is required");
    if (!Array.isArray(policies) || policies.length === 0 || !policies.every(validPolicy)) {
      return failure(
        400,
        1001,
        "policies must be a non-empty list of {effect, permission_groups, resources}",
      );
    }
    const expiresOn = body?.expires_on;
    const expiresMs = typeof expiresOn === "string" ? Date.parse(expiresOn) : Number.NaN;
    if (expiresOn !== undefined && !(Number.isFinite(expiresMs) && expiresMs > now())) {
      return failure(400, 1001, "expires_on must be a date-time in the future");
    }
    if (store.active().length >= faults.maxActiveKeys) {
      // Cloudflare documents the cap, not this refusal's body: code and text are our assumption.
      return failure(400, 1001, `Maximum number of API tokens (${faults.maxActiveKeys}) reached`);
    }
    const key = store.create({
      id: randomBytes(16).toString("hex"),
      name,
      secret: tokenValue(),
      expiresAt: expiresOn === undefined ? null : Math.floor(expiresMs / 1000),
      activationDelayMs: faults.activationDelayMs,
      extra: {
        policies: (policies as Array<Record<string, unknown>>).map((p) => ({
          id: randomBytes(16).toString("hex"),
          ...p,
        })),
        ...(body?.condition === undefined ? {} : { condition: body.condition }),
      },
    });
    return {
      ...success(resource(key, true, store.nowSeconds())),
      secrets: [key.secret],
      created: true,
    };
  }

  function list(query: URLSearchParams): SimResponse {
    const page = Number(query.get("page") ?? "1");
    const perPage = Number(query.get("per_page") ?? "20");
    if (
      !Number.isInteger(page) ||
      page < 1 ||
      !Number.isInteger(perPage) ||
      perPage < 5 ||
      perPage > 50
    ) {
      return failure(400, 1001, "page must be at least 1 and per_page 5-50");
    }
    // Expired tokens are listed only on request (cloudflare-typescript `TokenListParams.include_expired`).
    const includeExpired = query.get("include_expired") === "true";
    const nowSeconds = store.nowSeconds();
    const all = store
      .active()
      .filter((k) => includeExpired || k.expiresAt === null || nowSeconds < k.expiresAt);
    const result = all
      .slice((page - 1) * perPage, page * perPage)
      .map((k) => resource(k, false, store.nowSeconds()));
    const resultInfo = {
      page,
      per_page: perPage,
      count: result.length,
      total_count: all.length,
      total_pages: Math.ceil(all.length / perPage),
    };
    return { status: 200, body: { ...envelope(result), result_info: resultInfo } };
  }

  function roll(tokenId: string): SimResponse {
    const old = store.findActive(tokenId);
    if (old === undefined) return failure(404, 1003, "Token not found");
    store.revoke(tokenId);
    const rolled = store.create({ ...old, secret: tokenValue(), activationDelayMs: 0 });
    return { ...success(rolled.secret), secrets: [rolled.secret] };
  }

  function verify(request: SimRequest): SimResponse {
    const secret = bearerToken(request.headers);
    const key = secret === undefined ? undefined : store.accepted(secret);
    if (secret === adminToken) return success({ id: "admin", status: "active" });
    if (key === undefined || secret === undefined) return failure(401, 1000, "Invalid API Token");
    store.markUsed(secret);
    const result = { id: key.id, status: "active", ...expiry(key) };
    return {
      status: 200,
      body: {
        ...envelope(result),
        messages: [{ code: 10000, message: "This API Token is valid and active", type: null }],
      },
    };
  }

  const server = await startSimServer(vendor, faults, store);
  return {
    ...assembleVendorSimulator({
      vendor: "cloudflare",
      server,
      store,
      faults,
      vendorOptions: { policies: SIM_POLICIES, baseUrl: `${server.baseUrl}/client/v4` },
      adminCredentialJson: JSON.stringify({ apiToken: adminToken }),
    }),
    adminToken,
    exchanges: server.exchanges,
  };
}

function route(method: string, path: string): SimOperation {
  const [client, v4, user, tokens, id, ...rest] = segments(path);
  if (
    client !== "client" ||
    v4 !== "v4" ||
    user !== "user" ||
    tokens !== "tokens" ||
    rest.length > 0
  )
    return "unknown";
  if (id === undefined) return method === "POST" ? "create" : method === "GET" ? "list" : "unknown";
  if (id === "verify") return method === "GET" ? "verify" : "unknown";
  if (id === "") return "unknown";
  return method === "GET" ? "get" : method === "DELETE" ? "delete" : "unknown";
}

function envelope(result: unknown): Record<string, unknown> {
  return { success: true, errors: [], messages: [], result };
}

function success(result: unknown): SimResponse {
  return { status: 200, body: envelope(result) };
}

/** Cloudflare's error body: `{success:false, errors:[{code, message}], messages:[], result:null}`. */
function failure(status: number, code: number, message: string): SimResponse {
  return {
    status,
    body: { success: false, errors: [{ code, message }], messages: [], result: null },
  };
}

function validPolicy(p: unknown): boolean {
  const { effect, permission_groups: groups, resources } = (p ?? {}) as Record<string, unknown>;
  return (
    (effect === "allow" || effect === "deny") &&
    Array.isArray(groups) &&
    groups.length > 0 &&
    groups.every((g) => typeof (g as { id?: unknown }).id === "string") &&
    resources !== null &&
    typeof resources === "object"
  );
}

function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function expiry(key: StoredKey<TokenExtra>): { expires_on?: string } {
  return key.expiresAt === null ? {} : { expires_on: isoSeconds(key.expiresAt) };
}

/** A token as `result` of create (with `value`), get and list. */
function resource(
  key: StoredKey<TokenExtra>,
  withValue: boolean,
  nowSeconds: number,
): Record<string, unknown> {
  const expired = key.expiresAt !== null && nowSeconds >= key.expiresAt;
  return {
    id: key.id,
    name: key.name,
    status: expired ? "expired" : "active",
    issued_on: isoSeconds(key.createdAt),
    modified_on: isoSeconds(key.createdAt),
    ...expiry(key),
    ...(key.lastUsedAt === undefined ? {} : { last_used_on: isoSeconds(key.lastUsedAt) }),
    policies: key.extra.policies,
    ...(key.extra.condition === undefined ? {} : { condition: key.extra.condition }),
    ...(withValue ? { value: key.secret } : {}),
  };
}

/** A 40-character token value, as Cloudflare's. */
function tokenValue(): string {
  return randomBytes(30).toString("base64url");
}
