/**
 * GitLab's project and group access token API as the simulator answers it
 * (gitlabhq `doc/api/project_access_tokens.md`, `group_access_tokens.md`,
 * `personal_access_tokens.md`): `PRIVATE-TOKEN` auth, 201 create with the
 * `token` once, 204 revoke, offset-paged listing, `/personal_access_tokens/self`
 * to verify, and the rotate endpoint with its traps (the old token dies at
 * once; rotating a revoked token revokes the whole family).
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
import {
  GITLAB_ACCESS_LEVELS,
  GITLAB_SCOPES,
  gitLabError,
  gitLabFailure,
  gitLabMessage,
  paginate,
  parseParams,
  tokenResource,
} from "./gitLabResources";

const DAY_SECONDS = 86_400;
const PATH = /^\/api\/v4\/(projects|groups)\/([^/]+)\/access_tokens(?:\/([^/]+)(\/rotate)?)?$/;

/** The projects and groups the simulator knows: numeric id → full path. */
export interface GitLabResources {
  readonly projects: Readonly<Record<string, string>>;
  readonly groups: Readonly<Record<string, string>>;
}

/** The GitLab simulator's routes over a key store. */
export class GitLabDialect implements SimVendor {
  private nextId = 1000;

  public constructor(
    private readonly store: SimKeyStore,
    private readonly faults: FaultSwitches,
    private readonly adminToken: string,
    private readonly resources: GitLabResources,
    private readonly nowMs: () => number,
    private readonly maxLifetimeDays: number,
  ) {}

  public route(method: string, path: string): SimOperation {
    if (method === "GET" && path === "/api/v4/personal_access_tokens/self") return "verify";
    const match = PATH.exec(path);
    if (match === null || match[4] !== undefined) return "unknown";
    if (match[3] === undefined)
      return method === "POST" ? "create" : method === "GET" ? "list" : "unknown";
    return method === "GET" ? "get" : method === "DELETE" ? "delete" : "unknown";
  }

  public handle(request: SimRequest, operation: SimOperation): SimResponse {
    const token =
      request.headers["private-token"] ??
      /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (operation === "verify") return this.self(typeof token === "string" ? token : undefined);
    const match = PATH.exec(request.path);
    if (match === null) return gitLabMessage(404, "404 Not Found");
    if (token !== this.adminToken) return gitLabMessage(401, "401 Unauthorized");
    const kind = match[1] === "groups" ? "groups" : "projects";
    const resource = this.resolve(kind, decodeURIComponent(match[2] ?? ""));
    if (resource === undefined) {
      return gitLabMessage(404, `404 ${kind === "groups" ? "Group" : "Project"} Not Found`);
    }
    const tokens = this.store.all().filter((k) => k.extra.resource === resource);
    const target = tokens.find((k) => k.id === match[3]);
    if (match[4] !== undefined && request.method === "POST") return this.rotate(target);
    switch (operation) {
      case "create":
        return this.create(resource, parseParams(request.rawBody, request.headers["content-type"]));
      case "list": {
        const state = request.query.get("state");
        const now = this.store.nowSeconds();
        const shown = tokens
          .map((k) => tokenResource(k, now, false) as { active: boolean })
          .filter((t) => state === null || t.active === (state === "active"));
        const url = new URL(
          `${request.path}?${request.query.toString()}`,
          `http://${request.headers.host ?? "localhost"}`,
        );
        const paged = paginate(shown, request.query, url);
        return "status" in paged
          ? paged
          : { status: 200, body: paged.page, headers: paged.headers };
      }
      case "get":
        return target === undefined
          ? gitLabMessage(404, "404 Not Found")
          : { status: 200, body: tokenResource(target, this.store.nowSeconds(), false) };
      case "delete":
        if (target === undefined) return gitLabMessage(404, "404 Not Found");
        // GitLab's exact answer to revoking a revoked token is undocumented; a 400 is our assumption.
        if (target.status === "revoked")
          return gitLabMessage(400, "400 Bad request - Token already revoked");
        this.store.revoke(target.id);
        return { status: 204 };
      default:
        return gitLabMessage(405, "405 Method Not Allowed");
    }
  }

  public failure(status: SimFailureStatus, retryAfterSeconds: number): SimResponse {
    return gitLabFailure(status, retryAfterSeconds, this.nowMs());
  }

  public malform(json: unknown, kind: "missing-secret" | "missing-id"): unknown {
    deleteField(json, kind === "missing-secret" ? "token" : "id");
    return json;
  }

  private resolve(kind: "projects" | "groups", id: string): string | undefined {
    const known = this.resources[kind];
    const numeric = known[id] !== undefined ? id : Object.keys(known).find((k) => known[k] === id);
    return numeric === undefined ? undefined : `${kind}/${numeric}`;
  }

