import * as z from "zod/mini";
import "../../contract/schema";
import { ConfigurationError } from "../../contract/errors";
import { VendorResponseError } from "../kit/errors";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { expiryFromUnixSeconds, isoFromUnixSeconds, readKeyPages, vendorKey } from "../kit/keys";
import { expectJson, jsonErrorText, refuseAtCap } from "../kit/responses";
import { jsonAdmin } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import { bearer } from "../kit/vendorRequests";
import {
  OPENAI_BASE_URL,
  OPENAI_MAX_EXPIRES_IN_SECONDS,
  type OpenAiAdminCredential,
  type OpenAiOptions,
} from "./options";

const SECONDS_PER_DAY = 86_400;
/** Page size of the key listing; the spec's default is 20. */
const LIST_PAGE_SIZE = 100;
/** Pages read before the listing is refused as runaway (10,000 keys). */
const MAX_LIST_PAGES = 100;

const unixSeconds = z.number().check(z.refine(Number.isInteger), z.gte(0));

/** `AdminApiKey` (openai-openapi): only the fields the engine reads. */
const keyRecord = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.optional(z.nullable(z.string())),
  created_at: z.optional(unixSeconds),
  expires_at: z.optional(z.nullable(unixSeconds)),
  last_used_at: z.optional(z.nullable(unixSeconds)),
});

const createResponse = z.extend(keyRecord, { value: z.string().check(z.minLength(1)) });

const listResponse = z.object({
  data: z.array(keyRecord),
  has_more: z.boolean(),
  last_id: z.optional(z.nullable(z.string())),
});

const deleteResponse = z.object({ id: z.optional(z.string()), deleted: z.boolean() });

/**
 * OpenAI error envelope: `{error: {message, type, param, code}}`. A 401's
 * message quotes a redacted form of the key sent (`sk-admin***abcd`); even
 * that is masked here.
 */
export function openAiErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const error = (body as { error?: { code?: unknown; type?: unknown; message?: unknown } }).error;
    const label = [error?.code, error?.type].find((p) => typeof p === "string" && p.length > 0);
    const message =
      typeof error?.message === "string"
        ? error.message.replace(/\bsk-[\w*.-]*[\w*-]/g, "[redacted key]")
        : undefined;
    return [label, message].filter((p) => typeof p === "string").join(": ");
  });
}

/**
 * OpenAI organization admin API keys (VENDORS.md): Bearer admin key; create
 * `POST /organization/admin_api_keys` `{name, expires_in_seconds?}` shows the
 * key's `value` once; the listing is cursor-paged (`after`, `has_more`,
 * `last_id`); `last_used_at` is reported. Admin keys work on administration
 * endpoints only, so a new key is verified with `GET /organization/projects`
 * (not `/models`, which admin keys cannot call). No cap is documented.
 */
export class OpenAiAdapter extends builtInAdapter<OpenAiOptions, OpenAiAdminCredential>({
  vendor: "openai",
  secretShownOnce: true,
  // Each listed key carries `last_used_at` (the canary check and gated revocation read it).
  reportsLastUse: true,
  baseUrl: OPENAI_BASE_URL,
  errorText: openAiErrorText,
  authHint: "check the admin API key in the admin credential secret",
  admin: jsonAdmin((credential) => bearer(credential.adminApiKey)),
}) {
  /**
   * Creates an admin key expiring after `ttlDays` (1-365; 0 = no expiry).
   * @throws ConfigurationError when `ttlDays` exceeds OpenAI's 365-day maximum.
   */
  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const expiresIn = input.ttlDays * SECONDS_PER_DAY;
    if (expiresIn > OPENAI_MAX_EXPIRES_IN_SECONDS) {
      const problem = `ROTATION_KEY_TTL_DAYS is ${input.ttlDays}, but OpenAI admin keys expire after at most 365 days (expires_in_seconds ≤ ${OPENAI_MAX_EXPIRES_IN_SECONDS})`;
      throw new ConfigurationError(
        `Invalid key lifetime for openai: ${problem}. Set it to 1-365, or 0 for keys that do not expire.`,
        [problem],
      );
    }
    const body = { name: input.name, ...(expiresIn > 0 ? { expires_in_seconds: expiresIn } : {}) };
    const res = await this.admin(
      "createKey",
      "unsafe",
      "POST",
      "/organization/admin_api_keys",
      body,
    );
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, {
      statuses: [400, 409],
      pattern: /maximum|limit/i,
      message: (text) => `openai refused a new key: ${text}`,
    });
    const key = expectJson(res, [200, 201], createResponse, ctx);
    return { ...toVendorKey(key, "createKey"), secret: key.value };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    return this.verifyWith("/organization/projects?limit=1", bearer(secret));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const path = `/organization/admin_api_keys/${encodeURIComponent(keyId)}`;
    const res = await this.admin("revokeKey", "idempotent", "DELETE", path);
    if (res.status === 404) return "already-gone";
    const { deleted } = expectJson(res, [200], deleteResponse, this.core.ctx("revokeKey"));
    if (!deleted) {
      throw new VendorResponseError(`openai revokeKey answered deleted: false for key ${keyId}`, {
        vendor: this.vendor,
        operation: "revokeKey",
        status: res.status,
        keyId,
      });
    }
    return "revoked";
  }

  /** Every admin key of the organization, following the cursor until `has_more` is false. */
  public async listKeys(): Promise<readonly VendorKey[]> {
    return readKeyPages<{ after?: string }>({
      vendor: this.vendor,
      first: {},
      maxPages: MAX_LIST_PAGES,
      runaway: `openai listKeys stopped after ${MAX_LIST_PAGES} pages of ${LIST_PAGE_SIZE} keys`,
      page: async ({ after }) => {
        const query = new URLSearchParams({ limit: String(LIST_PAGE_SIZE), order: "asc" });
        if (after !== undefined) query.set("after", after);
        const path = `/organization/admin_api_keys?${query.toString()}`;
        const res = await this.admin("listKeys", "idempotent", "GET", path);
        const body = expectJson(res, [200], listResponse, this.core.ctx("listKeys"));
        const keys = body.data.map((k) => toVendorKey(k, "listKeys"));
        if (!body.has_more) return { keys };
        const next = body.last_id ?? body.data.at(-1)?.id;
        if (next === undefined || next === after) {
          throw new VendorResponseError(
            "openai listKeys returned has_more: true without a new cursor (last_id)",
            { vendor: this.vendor, operation: "listKeys", status: res.status },
          );
        }
        return { keys, next: { after: next } };
      },
    });
  }
}

function toVendorKey(k: z.infer<typeof keyRecord>, operation: string): VendorKey {
  return vendorKey(k.id, k.name ?? "", {
    createdAt: isoFromUnixSeconds(k.created_at),
    expiresAt: expiryFromUnixSeconds(k.expires_at, {
      vendor: "openai",
      operation,
      field: "expires_at",
    }),
    lastUsedAt: isoFromUnixSeconds(k.last_used_at),
  });
}
