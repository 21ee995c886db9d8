import * as z from "zod/mini";
import "../../contract/schema";
import { VendorResponseError, type VendorCapacityError } from "../kit/errors";
import type {
  CreateKeyInput,
  CreatedVendorKey,
  VendorAdapter,
  VendorKey,
  VerifyResult,
} from "../kit/adapter";
import { adapterCore, type AdapterConfig, type AdapterCore } from "../kit/adapterCore";
import type { RetryPolicy, VendorResponse } from "../kit/transport";
import { capacityError, expectJson, vendorFailure } from "../kit/responses";
import { adminAuthHeaders, verifyAuthHeaders, type HttpAdminCredential } from "./auth";
import type { HttpOptions, HttpRequestOptions } from "./httpOptions";
import { readPath } from "./jsonPath";
import { collectItems } from "./pagination";
import { buildRequest, errorTextOf, idText, operationUrl, optionalTimes } from "./requests";
import { renderExpiry, type TemplateVariables } from "./templates";

/** What {@link HttpAdapter} is built from. */
export interface HttpAdapterOptions extends AdapterConfig<HttpOptions, HttpAdminCredential> {
  /** Clock for `{expiry}` datetimes. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The configurable adapter (`ROTATION_VENDOR=http`): a vendor's key API
 * described by options (docs/httpAdapter.md) instead of code. Create, list
 * and revoke carry the admin credential (by `adminAuth`); verify carries the
 * new key (by `verify.auth`). A create is never retried blindly (`unsafe`);
 * list, revoke and verify are. Keys are assumed shown once.
 */
export class HttpAdapter implements VendorAdapter {
  public readonly vendor = "http";
  public readonly secretShownOnce = true;
  public readonly maxActiveKeys?: number;
  /** True when the options map a listed key's `lastUsedAt`. */
  public readonly reportsLastUse: boolean;
  private readonly options: HttpOptions;
  private readonly errorText: (res: VendorResponse) => string;
  private readonly capPattern?: RegExp;
  private readonly core: AdapterCore;

  public constructor(private readonly config: HttpAdapterOptions) {
    this.options = config.options;
    this.errorText = errorTextOf(this.options.errorPaths);
    if (this.options.maxActiveKeys !== undefined) this.maxActiveKeys = this.options.maxActiveKeys;
    this.reportsLastUse = this.options.list.fields.lastUsedAt !== undefined;
    const pattern = this.options.capReached?.bodyPattern;
    if (pattern !== undefined) this.capPattern = new RegExp(pattern, "i");
    this.core = adapterCore({
      vendor: this.vendor,
      baseUrl: this.options.baseUrl,
      http: config.http,
      errorText: this.errorText,
      authHint: `check the admin credential secret and \`adminAuth\` ("${this.options.adminAuth}")`,
    });
  }

  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const { create, expiryFormat, maxActiveKeys } = this.options;
    if (maxActiveKeys !== undefined) {
      const active = (await this.listKeys()).length;
      if (active >= maxActiveKeys) {
        throw this.capacityError(
          `${active} keys are active and \`maxActiveKeys\` is ${maxActiveKeys}`,
        );
      }
    }
    const now = this.config.now?.() ?? new Date();
    const variables = {
      ...this.variables(),
      name: input.name,
      expiry: renderExpiry(expiryFormat, input.ttlDays, now),
    };
    const res = await this.admin("createKey", "unsafe", create, variables);
    if (this.isCapRefusal(res)) {
      throw this.capacityError(`HTTP ${res.status}: ${this.errorText(res)}`, res.status);
    }
    const body = expectJson(res, create.successStatuses, z.unknown(), this.core.ctx("createKey"));
    const { response } = create;
    const id = idText(readPath(body, response.id));
    const found = readPath(body, response.secret);
    const secret = typeof found === "string" && found !== "" ? found : undefined;
    if (id === undefined || secret === undefined) {
      const missing: string[] = [];
      if (id === undefined) missing.push(response.id || "(root)");
      if (secret === undefined) missing.push(response.secret || "(root)");
      throw this.missingFields("createKey", res, missing);
    }
    const name = response.name === undefined ? undefined : readPath(body, response.name);
    return {
      id,
      name: typeof name === "string" && name !== "" ? name : input.name,
      ...optionalTimes(
        body,
        { createdAt: response.createdAt, expiresAt: response.expiresAt },
        { vendor: this.vendor, operation: "createKey" },
      ),
      secret,
    };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    const { verify } = this.options;
    const variables = this.variables();
    const url = operationUrl(this.options, verify, variables);
    const res = await this.core.http.send("verifyKey", "idempotent", () =>
      buildRequest(this.options, verify, variables, url, verifyAuthHeaders(verify.auth, secret)),
    );
    if (verify.successStatuses.includes(res.status)) return { outcome: "valid" };
    if (verify.rejectedStatuses.includes(res.status)) {
      return { outcome: "rejected", status: res.status };
    }
    throw vendorFailure(res, this.core.ctx("verifyKey"));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const { revoke } = this.options;
    const res = await this.admin("revokeKey", "idempotent", revoke, { ...this.variables(), keyId });
    if (revoke.successStatuses.includes(res.status)) return "revoked";
    if (revoke.goneStatuses.includes(res.status)) return "already-gone";
    throw vendorFailure(res, this.core.ctx("revokeKey"), keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    const { list } = this.options;
    const variables = this.variables();
    const auth = adminAuthHeaders(this.options.adminAuth, await this.config.credential());
    return collectItems({
      pagination: list.pagination,
      maxPages: list.maxPages,
      firstUrl: operationUrl(this.options, list, variables),
      fetchPage: async (url) => {
        const res = await this.core.http.send("listKeys", "idempotent", () =>
          buildRequest(this.options, list, variables, url, auth),
        );
        const body = expectJson(res, list.successStatuses, z.unknown(), this.core.ctx("listKeys"));
        const found = readPath(body, list.items);
        if (!Array.isArray(found))
          throw this.missingFields("listKeys", res, [list.items || "(root)"]);
        const page = found as unknown[];
        const items = page.flatMap((item, index) =>
          this.isActive(item) ? [this.toVendorKey(item, res, index)] : [],
        );
        return { body, headers: res.headers, count: page.length, items };
      },
      fail: (reason) => {
        throw new VendorResponseError(`${this.vendor} listKeys failed: ${reason}`, {
          vendor: this.vendor,
          operation: "listKeys",
        });
      },
    });
  }

