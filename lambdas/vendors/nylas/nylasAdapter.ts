import * as z from "zod/mini";
import "../../contract/schema";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { expiryFromUnixSeconds, isoFromUnixSeconds, vendorKey } from "../kit/keys";
import { expectJson, jsonErrorText, refuseAtCap } from "../kit/responses";
import type { AdminCalls } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import { bearer } from "../kit/vendorRequests";
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

/** Admin calls, RSA-signed afresh for every attempt (signatures are single-use). */
const signedAdmin: AdminCalls<NylasOptions, NylasAdminCredential> =
  (core, config) => async (operation, policy, method, path, body) => {
    const credential = await config.credential();
    return core.http.send(operation, policy, () => {
      const signed = signNylasRequest({
        method,
        path,
        body,
        key: { privateKeyPem: credential.private_key, privateKeyId: credential.private_key_id },
      });
      return {
        method,
        url: `${core.baseUrl}${path}`,
        headers: { accept: "application/json", ...signed.headers },
        ...(signed.body === undefined ? {} : { body: signed.body }),
      };
    });
  };

/**
 * Nylas v3 API keys, managed with a service account (VENDORS.md): every admin
 * request is RSA-signed over canonical JSON; a key is shown once, at creation;
 * `expires_in` is in days; verification is `GET /v3/applications` with the key.
 */
export class NylasAdapter extends builtInAdapter<NylasOptions, NylasAdminCredential>({
  vendor: "nylas",
  secretShownOnce: true,
  baseUrl: (options) => NYLAS_REGIONS[options.region],
  errorText: nylasErrorText,
  authHint: "check the service account in the admin credential secret",
  admin: signedAdmin,
}) {
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
    return this.verifyWith("/v3/applications", bearer(secret));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    return this.deleteKey(`${this.keysPath}/${encodeURIComponent(keyId)}`, keyId);
  }

  public async listKeys(): Promise<readonly VendorKey[]> {
    const res = await this.admin("listKeys", "idempotent", "GET", this.keysPath);
    const { data } = expectJson(res, [200], listResponse, this.core.ctx("listKeys"));
    return data
      .filter((k) => k.status === undefined || k.status === "active")
      .map((k) => toVendorKey(k, "listKeys"));
  }
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
