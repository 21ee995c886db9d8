import * as z from "zod/mini";
import "../../shared/schema";
import { VendorCapacityError, VendorResponseError } from "../../rotation/errors";
import type {
  CreateKeyInput,
  CreatedVendorKey,
  VendorAdapter,
  VendorKey,
  VerifyResult,
} from "../adapter";
import { VendorHttp, type RetryPolicy, type VendorResponse } from "../http";
import { expectJson, jsonErrorText, vendorFailure, type ResponseContext } from "../responses";
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

export interface CloudflareAdapterOptions {
  readonly options: CloudflareOptions;
  /** Loads the admin token; called only for admin calls (verification needs none). */
  readonly credential: () => Promise<CloudflareAdminCredential>;
  readonly http?: VendorHttp;
  /** Clock for `expires_on`. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * Cloudflare user API tokens (VENDORS.md; cloudflare/cloudflare-typescript
 * `src/resources/user/tokens/`): bearer admin token with "API Tokens Write";
 * `POST /user/tokens` with the configured policies shows `result.value` once;
 * the rotation's key TTL becomes `expires_on`; 50 user tokens at most; paged
 * list (`result_info`); `DELETE /user/tokens/{id}`; verification is
 * `GET /user/tokens/verify` with the new token. The roll endpoint
 * (`PUT /user/tokens/{id}/value`) is never used: it kills the old secret at
 * once, leaving no overlap window.
 */
export class CloudflareAdapter implements VendorAdapter {
  public readonly vendor = "cloudflare";
  public readonly maxActiveKeys = CLOUDFLARE_MAX_USER_TOKENS;
  public readonly secretShownOnce = true;
  private readonly baseUrl: string;
  private readonly http: VendorHttp;

  public constructor(private readonly config: CloudflareAdapterOptions) {
    this.baseUrl = (config.options.baseUrl ?? CLOUDFLARE_API).replace(/\/+$/, "");
    this.http = config.http ?? new VendorHttp({ vendor: this.vendor });
  }

  private ctx(operation: string): ResponseContext {
    return {
      vendor: this.vendor,
      operation,
      errorText: cloudflareErrorText,
      authHint: 'check that the admin token in the admin credential secret has "API Tokens Write"',
    };
  }

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
    if ((res.status === 400 || res.status === 403) && (await this.isCapRefusal(res))) {
      throw new VendorCapacityError(
        `cloudflare refused a new token: the user has reached the cap of ${CLOUDFLARE_MAX_USER_TOKENS} API tokens (${cloudflareErrorText(res)})`,
        { vendor: this.vendor, operation: "createKey", status: res.status },
      );
    }
    const { result } = expectJson(res, [200], createResponse, this.ctx("createKey"));
    return { ...toVendorKey(result, input.name), secret: result.value };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await this.http.send("verifyKey", "idempotent", () => ({
      method: "GET",
      url: `${this.baseUrl}/user/tokens/verify`,
      headers: { authorization: `Bearer ${secret}`, accept: "application/json" },
    }));
    if (res.status === 401 || res.status === 403)
      return { outcome: "rejected", status: res.status };
    const { result } = expectJson(res, [200], verifyResponse, this.ctx("verifyKey"));
    return result.status === "active"
      ? { outcome: "valid" }
      : { outcome: "rejected", status: res.status };
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const res = await this.admin(
      "revokeKey",
      "idempotent",
      "DELETE",
      `/user/tokens/${encodeURIComponent(keyId)}`,
    );
    if (res.status === 200 || res.status === 204) return "revoked";
    if (res.status === 404) return "already-gone";
    throw vendorFailure(res, this.ctx("revokeKey"), keyId);
  }

  /** Every token of the user, whatever its status: expired and disabled tokens still hold a slot. */
  public async listKeys(): Promise<readonly VendorKey[]> {
    const keys: VendorKey[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await this.admin(
        "listKeys",
        "idempotent",
        "GET",
        `/user/tokens?page=${page}&per_page=${PER_PAGE}`,
      );
      const { result, result_info: info } = expectJson(
        res,
        [200],
        listResponse,
        this.ctx("listKeys"),
      );
      keys.push(...result.map((t) => toVendorKey(t)));
      const pages = info?.total_pages;
      if (result.length < PER_PAGE || (pages !== undefined && page >= pages)) return keys;
    }
    throw new VendorResponseError(
      `cloudflare listKeys returned more than ${MAX_PAGES} full pages of tokens`,
      {
        vendor: this.vendor,
        operation: "listKeys",
      },
    );
  }

  /**
   * Cloudflare documents no body for a create beyond the cap: the error text
   * decides when it names a limit; otherwise the token count does (a failed
   * count leaves the error as it is).
   */
  private async isCapRefusal(res: VendorResponse): Promise<boolean> {
    if (/limit|maximum|too many/i.test(cloudflareErrorText(res))) return true;
    const keys = await this.listKeys().catch(() => undefined);
    return keys !== undefined && keys.length >= CLOUDFLARE_MAX_USER_TOKENS;
  }

  private async admin(
    operation: string,
    policy: RetryPolicy,
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<VendorResponse> {
    const { apiToken } = await this.config.credential();
    return this.http.send(operation, policy, () => ({
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        authorization: `Bearer ${apiToken}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
  }
}

function toVendorKey(t: Token, fallbackName = ""): VendorKey {
  const createdAt = iso(t.issued_on);
  const expiresAt = iso(t.expires_on);
  const lastUsedAt = iso(t.last_used_on);
  return {
    id: t.id,
    name: t.name ?? fallbackName,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
  };
}

function iso(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** ISO-8601 without milliseconds, as Cloudflare writes its times. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