  private isActive(item: unknown): boolean {
    const rule = this.options.list.activeWhen;
    return rule === undefined || readPath(item, rule.path) === rule.equals;
  }

  /** A listed key; `index` is its place on its page, to name a missing field. */
  private toVendorKey(item: unknown, res: VendorResponse, index: number): VendorKey {
    const { fields, items } = this.options.list;
    const id = idText(readPath(item, fields.id));
    const name = readPath(item, fields.name);
    if (id === undefined || typeof name !== "string") {
      const prefix = `${items}[${index}].`;
      const missing = [
        ...(id === undefined ? [prefix + fields.id] : []),
        ...(typeof name !== "string" ? [prefix + fields.name] : []),
      ];
      throw this.missingFields("listKeys", res, missing);
    }
    return {
      id,
      name,
      ...optionalTimes(item, fields, { vendor: this.vendor, operation: "listKeys" }),
    };
  }

  private isCapRefusal(res: VendorResponse): boolean {
    const cap = this.options.capReached;
    if (cap === undefined || !cap.statuses.includes(res.status)) return false;
    return this.capPattern === undefined || this.capPattern.test(res.text);
  }

  private capacityError(detail: string, status?: number): VendorCapacityError {
    return capacityError(
      this.vendor,
      `${this.vendor} refused a new key at its cap: ${detail}`,
      status,
    );
  }

  /** The same message shape as `expectJson`'s, naming the configured paths not found. */
  private missingFields(
    operation: string,
    res: VendorResponse,
    paths: readonly string[],
  ): VendorResponseError {
    return new VendorResponseError(
      `${this.vendor} ${operation} returned HTTP ${res.status} without the documented fields (${paths.join(", ")})`,
      { vendor: this.vendor, operation, status: res.status },
    );
  }

  private variables(): TemplateVariables {
    return { ...this.options.variables };
  }

  private async admin(
    operation: string,
    policy: RetryPolicy,
    request: HttpRequestOptions,
    variables: TemplateVariables,
  ): Promise<VendorResponse> {
    const auth = adminAuthHeaders(this.options.adminAuth, await this.config.credential());
    const url = operationUrl(this.options, request, variables);
    return this.core.http.send(operation, policy, () =>
      buildRequest(this.options, request, variables, url, auth),
    );
  }
}
