import * as z from "zod/mini";
import "../../contract/schema";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { isoFromDateString, readKeyPages, vendorKey } from "../kit/keys";
import { expectJson, jsonErrorText, refuseAtCap, type CapRefusal } from "../kit/responses";
import { jsonAdmin } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import type { DatadogAdminCredential, DatadogOptions } from "./options";

/** Datadog's default cap on API keys per organization (the list's `meta.max_allowed` wins when given). */
export const DATADOG_MAX_KEYS = 50;
/** The spec's largest `page[size]`. */
const PAGE_SIZE = 100;
/** Pages read before giving up: far beyond any cap, bounds a vendor that pages forever. */
const MAX_PAGES = 50;

const nonEmpty = z.string().check(z.minLength(1));
const attributes = {
  name: z.optional(z.string()),
  created_at: z.optional(z.string()),
  date_last_used: z.optional(z.nullable(z.string())),
};

const createResponse = z.object({
  data: z.object({ id: nonEmpty, attributes: z.object({ ...attributes, key: nonEmpty }) }),
});

const listResponse = z.object({
  data: z.array(z.object({ id: nonEmpty, attributes: z.object(attributes) })),
  meta: z.optional(
    z.object({
      max_allowed: z.optional(z.number()),
      page: z.optional(z.object({ total_filtered_count: z.optional(z.number()) })),
    }),
  ),
});

const validateResponse = z.object({ valid: z.boolean() });

/** Datadog error envelope: `{errors: ["..."]}`; entries joined. */
export function datadogErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const errors = (body as { errors?: unknown }).errors;
    return Array.isArray(errors)
      ? errors.filter((e) => typeof e === "string").join("; ")
      : undefined;
  });
}

/**
 * Datadog API keys (VENDORS.md; DataDog/datadog-api-client-typescript
 * `KeyManagementApi`, `AuthenticationApi`): `DD-API-KEY` + `DD-APPLICATION-KEY`
 * admin headers, JSON:API bodies, `POST /api/v2/api_keys` → 201 with
 * `data.attributes.key`; keys never expire (the rotation's key TTL is
 * ignored); 50 keys per organization by default; the list is paged
 * (`page[size]`, `page[number]`) and carries `date_last_used`; verification is
 * `GET /api/v1/validate` with the key, which answers 403 for a bad key. Datadog
 * lets an admin read a key's secret again, so it is not shown once only.
 */
export class DatadogAdapter extends builtInAdapter<DatadogOptions, DatadogAdminCredential>({
  vendor: "datadog",
  secretShownOnce: false,
  // Each listed key carries `date_last_used` (the canary check and gated revocation read it).
  reportsLastUse: true,
  maxActiveKeys: DATADOG_MAX_KEYS,
  baseUrl: (options) => `https://api.${options.site}`,
  errorText: datadogErrorText,
  authHint:
    "check the API and application keys in the admin credential secret, and the application key's api_keys permissions",
  admin: jsonAdmin((credential) => ({
    "dd-api-key": credential.apiKey,
    "dd-application-key": credential.applicationKey,
  })),
}) {
  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const body = { data: { type: "api_keys", attributes: { name: input.name } } };
    const res = await this.admin("createKey", "unsafe", "POST", "/api/v2/api_keys", body);
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, this.capRefusal);
    const { data } = expectJson(res, [201], createResponse, ctx);
    return { ...toVendorKey(data, input.name), secret: data.attributes.key };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    return this.verifyWith(
      "/api/v1/validate",
      { "dd-api-key": secret },
      (ok, ctx) => expectJson(ok, [200], validateResponse, ctx).valid,
    );
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    return this.deleteKey(`/api/v2/api_keys/${encodeURIComponent(keyId)}`, keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    return (await this.listAll()).keys;
  }

  /** Every page of `GET /api/v2/api_keys`, oldest first, with the organization's cap. */
  private async listAll(): Promise<{ keys: VendorKey[]; maxAllowed: number }> {
    let maxAllowed = DATADOG_MAX_KEYS;
    let listed = 0;
    const keys = await readKeyPages({
      vendor: this.vendor,
      first: 0,
      maxPages: MAX_PAGES,
      runaway: `datadog listKeys returned more than ${MAX_PAGES} full pages of API keys`,
      page: async (page) => {
        const query = new URLSearchParams({
          "page[size]": String(PAGE_SIZE),
          "page[number]": String(page),
          sort: "created_at",
        });
        const path = `/api/v2/api_keys?${query.toString()}`;
        const res = await this.admin("listKeys", "idempotent", "GET", path);
        const { data, meta } = expectJson(res, [200], listResponse, this.core.ctx("listKeys"));
        maxAllowed = meta?.max_allowed ?? maxAllowed;
        listed += data.length;
        const total = meta?.page?.total_filtered_count;
        const done = data.length < PAGE_SIZE || (total !== undefined && listed >= total);
        return { keys: data.map((k) => toVendorKey(k)), next: done ? undefined : page + 1 };
      },
    });
    return { keys, maxAllowed };
  }

  /**
   * Datadog documents no body for a create beyond the cap: the error text
   * decides when it names a limit; otherwise the key count against the
   * organization's `max_allowed` does (a failed count leaves the error as it is).
   */
  private readonly capRefusal: CapRefusal = {
    statuses: [400, 403],
    pattern: /limit|maximum|max_allowed|too many/i,
    atCap: async () => {
      const listed = await this.listAll();
      return listed.keys.length >= listed.maxAllowed;
    },
    message: (text) =>
      `datadog refused a new key: the organization has reached its cap of API keys (${text})`,
  };
}

function toVendorKey(
  k: {
    id: string;
    attributes: {
      name?: string | undefined;
      created_at?: string | undefined;
      date_last_used?: string | null | undefined;
    };
  },
  fallbackName = "",
): VendorKey {
  return vendorKey(k.id, k.attributes.name ?? fallbackName, {
    createdAt: isoFromDateString(k.attributes.created_at),
    lastUsedAt: isoFromDateString(k.attributes.date_last_used),
  });
}
