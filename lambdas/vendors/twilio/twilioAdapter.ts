import * as z from "zod/mini";
import "../../contract/schema";
import { ConfigurationError } from "../../contract/errors";
import { VendorResponseError } from "../kit/errors";
import type { CreateKeyInput, CreatedVendorKey, VendorKey, VerifyResult } from "../kit/adapter";
import type { VendorResponse } from "../kit/transport";
import { isoFromDateString, readKeyPages, vendorKey } from "../kit/keys";
import { expectJson, jsonErrorText, refuseAtCap } from "../kit/responses";
import { formAdmin } from "../kit/adminCalls";
import { builtInAdapter } from "../kit/builtInAdapter";
import { basicAuth } from "../kit/vendorRequests";
import {
  TWILIO_BASE_URL,
  TWILIO_MAX_FRIENDLY_NAME,
  type TwilioAdminCredential,
  type TwilioOptions,
} from "./options";

/** Twilio's largest `PageSize`. */
const LIST_PAGE_SIZE = 1000;
/** Pages read before the listing is refused as runaway. */
const MAX_LIST_PAGES = 20;

/** `api.v2010.account.key` (twilio-oai): only the fields the engine reads. */
const keyRecord = z.object({
  sid: z.string().check(z.regex(/^SK\w+$/)),
  friendly_name: z.nullable(z.string()),
  date_created: z.optional(z.nullable(z.string())),
});

/** `api.v2010.account.new_key`: the key plus its `secret`, returned only here. */
const createResponse = z.extend(keyRecord, { secret: z.string().check(z.minLength(1)) });

const listResponse = z.object({
  keys: z.array(keyRecord),
  next_page_uri: z.optional(z.nullable(z.string())),
});

/** Twilio error body: `{code, message, more_info, status}`. */
export function twilioErrorText(res: VendorResponse): string {
  return jsonErrorText(res, (body) => {
    const { code, message } = body as { code?: unknown; message?: unknown };
    if (typeof message !== "string") return undefined;
    return typeof code === "number" ? `${code} ${message}` : message;
  });
}

/**
 * Twilio API keys of the 2010-04-01 API (VENDORS.md): HTTP Basic admin auth
 * (Account SID + Auth Token, or a Main key); form-encoded create
 * `POST …/Keys.json` `FriendlyName=` answers 201 with the `secret` once. Keys
 * never expire, so `ttlDays` is ignored. A key authenticates as
 * `SK…:secret`, so the stored `apiKey` is exactly that Basic user:password
 * pair. New keys are Standard keys, which cannot call the Accounts or Keys
 * resources: verification lists one Application instead.
 */
export class TwilioAdapter extends builtInAdapter<TwilioOptions, TwilioAdminCredential>({
  vendor: "twilio",
  secretShownOnce: true,
  baseUrl: TWILIO_BASE_URL,
  errorText: twilioErrorText,
  authHint: "check the Auth Token or Main API key in the admin credential secret, and `accountSid`",
  // HTTP Basic: the Account SID with the Auth Token, or a Main key's SID and secret.
  admin: formAdmin((credential, options) =>
    basicAuth(
      credential.authToken === undefined
        ? `${credential.apiKeySid ?? ""}:${credential.apiKeySecret ?? ""}`
        : `${options.accountSid}:${credential.authToken}`,
    ),
  ),
}) {
  private get accountPath(): string {
    return `/2010-04-01/Accounts/${this.config.options.accountSid}`;
  }

  /**
   * Creates a Standard key; `secret` of the result is `SK…:secret`.
   * @throws ConfigurationError when the key name exceeds Twilio's 64 characters.
   */
  public async createKey(input: CreateKeyInput): Promise<CreatedVendorKey> {
    if (input.name.length > TWILIO_MAX_FRIENDLY_NAME) {
      const problem = `the key name is ${input.name.length} characters, but a Twilio FriendlyName holds at most ${TWILIO_MAX_FRIENDLY_NAME}`;
      throw new ConfigurationError(
        `Invalid key name for twilio: ${problem}. Use a ROTATION_KEY_NAME_PREFIX of at most ${TWILIO_MAX_FRIENDLY_NAME - 48} characters.`,
        [problem],
      );
    }
    const body = { FriendlyName: input.name };
    const path = `${this.accountPath}/Keys.json`;
    const res = await this.admin("createKey", "unsafe", "POST", path, body);
    const ctx = this.core.ctx("createKey");
    await refuseAtCap(res, ctx, {
      statuses: [400],
      pattern: /maximum|limit/i,
      message: (text) => `twilio refused a new key: ${text}`,
    });
    const key = expectJson(res, [201, 200], createResponse, ctx);
    return { ...toVendorKey(key), secret: `${key.sid}:${key.secret}` };
  }

  /** `secret` is the stored `SK…:secret` pair, sent as HTTP Basic credentials. */
  public async verifyKey(secret: string): Promise<VerifyResult> {
    return this.verifyWith(`${this.accountPath}/Applications.json?PageSize=1`, basicAuth(secret));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    return this.deleteKey(`${this.accountPath}/Keys/${encodeURIComponent(keyId)}.json`, keyId);
  }

  /** Every key of the account, following `next_page_uri`. */
  public async listKeys(): Promise<readonly VendorKey[]> {
    const listPath = `${this.accountPath}/Keys.json`;
    return readKeyPages({
      vendor: this.vendor,
      first: `${listPath}?PageSize=${LIST_PAGE_SIZE}`,
      maxPages: MAX_LIST_PAGES,
      runaway: `twilio listKeys stopped after ${MAX_LIST_PAGES} pages`,
      page: async (path) => {
        const res = await this.admin("listKeys", "idempotent", "GET", path);
        const body = expectJson(res, [200], listResponse, this.core.ctx("listKeys"));
        const next = body.next_page_uri ?? undefined;
        if (next !== undefined && !next.startsWith(`${listPath}?`)) {
          // Never send the credential anywhere but this account's key list.
          throw new VendorResponseError(
            "twilio listKeys returned a next_page_uri outside this account's Keys list",
            { vendor: this.vendor, operation: "listKeys", status: res.status },
          );
        }
        return { keys: body.keys.map(toVendorKey), next };
      },
    });
  }
}

function toVendorKey(k: z.infer<typeof keyRecord>): VendorKey {
  // `date_created` is RFC 2822 (`Mon, 13 Jun 2016 22:50:08 +0000`).
  return vendorKey(k.sid, k.friendly_name ?? "", {
    createdAt: isoFromDateString(k.date_created),
  });
}
