/**
 * The OpenAI admin API keys API as the simulator answers it (VENDORS.md,
 * openai-openapi `admin-api-keys-*`): Bearer admin keys, JSON bodies,
 * `{error: {message, type, param, code}}` envelopes, the key's `value` only in
 * the create response, cursor paging, and `GET /organization/projects` as the
 * cheap admin call that proves a new key works.
 */
import { randomBytes } from "node:crypto";
import type { SimFailureStatus, SimOperation } from "../vendorSimulator";
import type { FaultSwitches } from "../shared/simFaults";
import type { SimKeyStore, StoredKey } from "../shared/simKeyStore";
import {
  deleteField,
  type SimRequest,
  type SimResponse,
  type SimVendor,
} from "../shared/simServer";

const KEYS = "/v1/organization/admin_api_keys";
const MAX_EXPIRES_IN_SECONDS = 31_536_000;

/** An OpenAI error body. */
export function openAiError(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): SimResponse {
  return { status, body: { error: { message, type, param, code } } };
}

/** The OpenAI simulator's routes over a key store, for one organization. */
export class OpenAiDialect implements SimVendor {
  public constructor(
    private readonly store: SimKeyStore,
    private readonly faults: FaultSwitches,
    private readonly bootstrapAdminKey: string,
  ) {}

  public route(method: string, path: string): SimOperation {
    if (method === "GET" && path === "/v1/organization/projects") return "verify";
    if (path === KEYS) return method === "POST" ? "create" : method === "GET" ? "list" : "unknown";
    if (!path.startsWith(`${KEYS}/`) || path.slice(KEYS.length + 1).includes("/")) return "unknown";
    return method === "GET" ? "get" : method === "DELETE" ? "delete" : "unknown";
  }

  public handle(request: SimRequest, operation: SimOperation): SimResponse {
    if (operation === "unknown") {
      return openAiError(
        404,
        `Invalid URL (${request.method} ${request.path})`,
        "invalid_request_error",
      );
    }
    const denied = this.authenticate(request.headers.authorization);
    if (denied !== undefined) return denied;
    const keyId = decodeURIComponent(request.path.slice(KEYS.length + 1));
    switch (operation) {
      case "create":
        return this.create(request.rawBody);
      case "list":
        return this.list(request.query);
      case "get": {
        const key = this.store.find(keyId);
        return key?.status === "active"
          ? { status: 200, body: this.resource(key) }
          : notFound(keyId);
      }
      case "delete":
        return this.store.revoke(keyId)
          ? {
              status: 200,
              body: { object: "organization.admin_api_key.deleted", id: keyId, deleted: true },
            }
          : notFound(keyId);
      case "verify":
        return { status: 200, body: projectsPage(this.store.nowSeconds()) };
    }
  }

  public failure(status: SimFailureStatus, retryAfterSeconds: number): SimResponse {
    if (status === 429) {
      return {
        ...openAiError(
          429,
          "Rate limit reached for requests. Please try again later.",
          "requests",
          "rate_limit_exceeded",
        ),
        headers: {
          "retry-after": String(retryAfterSeconds),
          "x-ratelimit-limit-requests": "60",
          "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-requests": `${retryAfterSeconds}s`,
        },
      };
    }
    if (status === 500) {
      return openAiError(
        500,
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
      );
    }
    if (status === 503) {
      return openAiError(
        503,
        "The engine is currently overloaded, please try again later.",
        "server_error",
      );
    }
    return {
      status,
      body: "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
      contentType: "text/html",
    };
  }

  public malform(json: unknown, kind: "missing-secret" | "missing-id"): unknown {
    const target = (json as { data?: unknown }).data ?? json;
    deleteField(target, kind === "missing-secret" ? "value" : "id");
    return json;
  }

