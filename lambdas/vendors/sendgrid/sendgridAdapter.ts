import * as z from "zod/mini";
import "../../contract/schema";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { expectJson, jsonErrorText, refuseAtCap, type CapRefusal } from "../kit/responses";
import { jsonAdmin } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import { bearer } from "../kit/vendorRequests";
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

/**
 * SendGrid v3 API keys (VENDORS.md; twilio/sendgrid-oai `tsg_api_keys_v3.json`):
 * bearer admin key; `POST /v3/api_keys` shows the secret once; no expiry (the
 * rotation's key TTL is ignored: revocation after the overlap window is what
 * ends a key); at most 100 keys; a deleted key keeps working for a short
 * propagation delay; verification is `GET /v3/scopes` with the key.
 */
export class SendGridAdapter extends builtInAdapter<SendGridOptions, SendGridAdminCredential>({
  vendor: "sendgrid",
  secretShownOnce: true,
  maxActiveKeys: SENDGRID_MAX_KEYS,
  baseUrl: (options) => SENDGRID_REGIONS[options.region],
  errorText: sendgridErrorText,
  authHint: "check that the admin key in the admin credential secret has the api_keys scopes",
  admin: jsonAdmin((credential) => bearer(credential.apiKey)),
}) {
  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    const scopes = this.config.options.scopes;
    const body = { name: input.name, ...(scopes === undefined ? {} : { scopes }) };
    const res = await this.admin("createKey", "unsafe", "POST", "/v3/api_keys", body);
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, this.capRefusal);
    const created = expectJson(res, [201], createResponse, ctx);
    return { id: created.api_key_id, name: created.name ?? input.name, secret: created.api_key };
  }

  public async verifyKey(secret: string): Promise<VerifyResult> {
    return this.verifyWith("/v3/scopes", bearer(secret));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    return this.deleteKey(`/v3/api_keys/${encodeURIComponent(keyId)}`, keyId);
  }

  /** SendGrid lists names and ids only (no creation time, expiry or last use). */
  public async listKeys(): Promise<readonly VendorKey[]> {
    const path = `/v3/api_keys?limit=${SENDGRID_MAX_KEYS}`;
    const res = await this.admin("listKeys", "idempotent", "GET", path);
    const { result } = expectJson(res, [200], listResponse, this.core.ctx("listKeys"));
    return result.map((k) => ({ id: k.api_key_id, name: k.name }));
  }

  /**
   * SendGrid answers both a cap refusal and a missing scope with 403. The
   * error text decides when it names the limit; otherwise the key count does
   * (a failed count leaves the 403 to be reported as the auth error it may be).
   */
  private readonly capRefusal: CapRefusal = {
    statuses: [403],
    pattern: /limit|maximum|max(imum)? number|too many/i,
    atCap: async () => (await this.listKeys()).length >= SENDGRID_MAX_KEYS,
    message: (text) =>
      `sendgrid refused a new key: the account has reached its cap of ${SENDGRID_MAX_KEYS} API keys (${text})`,
  };
}
