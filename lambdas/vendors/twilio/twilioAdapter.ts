import * as z from "zod/mini";
import "../../shared/schema";
import {
  ConfigurationError,
  VendorCapacityError,
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
import { expectJson, jsonErrorText, vendorFailure } from "../responses";
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

export interface TwilioAdapterOptions {
  readonly options: TwilioOptions;
  /** Loads the Auth Token or Main key; called only for admin calls (verification needs none). */
  readonly credential: () => Promise<TwilioAdminCredential>;
  readonly http?: VendorHttp;
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
export class TwilioAdapter implements VendorAdapter {
  public readonly vendor = "twilio";
  public readonly secretShownOnce = true;
  private readonly baseUrl: string;
  private readonly http: VendorHttp;

  public constructor(private readonly config: TwilioAdapterOptions) {
    this.baseUrl = (config.options.baseUrl ?? TWILIO_BASE_URL).replace(/\/+$/, "");
    this.http = config.http ?? new VendorHttp({ vendor: this.vendor });
  }

  private get accountPath(): string {
    return `/2010-04-01/Accounts/${this.config.options.accountSid}`;
  }

  private ctx(operation: string) {
    return {
      vendor: this.vendor,
      operation,
      errorText: twilioErrorText,
      authHint:
        "check the Auth Token or Main API key in the admin credential secret, and `accountSid`",
    };
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
    const body = new URLSearchParams({ FriendlyName: input.name }).toString();
    const res = await this.admin(
      "createKey",
      "unsafe",
      "POST",
      `${this.accountPath}/Keys.json`,
      body,
    );
    if (res.status === 400 && /maximum|limit/i.test(twilioErrorText(res))) {
      throw new VendorCapacityError(`twilio refused a new key: ${twilioErrorText(res)}`, {
        vendor: this.vendor,
        operation: "createKey",
        status: res.status,
      });
    }
    const key = expectJson(res, [201, 200], createResponse, this.ctx("createKey"));
    return { ...toVendorKey(key), secret: `${key.sid}:${key.secret}` };
  }

  /** `secret` is the stored `SK…:secret` pair, sent as HTTP Basic credentials. */
  public async verifyKey(secret: string): Promise<VerifyResult> {
    const res = await this.http.send("verifyKey", "idempotent", () => ({
      method: "GET",
      url: `${this.baseUrl}${this.accountPath}/Applications.json?PageSize=1`,
      headers: {
        authorization: `Basic ${Buffer.from(secret, "utf8").toString("base64")}`,
        accept: "application/json",
      },
    }));
    if (res.status === 200) return { outcome: "valid" };
    if (res.status === 401 || res.status === 403) {
      return { outcome: "rejected", status: res.status };
    }
    throw vendorFailure(res, this.ctx("verifyKey"));
  }

  public async revokeKey(keyId: string): Promise<"revoked" | "already-gone"> {
    const path = `${this.accountPath}/Keys/${encodeURIComponent(keyId)}.json`;
    const res = await this.admin("revokeKey", "idempotent", "DELETE", path);
    if (res.status === 204 || res.status === 200) return "revoked";
    if (res.status === 404) return "already-gone";
    throw vendorFailure(res, this.ctx("revokeKey"), keyId);
  }

  /** Every key of the account, following `next_page_uri`. */
  public async listKeys(): Promise<readonly VendorKey[]> {
    const keys: VendorKey[] = [];
    const listPath = `${this.accountPath}/Keys.json`;
    let path: string | undefined = `${listPath}?PageSize=${LIST_PAGE_SIZE}`;
    for (let page = 0; page < MAX_LIST_PAGES && path !== undefined; page++) {
      const res = await this.admin("listKeys", "idempotent", "GET", path);
      const body = expectJson(res, [200], listResponse, this.ctx("listKeys"));
      keys.push(...body.keys.map(toVendorKey));
      const next = body.next_page_uri ?? undefined;
      if (next !== undefined && !next.startsWith(`${listPath}?`)) {
        // Never send the credential anywhere but this account's key list.
        throw new VendorResponseError(
          "twilio listKeys returned a next_page_uri outside this account's Keys list",
          { vendor: this.vendor, operation: "listKeys", status: res.status },
        );
      }
      path = next;
    }
    if (path !== undefined) {
      throw new VendorResponseError(`twilio listKeys stopped after ${MAX_LIST_PAGES} pages`, {
        vendor: this.vendor,
        operation: "listKeys",
      });
    }
    return keys;
  }

  private async admin(
    operation: string,
    policy: RetryPolicy,
    method: "GET" | "POST" | "DELETE",
    path: string,
    form?: string,
  ): Promise<VendorResponse> {
    const credential = await this.config.credential();
    const user =
      credential.authToken === undefined
        ? `${credential.apiKeySid ?? ""}:${credential.apiKeySecret ?? ""}`
        : `${this.config.options.accountSid}:${credential.authToken}`;
    return this.http.send(operation, policy, () => ({
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        authorization: `Basic ${Buffer.from(user, "utf8").toString("base64")}`,
        accept: "application/json",
        ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      },
      ...(form === undefined ? {} : { body: form }),
    }));
  }
}

function toVendorKey(k: z.infer<typeof keyRecord>): VendorKey {
  // `date_created` is RFC 2822 (`Mon, 13 Jun 2016 22:50:08 +0000`).
  const created = k.date_created ? Date.parse(k.date_created) : Number.NaN;
  return {
    id: k.sid,
    name: k.friendly_name ?? "",
    ...(Number.isFinite(created) ? { createdAt: new Date(created).toISOString() } : {}),
  };
}
