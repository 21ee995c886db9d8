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

export interface DatadogAdapterOptions {
  readonly options: DatadogOptions;
  /** Loads the API + application key pair; called only for admin calls. */
  readonly credential: () => Promise<DatadogAdminCredential>;
  readonly http?: VendorHttp;
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
export class DatadogAdapter implements VendorAdapter {
  public readonly vendor = "datadog";
  public readonly maxActiveKeys = DATADOG_MAX_KEYS;
  public readonly secretShownOnce = false;
  private readonly baseUrl: string;
  private readonly http: VendorHttp;

  public constructor(private readonly config: DatadogAdapterOptions) {
    this.baseUrl = (config.options.baseUrl ?? `https://api.${config.options.site}`).replace(
      /\/+$/,
      "",
    );
    this.http = config.http ?? new VendorHttp({ vendor: this.vendor });
  }

  private ctx(operation: string): ResponseContext {
    return {
      vendor: this.vendor,
      operation,
      errorText: datadogErrorText,
      authHint:
        "check the API and application keys in the admin credential secret, and the application key's api_keys permissions",
    };
  }

  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const body = { data: { type: "api_keys", attributes: { name: input.name } } };
    const res = await this.admin("createKey", "unsafe", "POST", "/api/v2/api_keys", body);
    if ((res.status === 400 || res.status === 403) && (await this.isCapRefusal(res))) {
      throw new VendorCapacityError(
        `datadog refused a new key: the organization has reached its cap of API keys (${datadogErrorText(res)})`,
        {
          vendor: this.vendor,
          operation: "createKey",
          status: res.status,
        },
      );
    }
    const { data } = expectJson(res, [201], createResponse, this.ctx("createKey"));
    return { ...toVendorKey(data, input.name), secret: data.attributes.key };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await this.http.send("verifyKey", "idempotent", () => ({
      method: "GET",
      url: `${this.baseUrl}/api/v1/validate`,
      headers: { "dd-api-key": secret, accept: "application/json" },
    }));
    if (res.status === 401 || res.status === 403)
      return { outcome: "rejected", status: res.status };
    const { valid } = expectJson(res, [200], validateResponse, this.ctx("verifyKey"));
    return valid ? { outcome: "valid" } : { outcome: "rejected", status: res.status };
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const res = await this.admin(
      "revokeKey",
      "idempotent",
      "DELETE",
      `/api/v2/api_keys/${encodeURIComponent(keyId)}`,
    );
    if (res.status === 204 || res.status === 200) return "revoked";
    if (res.status === 404) return "already-gone";
    throw vendorFailure(res, this.ctx("revokeKey"), keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    return (await this.listAll()).keys;
  }

  /** Every page of `GET /api/v2/api_keys`, oldest first, with the organization's cap. */
  private async listAll(): Promise<{ keys: VendorKey[]; maxAllowed: number }> {
    const keys: VendorKey[] = [];
    let maxAllowed = DATADOG_MAX_KEYS;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({
        "page[size]": String(PAGE_SIZE),
        "page[number]": String(page),
        sort: "created_at",
      });
      const res = await this.admin(
        "listKeys",
        "idempotent",
        "GET",
        `/api/v2/api_keys?${query.toString()}`,
      );
      const { data, meta } = expectJson(res, [200], listResponse, this.ctx("listKeys"));
      keys.push(...data.map((k) => toVendorKey(k)));
      maxAllowed = meta?.max_allowed ?? maxAllowed;
      const total = meta?.page?.total_filtered_count;
      if (data.length < PAGE_SIZE || (total !== undefined && keys.length >= total))
        return { keys, maxAllowed };
    }
    throw new VendorResponseError(
      `datadog listKeys returned more than ${MAX_PAGES} full pages of API keys`,
      {
        vendor: this.vendor,
        operation: "listKeys",
      },
    );
  }

  /**
   * Datadog documents no body for a create beyond the cap: the error text
   * decides when it names a limit; otherwise the key count against the
   * organization's `max_allowed` does (a failed count leaves the error as it is).
   */
  private async isCapRefusal(res: VendorResponse): Promise<boolean> {
    if (/limit|maximum|max_allowed|too many/i.test(datadogErrorText(res))) return true;
    const listed = await this.listAll().catch(() => undefined);
    return listed !== undefined && listed.keys.length >= listed.maxAllowed;
  }

  private async admin(
    operation: string,
    policy: RetryPolicy,
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<VendorResponse> {
    const credential = await this.config.credential();
    return this.http.send(operation, policy, () => ({
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        "dd-api-key": credential.apiKey,
        "dd-application-key": credential.applicationKey,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
  }
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
  const createdAt = iso(k.attributes.created_at);
  const lastUsedAt = iso(k.attributes.date_last_used);
  return {
    id: k.id,
    name: k.attributes.name ?? fallbackName,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
  };
}

/** Datadog's date strings (ISO-8601, with or without milliseconds) to ISO-8601; others dropped. */
function iso(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
