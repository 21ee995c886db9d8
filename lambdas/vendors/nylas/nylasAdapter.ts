import * as z from "zod/mini";
import "../../contract/schema";
import type {
  CreateKeyInput,
  CreatedVendorKey,
  VendorAdapter,
  VendorKey,
  VerifyResult,
} from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { vendorKey } from "../kit/keys";
import {
  expectJson,
  expiryFromUnixSeconds,
  isoFromUnixSeconds,
  jsonErrorText,
  refuseAtCap,
  revokeOutcome,
  verifyOutcome,
} from "../kit/responses";
import {
  adapterCore,
  bearer,
  sendVerify,
  type AdapterConfig,
  type AdapterCore,
  type AdminCall,
} from "../kit/vendorRequests";
import { NYLAS_REGIONS, type NylasAdminCredential, type NylasOptions } from "./options";
import { signNylasRequest } from "./signing";

const unixSeconds = z.number().check(z.refine(Number.isInteger), z.gte(0));

const keyRecord = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  status: z.optional(z.string()),
  created_at: z.optional(unixSeconds),
  expires_at: z.optional(z.nullable(unixSeconds)),
});

const createResponse = z.object({
  data: z.extend(keyRecord, { api_key: z.string().check(z.minLength(1)) }),
});

const listResponse = z.object({ data: z.array(keyRecord) });

/** Nylas error envelope: `{request_id, error: {type, message}}`. */
function nylasErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const error = (body as { error?: { type?: unknown; message?: unknown } }).error;
    return [error?.type, error?.message].filter((p) => typeof p === "string").join(": ");
  });
}

/** What {@link NylasAdapter} is built from. */
export type NylasAdapterOptions = AdapterConfig<NylasOptions, NylasAdminCredential>;

/**
 * Nylas v3 API keys, managed with a service account (VENDORS.md): every admin
 * request is RSA-signed over canonical JSON; a key is shown once, at creation;
 * `expires_in` is in days; verification is `GET /v3/applications` with the key.
 */
export class NylasAdapter implements VendorAdapter {
  public readonly vendor = "nylas";
  public readonly secretShownOnce = true;
  private readonly core: AdapterCore;

  public constructor(private readonly config: NylasAdapterOptions) {
    this.core = adapterCore({
      vendor: this.vendor,
      baseUrl: config.options.baseUrl ?? NYLAS_REGIONS[config.options.region],
      http: config.http,
      errorText: nylasErrorText,
      authHint: "check the service account in the admin credential secret",
    });
  }

  private get keysPath(): string {
    return `/v3/admin/applications/${encodeURIComponent(this.config.options.applicationId)}/api-keys`;
  }

  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const body = { name: input.name, ...(input.ttlDays > 0 ? { expires_in: input.ttlDays } : {}) };
    const res = await this.admin("createKey", "unsafe", "POST", this.keysPath, body);
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, {
      statuses: [400],
      pattern: /maximum|limit/i,
      message: (text) => `nylas refused a new key: ${text}`,
    });
    const { data } = expectJson(res, [200, 201], createResponse, ctx);
    return { ...toVendorKey(data, "createKey"), secret: data.api_key };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await sendVerify(this.core, "/v3/applications", bearer(secret));
    return verifyOutcome(res, this.core.ctx("verifyKey"));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const path = `${this.keysPath}/${encodeURIComponent(keyId)}`;
    const res = await this.admin("revokeKey", "idempotent", "DELETE", path);
    return revokeOutcome(res, this.core.ctx("revokeKey"), keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    const res = await this.admin("listKeys", "idempotent", "GET", this.keysPath);
    const { data } = expectJson(res, [200], listResponse, this.core.ctx("listKeys"));
    return data
      .filter((k) => k.status === undefined || k.status === "active")
      .map((k) => toVendorKey(k, "listKeys"));
  }

  /** An admin call, RSA-signed afresh for every attempt (signatures are single-use). */
  private readonly admin: AdminCall = async (operation, policy, method, path, body) => {
    const credential = await this.config.credential();
    return this.core.http.send(operation, policy, () => {
      const signed = signNylasRequest({
        method,
        path,
        body,
        key: { privateKeyPem: credential.private_key, privateKeyId: credential.private_key_id },
      });
      return {
        method,
        url: `${this.core.baseUrl}${path}`,
        headers: { accept: "application/json", ...signed.headers },
        ...(signed.body === undefined ? {} : { body: signed.body }),
      };
    });
  };
}

function toVendorKey(k: z.infer<typeof keyRecord>, operation: string): VendorKey {
  return vendorKey(k.id, k.name, {
    createdAt: isoFromUnixSeconds(k.created_at),
    expiresAt: expiryFromUnixSeconds(k.expires_at, {
      vendor: "nylas",
      operation,
      field: "expires_at",
    }),
  });
}
