import type {
  CreateKeyInput,
  CreatedVendorKey,
  VendorAdapter,
  VendorKey,
  VerifyResult,
} from "./adapter";
import {
  adapterCore,
  sendVerify,
  type AdapterConfig,
  type AdapterCore,
  type AdminCall,
} from "./adapterCore";
import type { AdminCalls } from "./adminCalls";
import { revokeOutcome, verifyOutcome, type ResponseContext } from "./responses";
import type { VendorResponse } from "./transport";

/** A value of an adapter's wiring: given as is, or derived from the vendor's options. */
export type FromOptions<Options, T> = T | ((options: Options) => T);

/** Options every built-in vendor has: the `baseUrl` override (see `optionParts.ts`). */
export interface BaseUrlOption {
  readonly baseUrl?: string | undefined;
}

/**
 * The fixed facts of a built-in adapter, from which {@link builtInAdapter}
 * builds its constructor: everything an adapter is set up with before its
 * four operations.
 */
export interface AdapterWiring<Options, Credential> {
  /** The vendor's name, as in the registry; used in metrics, logs and errors. */
  readonly vendor: string;
  /** True when the vendor returns a key's secret only in the create response. */
  readonly secretShownOnce: boolean;
  /** The vendor's cap on active keys, if it has one. */
  readonly maxActiveKeys?: number;
  /** True when the vendor's key list carries each key's last use (see {@link VendorAdapter.reportsLastUse}). @default false */
  readonly reportsLastUse?: boolean;
  /** The vendor's base URL when the options set no `baseUrl`. */
  readonly baseUrl: FromOptions<Options, string>;
  /** Pulls the vendor's own error text out of an error body (never echoes a key). */
  readonly errorText: (res: VendorResponse) => string;
  /** What to tell the user on 401/403 from an admin call. */
  readonly authHint: FromOptions<Options, string>;
  /** How admin calls carry the admin credential, e.g. `jsonAdmin((c) => bearer(c.apiKey))`. */
  readonly admin: AdminCalls<Options, Credential>;
}

/**
 * What every built-in adapter is: its wiring applied to its config. A
 * subclass adds the four operations, using `core` (base URL, HTTP layer,
 * response contexts), `admin` (calls carrying the admin credential) and
 * `config` (options, credential loader, and whatever else it takes).
 */
export abstract class BuiltInAdapter<
  Options extends BaseUrlOption,
  Credential,
  Config extends AdapterConfig<Options, Credential>,
> implements VendorAdapter {
  public readonly vendor: string;
  public readonly secretShownOnce: boolean;
  public readonly reportsLastUse: boolean;
  // Declared, not defined: a vendor without a cap has no such property at all.
  declare public readonly maxActiveKeys?: number;
  protected readonly config: Config;
  protected readonly core: AdapterCore;
  protected readonly admin: AdminCall;

  protected constructor(wiring: AdapterWiring<Options, Credential>, config: Config) {
    const { options } = config;
    this.vendor = wiring.vendor;
    this.secretShownOnce = wiring.secretShownOnce;
    this.reportsLastUse = wiring.reportsLastUse ?? false;
    if (wiring.maxActiveKeys !== undefined) this.maxActiveKeys = wiring.maxActiveKeys;
    this.config = config;
    this.core = adapterCore({
      vendor: wiring.vendor,
      baseUrl: options.baseUrl ?? fromOptions(wiring.baseUrl, options),
      http: config.http,
      errorText: wiring.errorText,
      authHint: fromOptions(wiring.authHint, options),
    });
    this.admin = wiring.admin(this.core, config);
  }

  public abstract createKey(input: CreateKeyInput): Promise<CreatedVendorKey>;
  public abstract verifyKey(secret: string): Promise<VerifyResult>;
  public abstract revokeKey(keyId: string): Promise<"revoked" | "already-gone">;
  public abstract listKeys(): Promise<readonly VendorKey[]>;

  /**
   * Verifies a key with `GET path` carrying the key's `auth` headers: 401/403
   * is `rejected`; 200 is `valid` unless `isValid` (which may parse the body)
   * says otherwise; any other status is a `VendorError`.
   */
  protected async verifyWith(
    path: string,
    auth: Readonly<Record<string, string>>,
    isValid?: (res: VendorResponse, ctx: ResponseContext) => boolean,
  ): Promise<VerifyResult> {
    const res = await sendVerify(this.core, path, auth);
    const ctx = this.core.ctx("verifyKey");
    return verifyOutcome(res, ctx, isValid === undefined ? undefined : (ok) => isValid(ok, ctx));
  }

  /** Revokes a key with an idempotent admin `DELETE path`: 200/204 revoked, 404 already gone. */
  protected async deleteKey(path: string, keyId: string): Promise<"revoked" | "already-gone"> {
    const res = await this.admin("revokeKey", "idempotent", "DELETE", path);
    return revokeOutcome(res, this.core.ctx("revokeKey"), keyId);
  }
}

/**
 * The base class of a built-in adapter, from its wiring: the factory that
 * absorbs every adapter's constructor. The class it returns is built from an
 * {@link AdapterConfig} (`Config` when the adapter takes more, such as a
 * clock):
 *
 * ```ts
 * export class AcmeAdapter extends builtInAdapter<AcmeOptions, AcmeAdminCredential>({
 *   vendor: "acme", secretShownOnce: true, baseUrl: ACME_API, errorText: acmeErrorText,
 *   authHint: "check the admin key", admin: jsonAdmin((c) => bearer(c.apiKey)),
 * }) {
 *   // createKey, verifyKey, revokeKey, listKeys
 * }
 * ```
 */
export function builtInAdapter<
  Options extends BaseUrlOption,
  Credential,
  Config extends AdapterConfig<Options, Credential> = AdapterConfig<Options, Credential>,
>(
  wiring: AdapterWiring<Options, Credential>,
): abstract new (config: Config) => BuiltInAdapter<Options, Credential, Config> {
  abstract class Wired extends BuiltInAdapter<Options, Credential, Config> {
    public constructor(config: Config) {
      super(wiring, config);
    }
  }
  return Wired;
}

function fromOptions<Options, T extends string>(
  value: FromOptions<Options, T>,
  options: Options,
): T {
  return typeof value === "function" ? value(options) : value;
}
