/**
 * GitLab's shapes for the simulator: access-token JSON, error bodies, offset
 * pagination headers (`X-Next-Page`, `Link`…), rate-limit headers, and the
 * request-body parsing GitLab's Grape API does (JSON or form).
 */
import type { SimFailureStatus } from "../vendorSimulator";
import type { StoredKey } from "../shared/simKeyStore";
import type { SimResponse } from "../shared/simServer";

/** Scopes GitLab accepts for project and group access tokens. */
export const GITLAB_SCOPES = [
  "api",
  "read_api",
  "read_registry",
  "write_registry",
  "read_repository",
  "write_repository",
  "create_runner",
  "manage_runner",
  "ai_features",
  "k8s_proxy",
  "self_rotate",
  "read_observability",
  "write_observability",
];

/** Role values an access token can hold. */
export const GITLAB_ACCESS_LEVELS = [10, 15, 20, 30, 40, 50];

/** `{"message": ...}`, GitLab's usual error body (`"404 Not Found"`, `"400 Bad request - …"`). */
export function gitLabMessage(status: number, message: unknown): SimResponse {
  return { status, body: { message } };
}

/** `{"error": ...}`, the body of Grape's parameter validation and of scope errors. */
export function gitLabError(status: number, error: string, extra: object = {}): SimResponse {
  return { status, body: { error, ...extra } };
}

/** The token as GitLab shows it; `withToken` only in the create (and rotate) response. */
export function tokenResource(key: StoredKey, nowSeconds: number, withToken: boolean): object {
  const expired = key.expiresAt !== null && nowSeconds >= key.expiresAt;
  return {
    id: Number(key.id),
    name: key.name,
    revoked: key.status === "revoked",
    created_at: new Date(key.createdAt * 1000).toISOString(),
    description: null,
    scopes: key.extra.scopes,
    user_id: key.extra.userId,
    last_used_at:
      key.lastUsedAt === undefined ? null : new Date(key.lastUsedAt * 1000).toISOString(),
    active: key.status === "active" && !expired,
    expires_at:
      key.expiresAt === null ? null : new Date(key.expiresAt * 1000).toISOString().slice(0, 10),
    access_level: key.extra.accessLevel,
    ...(withToken ? { token: key.secret } : {}),
  };
}

/** One page of `items` and GitLab's offset-pagination headers (absolute `Link` URLs). */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  requestUrl: URL,
): { page: T[]; headers: Record<string, string> } | SimResponse {
  const page = Number(query.get("page") ?? "1");
  const perPage = Math.min(Number(query.get("per_page") ?? "20"), 100);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) {
    return gitLabError(400, "page is invalid, per_page is invalid");
  }
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string): string => {
    const url = new URL(requestUrl);
    url.searchParams.set("page", String(p));
    url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, "prev")] : []),
    ...(page < totalPages ? [link(page + 1, "next")] : []),
    link(1, "first"),
    link(totalPages, "last"),
  ];
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: {
      "X-Page": String(page),
      "X-Per-Page": String(perPage),
      "X-Next-Page": page < totalPages ? String(page + 1) : "",
      "X-Prev-Page": page > 1 ? String(page - 1) : "",
      "X-Total": String(items.length),
      "X-Total-Pages": String(totalPages),
      Link: links.join(", "),
    },
  };
}

/** GitLab's answers to injected failures: a plain-text 429 with rate-limit headers, 5xx pages. */
export function gitLabFailure(
  status: SimFailureStatus,
  retryAfterSeconds: number,
  nowMs: number,
): SimResponse {
  if (status === 429) {
    const reset = new Date(nowMs + retryAfterSeconds * 1000);
    return {
      status,
      body: "Retry later\n",
      contentType: "text/plain",
      headers: {
        "Retry-After": String(retryAfterSeconds),
        "RateLimit-Limit": "600",
        "RateLimit-Observed": "601",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": String(Math.floor(reset.getTime() / 1000)),
        "RateLimit-ResetTime": reset.toUTCString(),
      },
    };
  }
  if (status === 500) return gitLabMessage(500, "500 Internal Server Error");
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Unavailable";
  return {
    status,
    body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>GitLab is not responding</h1></body></html>`,
    contentType: "text/html",
  };
}

/** The request body as Grape reads it: JSON when so declared, else form-encoded. */
export function parseParams(
  rawBody: string,
  contentType: string | undefined,
): Record<string, unknown> | undefined {
  if ((contentType ?? "").includes("application/json")) {
    try {
      const parsed = JSON.parse(rawBody === "" ? "{}" : rawBody) as unknown;
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  const form = new URLSearchParams(rawBody);
  const params: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (key.endsWith("[]")) {
      const list = (params[key.slice(0, -2)] as string[] | undefined) ?? [];
      params[key.slice(0, -2)] = [...list, value];
    } else params[key] = value;
  }
  return params;
}
