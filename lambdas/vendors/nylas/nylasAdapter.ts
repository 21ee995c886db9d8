import * as z from "zod/mini";
import "../../shared/schema";
import {
  VendorAuthError,
  VendorCapacityError,
  VendorError,
  VendorResponseError,
} from "../../rotation/errors";
import type {
  CreateKeyInput,
  CreatedVendorKey,
  VendorAdapter,
  VendorKey,
  VerifyResult,
} from "../adapter";
import { VendorHttp, type RetryPolicy, type VendorResponse } from "../http";
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

const errorBody = z.object({
  error: z.optional(z.object({ type: z.optional(z.string()), message: z.optional(z.string()) })),
});

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

  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const body = { name: input.name, ...(input.ttlDays > 0 ? { expires_in: input.ttlDays } : {}) };
    const res = await this.admin("createKey", "unsafe", "POST", this.keysPath, body);
    if (res.status === 400 && /maximum|limit/i.test(errorMessage(res))) {
      throw new VendorCapacityError(`nylas refused a new key: ${errorMessage(res)}`, {
        vendor: this.vendor,
        operation: "createKey",
        status: res.status,
      });
    }
    const data = this.expect(res, [200, 201], createResponse, "createKey").data;
    return {
      ...toVendorKey(data),
      secret: data.api_key,
    };
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
    throw this.failure(res, "verifyKey");
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const res = await this.admin(
      "revokeKey",
      "idempotent",
      "DELETE",
      `${this.keysPath}/${encodeURIComponent(keyId)}`,
    );
    if (res.status === 200 || res.status === 204) return "revoked";
    if (res.status === 404) return "already-gone";
    throw this.failure(res, "revokeKey", keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    const res = await this.admin("listKeys", "idempotent", "GET", this.keysPath);
    const { data } = this.expect(res, [200], listResponse, "listKeys");
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

  private expect<T>(
    res: VendorResponse,
    ok: number[],
    schema: z.ZodMiniType<T>,
    operation: string,
  ): T {
    if (!ok.includes(res.status)) throw this.failure(res, operation);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch (error) {
      throw new VendorResponseError(
        `nylas ${operation} returned HTTP ${res.status} with a body that is not JSON`,
        { vendor: this.vendor, operation, status: res.status },
        { cause: error },
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
      throw new VendorResponseError(
        `nylas ${operation} returned HTTP ${res.status} without the documented fields (${fields})`,
        { vendor: this.vendor, operation, status: res.status },
      );
    }
    return parsed.data;
  }

  private failure(res: VendorResponse, operation: string, keyId?: string): VendorError {
    const context = {
      vendor: this.vendor,
      operation,
      status: res.status,
      ...(keyId ? { keyId } : {}),
    };
    const message = `nylas ${operation} failed with HTTP ${res.status}: ${errorMessage(res)}`;
    if (res.status === 401 || res.status === 403) {
      return new VendorAuthError(
        `${message} (check the service account in the admin credential secret)`,
        context,
      );
    }
    return new VendorError(message, context, res.status === 429 || res.status >= 500);
  }
}

function toVendorKey(k: z.infer<typeof keyRecord>): VendorKey {
  return {
    id: k.id,
    name: k.name,
    ...(k.created_at === undefined
      ? {}
      : { createdAt: new Date(k.created_at * 1000).toISOString() }),
    ...(k.expires_at === undefined || k.expires_at === null
      ? {}
      : { expiresAt: new Date(k.expires_at * 1000).toISOString() }),
  };
}

/** The vendor's own error type and message (Nylas never echoes keys in them), trimmed. */
function errorMessage(res: VendorResponse): string {
  try {
    const parsed = errorBody.safeParse(JSON.parse(res.text));
    const e = parsed.success ? parsed.data.error : undefined;
    if (e) return [e.type, e.message].filter(Boolean).join(": ").slice(0, 200) || "no error detail";
  } catch {
    // not JSON
  }
  return "no error detail";
}
