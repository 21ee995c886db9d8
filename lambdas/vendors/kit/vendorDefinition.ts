import type * as zc from "zod/v4/core";
import type { VendorAdapter } from "./adapter";
import type { AdapterConfig } from "./adapterCore";

/**
 * Everything the engine and the component need to know about one vendor:
 * how its options and admin credential look (the same schemas validate the
 * component's args at plan time and the Lambda's config at cold start) and
 * how to build its adapter. Register new vendors in `../registry.ts`.
 */
export interface VendorDefinition<
  OptionsSchema extends zc.$ZodType = zc.$ZodType,
  CredentialSchema extends zc.$ZodType = zc.$ZodType,
  Name extends string = string,
> {
  /** The vendor's name in the contract's `SUPPORTED_VENDORS`; the registry checks it against its key. */
  readonly name: Name;
  /**
   * Whether the vendor can give a key an expiry. When false, the key TTL must
   * be 0 and there is no expiry alarm (the monitor has no expiry to report).
   */
  readonly keysExpire: boolean;
  /** Schema of `vendorOptions` / `ROTATION_VENDOR_OPTIONS`. */
  readonly optionsSchema: OptionsSchema;
  /** How the options look, for error messages, e.g. `{ applicationId, region? }`. */
  readonly optionsShape: string;
  /** Schema of the JSON stored in the admin-credential secret. */
  readonly adminCredentialSchema: CredentialSchema;
  /** What the admin credential is, for error messages (never its value). */
  readonly adminCredentialShape: string;
  /** Builds the adapter; `credential` is loaded on the first admin call only. */
  create(
    options: zc.output<OptionsSchema>,
    credential: () => Promise<zc.output<CredentialSchema>>,
  ): VendorAdapter;
}

/** What a vendor folder declares: its definition, with the adapter's class in place of `create`. */
export type VendorSpec<O extends zc.$ZodType, C extends zc.$ZodType, Name extends string> = Omit<
  VendorDefinition<O, C, Name>,
  "create"
> & {
  /** The adapter's class, built from the validated options and the credential loader. */
  readonly adapter: new (config: AdapterConfig<zc.output<O>, zc.output<C>>) => VendorAdapter;
};

/**
 * A vendor's definition from its folder's spec; it keeps the schema types and
 * the name as a literal (which the registry checks against its key).
 */
export function defineVendor<
  O extends zc.$ZodType,
  C extends zc.$ZodType,
  const Name extends string,
>(spec: VendorSpec<O, C, Name>): VendorDefinition<O, C, Name> {
  const { adapter: Adapter, ...definition } = spec;
  return { ...definition, create: (options, credential) => new Adapter({ options, credential }) };
}
