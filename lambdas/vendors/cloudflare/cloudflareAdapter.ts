import * as z from "zod/mini";
import "../../contract/schema";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { expiryFromDateString, isoFromDateString, readKeyPages, vendorKey } from "../kit/keys";
import { expectJson, jsonErrorText, refuseAtCap, type CapRefusal } from "../kit/responses";
import type { AdapterConfig } from "../kit/adapterCore";
import { jsonAdmin } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import { bearer } from "../kit/vendorRequests";
import { CLOUDFLARE_API, type CloudflareAdminCredential, type CloudflareOptions } from "./options";

/** Cloudflare's cap on user API tokens (account tokens: 500). */
export const CLOUDFLARE_MAX_USER_TOKENS = 50;
const PER_PAGE = 50;
/** Pages read before giving up: far beyond the cap, bounds a vendor that pages forever. */
const MAX_PAGES = 50;
const DAY_MS = 86_400_000;

const nonEmpty = z.string().check(z.minLength(1));
const token = {
  id: nonEmpty,
  name: z.optional(z.string()),
  status: z.optional(z.string()),
  issued_on: z.optional(z.string()),
  expires_on: z.optional(z.nullable(z.string())),
  last_used_on: z.optional(z.nullable(z.string())),
};
type Token = { id: string; name?: string | undefined } & Partial<
  Record<"issued_on" | "expires_on" | "last_used_on", string | null | undefined>
>;

const createResponse = z.object({
  success: z.literal(true),
  result: z.object({ ...token, value: nonEmpty }),
});
const listResponse = z.object({
  success: z.literal(true),
  result: z.array(z.object(token)),
  result_info: z.optional(z.object({ total_pages: z.optional(z.number()) })),
});
const verifyResponse = z.object({
  success: z.literal(true),
  result: z.object({ status: z.string() }),
});

/** Cloudflare v4 error envelope: `{success:false, errors:[{code, message}]}`; "code: message" joined. */
export function cloudflareErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const errors = (body as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return undefined;
    return errors
      .map((e) => {
        const { code, message } = e as { code?: unknown; message?: unknown };
        return typeof message === "string"
          ? typeof code === "number"
            ? `${code}: ${message}`
            : message
          : "";
      })
      .filter((m) => m.length > 0)
      .join("; ");
  });
}

/** What {@link CloudflareAdapter} is built from. */
export interface CloudflareAdapterOptions extends AdapterConfig<
  CloudflareOptions,
  CloudflareAdminCredential
> {
  /** Clock for `expires_on`. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * Cloudflare user API tokens (VENDORS.md; cloudflare/cloudflare-typescript
 * `src/resources/user/tokens/`): bearer admin token with "API Tokens Write";
 * `POST /user/tokens` with the configured policies shows `result.value` once;
 * the rotation's key TTL becomes `expires_on`; 50 user tokens at most; paged
 * list (`result_info`, expired tokens included); `DELETE /user/tokens/{id}`; verification is
 * `GET /user/tokens/verify` with the new token. The roll endpoint
 * (`PUT /user/tokens/{id}/value`) is never used: it kills the old secret at
 * once, leaving no overlap window.
 */
export class CloudflareAdapter extends builtInAdapter<
  CloudflareOptions,
  CloudflareAdminCredential,
  CloudflareAdapterOptions
>({
  vendor: "cloudflare",
  secretShownOnce: true,
  // Each listed key carries `last_used_on` (the canary check and gated revocation read it).
  reportsLastUse: true,
  maxActiveKeys: CLOUDFLARE_MAX_USER_TOKENS,
  baseUrl: CLOUDFLARE_API,
  errorText: cloudflareErrorText,
  authHint: 'check that the admin token in the admin credential secret has "API Tokens Write"',
  admin: jsonAdmin((credential) => bearer(credential.apiToken)),
}) {
  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const { policies, condition } = this.config.options;
    const now = (this.config.now ?? (() => new Date()))();
    const body = {
      name: input.name,
      policies,
      ...(condition === undefined ? {} : { condition }),
      ...(input.ttlDays > 0
        ? { expires_on: isoSeconds(new Date(now.getTime() + input.ttlDays * DAY_MS)) }
        : {}),
    };
    const res = await this.admin("createKey", "unsafe", "POST", "/user/tokens", body);
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, this.capRefusal);
    const { result } = expectJson(res, [200], createResponse, ctx);
    return { ...toVendorKey(result, "createKey", input.name), secret: result.value };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    return this.verifyWith(
      "/user/tokens/verify",
      bearer(secret),
      (ok, ctx) => expectJson(ok, [200], verifyResponse, ctx).result.status === "active",
    );
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    return this.deleteKey(`/user/tokens/${encodeURIComponent(keyId)}`, keyId);
  }

  /**
   * Every token of the user, whatever its status: expired and disabled tokens
   * still hold a slot under the cap and may be ours to reconcile. Cloudflare
   * lists expired tokens only when asked (`include_expired=true`,
   * cloudflare-typescript `TokenListParams`).
   */
  public async listKeys(): Promise<readonly VendorKey[]> {
    return readKeyPages({
      vendor: this.vendor,
      first: 1,
      maxPages: MAX_PAGES,
      runaway: `cloudflare listKeys returned more than ${MAX_PAGES} full pages of tokens`,
      page: async (page) => {
        const path = `/user/tokens?page=${page}&per_page=${PER_PAGE}&include_expired=true`;
        const res = await this.admin("listKeys", "idempotent", "GET", path);
        const ctx = this.core.ctx("listKeys");
        const { result, result_info: info } = expectJson(res, [200], listResponse, ctx);
        const pages = info?.total_pages;
        const done = result.length < PER_PAGE || (pages !== undefined && page >= pages);
        return {
          keys: result.map((t) => toVendorKey(t, "listKeys")),
          next: done ? undefined : page + 1,
        };
      },
    });
  }

  /**
   * Cloudflare documents no body for a create beyond the cap: the error text
   * decides when it names a limit; otherwise the token count does (a failed
   * count leaves the error as it is).
   */
  private readonly capRefusal: CapRefusal = {
    statuses: [400, 403],
    pattern: /limit|maximum|too many/i,
    atCap: async () => (await this.listKeys()).length >= CLOUDFLARE_MAX_USER_TOKENS,
    message: (text) =>
      `cloudflare refused a new token: the user has reached the cap of ${CLOUDFLARE_MAX_USER_TOKENS} API tokens (${text})`,
  };
}

function toVendorKey(t: Token, operation: string, fallbackName = ""): VendorKey {
  return vendorKey(t.id, t.name ?? fallbackName, {
    createdAt: isoFromDateString(t.issued_on),
    expiresAt: expiryFromDateString(t.expires_on, {
      vendor: "cloudflare",
      operation,
      field: "expires_on",
    }),
    lastUsedAt: isoFromDateString(t.last_used_on),
  });
}

/** ISO-8601 without milliseconds, as Cloudflare writes its times. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