  private create(resource: string, params: Record<string, unknown> | undefined): SimResponse {
    if (params === undefined) return gitLabMessage(400, "400 Bad request - Invalid JSON payload");
    const { name, scopes, expires_at: expiresAt, access_level: accessLevel } = params;
    const missing = [
      typeof name === "string" && name !== "" ? undefined : "name is missing",
      Array.isArray(scopes) && scopes.length > 0 ? undefined : "scopes is missing",
    ].filter(Boolean);
    if (missing.length > 0) return gitLabError(400, missing.join(", "));
    if (!(scopes as unknown[]).every((s) => GITLAB_SCOPES.includes(String(s)))) {
      return gitLabError(400, "scopes does not have a valid value");
    }
    const level = accessLevel === undefined ? 40 : Number(accessLevel);
    if (!GITLAB_ACCESS_LEVELS.includes(level))
      return gitLabError(400, "access_level does not have a valid value");
    const today = Math.floor(this.nowMs() / 1000 / DAY_SECONDS) * DAY_SECONDS;
    const maxDate = today + this.maxLifetimeDays * DAY_SECONDS;
    let expires = maxDate;
    if (expiresAt !== undefined && expiresAt !== null) {
      if (typeof expiresAt !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(expiresAt))
        return gitLabError(400, "expires_at is invalid");
      expires = Date.parse(`${expiresAt}T00:00:00Z`) / 1000;
      if (expires > maxDate)
        return gitLabMessage(
          400,
          `400 Bad request - Expires at must be before ${isoDate(maxDate + DAY_SECONDS)}`,
        );
      if (expires <= today)
        return gitLabMessage(400, "400 Bad request - Expires at cannot be in the past");
    }
    if (
      this.store.active().filter((k) => k.extra.resource === resource).length >=
      this.faults.maxActiveKeys
    ) {
      // GitLab documents no cap on access tokens: this refusal is our assumption.
      return gitLabMessage(
        400,
        `400 Bad request - Maximum number of access tokens (${this.faults.maxActiveKeys}) reached for this ${resource.startsWith("groups") ? "group" : "project"}. Revoke a token before creating a new one.`,
      );
    }
    const key = this.mint(String(name), resource, scopes as string[], level, expires);
    return {
      status: 201,
      body: tokenResource(key, this.store.nowSeconds(), true),
      secrets: [key.secret],
      created: true,
    };
  }

  /** The documented rotate endpoint, trap included. The adapter must never call it. */
  private rotate(target: StoredKey | undefined): SimResponse {
    if (target === undefined) return gitLabMessage(404, "404 Not Found");
    const family = target.extra.family;
    if (target.status === "revoked") {
      for (const key of this.store.active().filter((k) => k.extra.family === family))
        this.store.revoke(key.id);
      return gitLabMessage(401, "401 Unauthorized");
    }
    this.store.revoke(target.id);
    const resource = String(target.extra.resource);
    const expires = this.store.nowSeconds() + 7 * DAY_SECONDS;
    const key = this.mint(
      target.name,
      resource,
      target.extra.scopes as string[],
      Number(target.extra.accessLevel),
      expires,
      family,
    );
    return {
      status: 200,
      body: tokenResource(key, this.store.nowSeconds(), true),
      secrets: [key.secret],
      created: true,
    };
  }

  private mint(
    name: string,
    resource: string,
    scopes: string[],
    level: number,
    expiresAt: number,
    family?: unknown,
  ): StoredKey {
    const id = String(this.nextId++);
    return this.store.create({
      id,
      name,
      secret: `glpat-${randomBytes(15).toString("base64url")}`,
      expiresAt,
      activationDelayMs: this.faults.activationDelayMs,
      extra: {
        resource,
        scopes,
        accessLevel: level,
        userId: 9000 + Number(id),
        family: family ?? id,
      },
    });
  }

  private self(token: string | undefined): SimResponse {
    if (token === this.adminToken) {
      return {
        status: 200,
        body: {
          id: 1,
          name: "rotation admin",
          revoked: false,
          created_at: "2024-01-01T00:00:00.000Z",
          description: null,
          scopes: ["api"],
          user_id: 1,
          last_used_at: null,
          active: true,
          expires_at: null,
        },
      };
    }
    if (token === undefined || this.store.rejection(token) !== undefined)
      return gitLabMessage(401, "401 Unauthorized");
    const key = this.store.bySecret(token) as StoredKey;
    const scopes = key.extra.scopes as string[];
    if (!scopes.includes("api") && !scopes.includes("read_api")) {
      return gitLabError(403, "insufficient_scope", {
        error_description:
          "The request requires higher privileges than provided by the access token.",
        scope: "api read_api",
      });
    }
    this.store.markUsed(token);
    const { access_level: _level, ...self } = tokenResource(
      key,
      this.store.nowSeconds(),
      false,
    ) as Record<string, unknown>;
    return { status: 200, body: self };
  }
}

function isoDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}
