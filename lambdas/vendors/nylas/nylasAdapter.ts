import * as z from "zod/mini";
import "../../shared/schema";
import { VendorCapacityError } from "../../rotation/errors";
import type {
  CreateKeyInput,
  CreatedVendorKey,
  VendorAdapter,
  VendorKey,
  VerifyResult,
} from "../adapter";
import { VendorHttp, type RetryPolicy, type VendorResponse } from "../http";
import { expectJson, isoFromUnixSeconds, jsonErrorText, vendorFailure } from "../responses";
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

export interface NylasAdapterOptions {
  readonly options: NylasOptions;
  /** Loads the service account; called only for admin calls (verification needs none). */
  readonly credential: () => Promise<NylasAdminCredential>;
  readonly http?: VendorHttp;
}

/**
 * Nylas v3 API keys, managed with a service account (VENDORS.md): every admin
 * request is RSA-signed over canonical JSON; a key is shown once, at creation;
 * `expires_in` is in days; verification is `GET /v3/applications` with the key.
 */
export class NylasAdapter implements VendorAdapter {
  public readonly vendor = "nylas";
  public readonly secretShownOnce = true;
  private readonly baseUrl: string;
  private readonly http: VendorHttp;

  public constructor(private readonly config: NylasAdapterOptions) {
    this.baseUrl = (config.options.baseUrl ?? NYLAS_REGIONS[config.options.region]).replace(
      /\/+$/,
      "",
    );
    this.http = config.http ?? new VendorHttp({ vendor: this.vendor });
  }

  private get keysPath(): string {
    return `/v3/admin/applications/${encodeURIComponent(this.config.options.applicationId)}/api-keys`;
  }

  private ctx(operation: string) {
    return {
      vendor: this.vendor,
      operation,
      errorText: nylasErrorText,
      authHint: "check the service account in the admin credential secret",
    };
  }

  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const body = { name: input.name, ...(input.ttlDays > 0 ? { expires_in: input.ttlDays } : {}) };
    const res = await this.admin("createKey", "unsafe", "POST", this.keysPath, body);
    if (res.status === 400 && /maximum|limit/i.test(nylasErrorText(res))) {
      throw new VendorCapacityError(`nylas refused a new key: ${nylasErrorText(res)}`, {
        vendor: this.vendor,
        operation: "createKey",
        status: res.status,
      });
    }
    const { data } = expectJson(res, [200, 201], createResponse, this.ctx("createKey"));
    return { ...toVendorKey(data), secret: data.api_key };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await this.http.send("verifyKey", "idempotent", () => ({
      method: "GET",
      url: `${this.baseUrl}/v3/applications`,
      headers: { authorization: `Bearer ${secret}`, accept: "application/json" },
    }));
    if (res.status === 200) return { outcome: "valid" };
    if (res.status === 401 || res.status === 403)
      return { outcome: "rejected", status: res.status };
    throw vendorFailure(res, this.ctx("verifyKey"));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const path = `${this.keysPath}/${encodeURIComponent(keyId)}`;
    const res = await this.admin("revokeKey", "idempotent", "DELETE", path);
    if (res.status === 200 || res.status === 204) return "revoked";
    if (res.status === 404) return "already-gone";
    throw vendorFailure(res, this.ctx("revokeKey"), keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    const res = await this.admin("listKeys", "idempotent", "GET", this.keysPath);
    const { data } = expectJson(res, [200], listResponse, this.ctx("listKeys"));
    return data.filter((k) => k.status === undefined || k.status === "active").map(toVendorKey);
  }

  private async admin(
    operation: string,
    policy: RetryPolicy,
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<VendorResponse> {
    const credential = await this.config.credential();
    return this.http.send(operation, policy, () => {
      const signed = signNylasRequest({
        method,
        path,
        body,
        key: { privateKeyPem: credential.private_key, privateKeyId: credential.private_key_id },
      });
      return {
        method,
        url: `${this.baseUrl}${path}`,
        headers: { accept: "application/json", ...signed.headers },
        ...(signed.body === undefined ? {} : { body: signed.body }),
      };
    });
  }
}

function toVendorKey(k: z.infer<typeof keyRecord>): VendorKey {
  const createdAt = isoFromUnixSeconds(k.created_at);
  const expiresAt = isoFromUnixSeconds(k.expires_at);
  return {
    id: k.id,
    name: k.name,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}
