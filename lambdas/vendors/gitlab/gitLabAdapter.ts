import * as z from "zod/mini";
import "../../contract/schema";
import { ConfigurationError } from "../../contract/errors";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { expiryFromDateString, isoFromDateString, readKeyPages, vendorKey } from "../kit/keys";
import {
  deleteOutcome,
  expectJson,
  jsonErrorText,
  refuseAtCap,
  vendorFailure,
  verifyOutcome,
} from "../kit/responses";
import { sendVerify, type AdapterConfig } from "../kit/adapterCore";
import { jsonAdmin } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import { GITLAB_BASE_URL, type GitLabAdminCredential, type GitLabOptions } from "./options";

const MS_PER_DAY = 86_400_000;
/** GitLab's largest `per_page`. */
const LIST_PAGE_SIZE = 100;
/** Pages read before the listing is refused as runaway (10,000 tokens). */
const MAX_LIST_PAGES = 100;

/** A project/group access token as GitLab lists it (only the fields the engine reads). */
const tokenRecord = z.object({
  id: z.union([z.number(), z.string().check(z.minLength(1))]),
  name: z.string(),
  active: z.optional(z.nullable(z.boolean())),
  revoked: z.optional(z.nullable(z.boolean())),
  created_at: z.optional(z.nullable(z.string())),
  expires_at: z.optional(z.nullable(z.string())),
  last_used_at: z.optional(z.nullable(z.string())),
});

const createResponse = z.extend(tokenRecord, { token: z.string().check(z.minLength(1)) });
const selfResponse = z.object({ active: z.boolean(), revoked: z.boolean() });

/**
 * GitLab error bodies: `{"message": "401 Unauthorized"}`, `{"message": {field:
 * [...]}}` (model validation) or `{"error": "name is missing"}` (parameter
 * validation, insufficient scope).
 */
export function gitLabErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const { message, error } = body as { message?: unknown; error?: unknown };
    const text = message ?? error;
    if (typeof text === "string") return text;
    return text === undefined || text === null ? undefined : JSON.stringify(text);
  });
}

/** Admin calls carry the personal access token in `PRIVATE-TOKEN`. */
const gitLabAdmin = jsonAdmin<GitLabOptions, GitLabAdminCredential>((credential) => ({
  "private-token": credential.token,
}));

/** What {@link GitLabAdapter} is built from. */
export interface GitLabAdapterOptions extends AdapterConfig<GitLabOptions, GitLabAdminCredential> {
  /** Clock for `expires_at`, epoch ms. @default Date.now */
  readonly now?: () => number;
}

/**
 * GitLab project (or group) access tokens (VENDORS.md): `PRIVATE-TOKEN` admin
 * header; create `POST …/access_tokens` shows the `token` once; revoke
 * `DELETE …/access_tokens/:id`; the listing is offset-paged (`X-Next-Page`,
 * `Link`). The rotate endpoint is never called: it revokes the old token at
 * once, and a blind retry of it triggers reuse detection, which revokes the
 * whole token family. Verification is `GET /personal_access_tokens/self`.
 */
export class GitLabAdapter extends builtInAdapter<
  GitLabOptions,
  GitLabAdminCredential,
  GitLabAdapterOptions
