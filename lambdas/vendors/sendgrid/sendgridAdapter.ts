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
import { expectJson, jsonErrorText, vendorFailure, type ResponseContext } from "../responses";
import { SENDGRID_REGIONS, type SendGridAdminCredential, type SendGridOptions } from "./options";

/** SendGrid's documented cap on API keys per account (a create beyond it gets 403). */
export const SENDGRID_MAX_KEYS = 100;

const nonEmpty = z.string().check(z.minLength(1));

const createResponse = z.object({
  api_key: nonEmpty,
  api_key_id: nonEmpty,
  name: z.optional(z.string()),
});

const listResponse = z.object({
  result: z.array(z.object({ api_key_id: nonEmpty, name: z.string() })),
});

/** SendGrid error envelope: `{errors: [{field, message}]}`; messages joined. */
export function sendgridErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const errors = (body as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return undefined;
    return errors
      .map((e) => (e as { message?: unknown }).message)
      .filter((m): m is string => typeof m === "string" && m.length > 0)
      .join("; ");
  });
}

export interface SendGridAdapterOptions {
  readonly options: SendGridOptions;
  /** Loads the admin key; called only for admin calls (verification needs none). */
  readonly credential: () => Promise<SendGridAdminCredential>;
  readonly http?: VendorHttp;
}

/**
 * SendGrid v3 API keys (VENDORS.md; twilio/sendgrid-oai `tsg_api_keys_v3.json`):
 * bearer admin key; `POST /v3/api_keys` shows the secret once; no expiry (the
 * rotation's key TTL is ignored: revocation after the overlap window is what
 * ends a key); at most 100 keys; a deleted key keeps working for a short
 * propagation delay; verification is `GET /v3/scopes` with the key.
 */
export class SendGridAdapter implements VendorAdapter {
  public readonly vendor = "sendgrid";
  public readonly maxActiveKeys = SENDGRID_MAX_KEYS;
  public readonly secretShownOnce = true;
  private readonly baseUrl: string;
  private readonly http: VendorHttp;

  public constructor(private readonly config: SendGridAdapterOptions) {
    this.baseUrl = (config.options.baseUrl ?? SENDGRID_REGIONS[config.options.region]).replace(
      /\/+$/,
      "",
    );
    this.http = config.http ?? new VendorHttp({ vendor: this.vendor });
  }

  private ctx(operation: string): ResponseContext {
    return {
      vendor: this.vendor,
      operation,
      errorText: sendgridErrorText,
      authHint: "check that the admin key in the admin credential secret has the api_keys scopes",
    };
  }

  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const scopes = this.config.options.scopes;
    const body = { name: input.name, ...(scopes === undefined ? {} : { scopes }) };
    const res = await this.admin("createKey", "unsafe", "POST", "/v3/api_keys", body);
    if (res.status === 403 && (await this.isCapRefusal(res))) {
      throw new VendorCapacityError(
        `sendgrid refused a new key: the account has reached its cap of ${SENDGRID_MAX_KEYS} API keys (${sendgridErrorText(res)})`,
        { vendor: this.vendor, operation: "createKey", status: res.status },
      );
    }
    const created = expectJson(res, [201], createResponse, this.ctx("createKey"));
    return { id: created.api_key_id, name: created.name ?? input.name, secret: created.api_key };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await this.http.send("verifyKey", "idempotent", () => ({
      method: "GET",
      url: `${this.baseUrl}/v3/scopes`,
      headers: { authorization: `Bearer ${secret}`, accept: "application/json" },
    }));
    if (res.status === 200) return { outcome: "valid" };
    if (res.status === 401 || res.status === 403)
      return { outcome: "rejected", status: res.status };
    throw vendorFailure(res, this.ctx("verifyKey"));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const res = await this.admin(
      "revokeKey",
      "idempotent",
      "DELETE",
      `/v3/api_keys/${encodeURIComponent(keyId)}`,
    );
    if (res.status === 204 || res.status === 200) return "revoked";
    if (res.status === 404) return "already-gone";
    throw vendorFailure(res, this.ctx("revokeKey"), keyId);
  }

  /** SendGrid lists names and ids only (no creation time, expiry or last use). */
  public async listKeys(): Promise<readonly VendorKey[]> {
    const res = await this.admin(
      "listKeys",
      "idempotent",
      "GET",
      `/v3/api_keys?limit=${SENDGRID_MAX_KEYS}`,
    );
    const { result } = expectJson(res, [200], listResponse, this.ctx("listKeys"));
    return result.map((k) => ({ id: k.api_key_id, name: k.name }));
  }

  /**
   * SendGrid answers both a cap refusal and a missing scope with 403. The
   * error text decides when it names the limit; otherwise the key count does
   * (a failed count leaves the 403 to be reported as the auth error it may be).
   */
  private async isCapRefusal(res: VendorResponse): Promise<boolean> {
    if (/limit|maximum|max(imum)? number|too many/i.test(sendgridErrorText(res))) return true;
    const keys = await this.listKeys().catch(() => undefined);
    return keys !== undefined && keys.length >= SENDGRID_MAX_KEYS;
  }

  private async admin(
    operation: string,
    policy: RetryPolicy,
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<VendorResponse> {
    const { apiKey } = await this.config.credential();
    return this.http.send(operation, policy, () => ({
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        authorization: `Bearer ${apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }));
  }
}