  /** The bootstrap admin key, or a created admin key that is active. */
  private authenticate(header: string | undefined): SimResponse | undefined {
    const key = /^Bearer (\S+)$/.exec(header ?? "")?.[1];
    if (key === undefined) {
      return openAiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        "invalid_request_error",
      );
    }
    if (key === this.bootstrapAdminKey) return undefined;
    if (this.store.rejection(key) === undefined) {
      this.store.markUsed(key);
      return undefined;
    }
    const shown = key.length > 12 ? `${key.slice(0, 8)}***${key.slice(-4)}` : "***";
    return openAiError(
      401,
      `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      "invalid_request_error",
      "invalid_api_key",
    );
  }

  private create(rawBody: string): SimResponse {
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return openAiError(
        400,
        "We could not parse the JSON body of your request.",
        "invalid_request_error",
      );
    }
    const { name, expires_in_seconds: expiresIn } = (body ?? {}) as Record<string, unknown>;
    if (typeof name !== "string") {
      return openAiError(
        400,
        "Missing required parameter: 'name'.",
        "invalid_request_error",
        "missing_required_parameter",
        "name",
      );
    }
    const validExpiry =
      expiresIn === undefined ||
      (Number.isInteger(expiresIn) &&
        (expiresIn as number) >= 1 &&
        (expiresIn as number) <= MAX_EXPIRES_IN_SECONDS);
    if (!validExpiry) {
      return openAiError(
        400,
        `Invalid 'expires_in_seconds': expected an integer between 1 and ${MAX_EXPIRES_IN_SECONDS}.`,
        "invalid_request_error",
        "invalid_value",
        "expires_in_seconds",
      );
    }
    if (this.store.active().length >= this.faults.maxActiveKeys) {
      // OpenAI documents no cap on admin keys: this refusal is our assumption.
      return openAiError(
        400,
        `Maximum number of admin API keys (${this.faults.maxActiveKeys}) reached for this organization. Delete a key before creating a new one.`,
        "invalid_request_error",
      );
    }
    const now = this.store.nowSeconds();
    const key = this.store.create({
      id: `key_${randomBytes(8).toString("hex")}`,
      name,
      secret: `sk-admin-${randomBytes(36).toString("base64url")}`,
      expiresAt: expiresIn === undefined ? null : now + (expiresIn as number),
      activationDelayMs: this.faults.activationDelayMs,
      extra: {},
    });
    return {
      status: 200,
      body: { ...this.resource(key), value: key.secret },
      secrets: [key.secret],
      created: true,
    };
  }

  private list(query: URLSearchParams): SimResponse {
    const limit = Number(query.get("limit") ?? "20");
    const order = query.get("order") ?? "asc";
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !["asc", "desc"].includes(order)) {
      return openAiError(
        400,
        "Invalid 'limit' or 'order' parameter.",
        "invalid_request_error",
        "invalid_value",
      );
    }
    const all = this.store.active();
    if (order === "desc") all.reverse();
    const after = query.get("after");
    const start = after === null ? 0 : all.findIndex((k) => k.id === after) + 1;
    const page = start === 0 && after !== null ? [] : all.slice(start, start + limit);
    return {
      status: 200,
      body: {
        object: "list",
        data: page.map((k) => this.resource(k)),
        has_more: start + page.length < all.length && page.length > 0,
        first_id: page[0]?.id ?? null,
        last_id: page.at(-1)?.id ?? null,
      },
    };
  }

  private resource(key: StoredKey): Record<string, unknown> {
    return {
      object: "organization.admin_api_key",
      id: key.id,
      name: key.name,
      redacted_value: `sk-admin...${key.secret.slice(-3)}`,
      created_at: key.createdAt,
      expires_at: key.expiresAt,
      last_used_at: key.lastUsedAt ?? null,
      owner: {
        type: "user",
        object: "organization.user",
        id: "user_simulated",
        name: "Simulated Owner",
        created_at: 1_711_471_533,
        role: "owner",
      },
    };
  }
}

function notFound(keyId: string): SimResponse {
  return openAiError(404, `No admin API key found with id '${keyId}'.`, "invalid_request_error");
}

function projectsPage(now: number): unknown {
  const project = {
    id: "proj_simulated",
    object: "organization.project",
    name: "Default project",
    created_at: now,
    archived_at: null,
    status: "active",
  };
  return {
    object: "list",
    data: [project],
    first_id: project.id,
    last_id: project.id,
    has_more: false,
  };
}