>({
  vendor: "gitlab",
  secretShownOnce: true,
  // Each listed key carries `last_used_at` (the canary check and gated revocation read it).
  reportsLastUse: true,
  baseUrl: GITLAB_BASE_URL,
  errorText: gitLabErrorText,
  authHint: (options) =>
    `check the personal access token in the admin credential secret (api scope, ${options.scope === "group" ? "Owner of the group" : "Maintainer of the project"})`,
  admin: gitLabAdmin,
}) {
  /** Admin calls to full URLs (the listing follows the URLs GitLab pages with). */
  private readonly adminUrl = gitLabAdmin({ ...this.core, baseUrl: "" }, this.config);
  private readonly now = this.config.now ?? Date.now;

  private get tokensPath(): string {
    const { scope, id } = this.config.options;
    return `/${scope === "group" ? "groups" : "projects"}/${encodeURIComponent(String(id))}/access_tokens`;
  }

  /**
   * Creates a token expiring `ttlDays` from today (UTC). GitLab has no
   * non-expiring access tokens by default: `ttlDays` 0 omits `expires_at`, and
   * GitLab then applies its maximum lifetime.
   * @throws ConfigurationError when `ttlDays` exceeds `maxLifetimeDays`.
   */
  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const { scopes, accessLevel, maxLifetimeDays } = this.config.options;
    if (input.ttlDays > maxLifetimeDays) {
      const problem = `ROTATION_KEY_TTL_DAYS is ${input.ttlDays}, but GitLab access tokens may live at most ${maxLifetimeDays} days`;
      throw new ConfigurationError(
        `Invalid key lifetime for gitlab: ${problem}. Lower it, or raise \`maxLifetimeDays\` if your instance allows longer lifetimes.`,
        [problem],
      );
    }
    const body = {
      name: input.name,
      scopes,
      ...(input.ttlDays > 0 ? { expires_at: dateAfterDays(this.now(), input.ttlDays) } : {}),
      ...(accessLevel === undefined ? {} : { access_level: accessLevel }),
    };
    const res = await this.admin("createKey", "unsafe", "POST", this.tokensPath, body);
    const capPattern = /maximum number of .*tokens|token limit/i;
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, {
      statuses: [400],
      pattern: capPattern,
      message: (text) => `gitlab refused a new token: ${text}`,
    });
    const token = expectJson(res, [201, 200], createResponse, ctx);
    return { ...toVendorKey(token, "createKey"), secret: token.token };
  }

  /**
   * `GET /personal_access_tokens/self` with the token. A 403 `insufficient_scope`
   * proves the token authenticates (it lacks `read_api`), so it counts as valid.
   */
  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await sendVerify(this.core, "/personal_access_tokens/self", {
      "private-token": secret,
    });
    if (res.status === 403 && gitLabErrorText(res) === "insufficient_scope") {
      return { outcome: "valid" };
    }
    const ctx = this.core.ctx("verifyKey");
    return verifyOutcome(res, ctx, (ok) => {
      const self = expectJson(ok, [200], selfResponse, ctx);
      return self.active && !self.revoked;
    });
  }

  /** Revokes with `DELETE`; a 400 is checked against the token's state (already revoked = done). */
  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const path = `${this.tokensPath}/${encodeURIComponent(keyId)}`;
    const res = await this.admin("revokeKey", "idempotent", "DELETE", path);
    const outcome = deleteOutcome(res);
    if (outcome !== undefined) return outcome;
    if (res.status === 400) {
      const current = await this.admin("getKey", "idempotent", "GET", path);
      if (current.status === 404) return "already-gone";
      if (current.status === 200) {
        const token = expectJson(current, [200], tokenRecord, this.core.ctx("getKey"));
        if (token.revoked === true || token.active === false) return "already-gone";
      }
    }
    throw vendorFailure(res, this.core.ctx("revokeKey"), keyId);
  }

  /** Active tokens of the project or group, following `X-Next-Page` (or `Link: rel="next"`). */
  public async listKeys(): Promise<readonly VendorKey[]> {
    return readKeyPages({
      vendor: this.vendor,
      first: `${this.core.baseUrl}${this.tokensPath}?state=active&per_page=${LIST_PAGE_SIZE}&page=1`,
      maxPages: MAX_LIST_PAGES,
      runaway: `gitlab listKeys stopped after ${MAX_LIST_PAGES} pages of ${LIST_PAGE_SIZE} tokens`,
      page: async (url) => {
        const res = await this.adminUrl("listKeys", "idempotent", "GET", url);
        const tokens = expectJson(res, [200], z.array(tokenRecord), this.core.ctx("listKeys"));
        const active = tokens.filter((t) => t.active !== false && t.revoked !== true);
        return {
          keys: active.map((t) => toVendorKey(t, "listKeys")),
          next: this.nextPage(res, url),
        };
      },
    });
  }

  private nextPage(res: VendorResponse, current: string): string | undefined {
    const nextPage = res.headers.get("x-next-page");
    if (nextPage !== null) {
      if (!/^\d+$/.test(nextPage.trim())) return undefined;
      const next = new URL(current);
      next.searchParams.set("page", nextPage.trim());
      return next.toString();
    }
    const link = /<([^>]+)>\s*;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    // Never send the token to another host than the configured one.
    return link !== undefined && new URL(link).origin === new URL(this.core.baseUrl).origin
      ? link
      : undefined;
  }
}

/** `YYYY-MM-DD`, `days` after `nowMs` (UTC), as GitLab's `expires_at` takes it. */
export function dateAfterDays(nowMs: number, days: number): string {
  return new Date(nowMs + days * MS_PER_DAY).toISOString().slice(0, 10);
}

function toVendorKey(t: z.infer<typeof tokenRecord>, operation: string): VendorKey {
  return vendorKey(String(t.id), t.name, {
    createdAt: isoFromDateString(t.created_at),
    // GitLab expires a token at the start (00:00 UTC) of its `expires_at` date.
    expiresAt: expiryFromDateString(t.expires_at, {
      vendor: "gitlab",
      operation,
      field: "expires_at",
    }),
    lastUsedAt: isoFromDateString(t.last_used_at),
  });
}
