/* eslint-disable @typescript-eslint/no-require-imports -- lazy `require` is the point: see VENDOR_LOADERS. */
import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import type { RotationConfig } from "../contract/config";
import { ConfigurationError } from "../contract/errors";
import { rememberSecretsIn } from "../contract/secretMask";
import type { VendorName } from "../contract/vendorNames";
import type { VendorAdapter } from "./kit/adapter";
import { rememberingSecrets } from "./kit/rememberingAdapter";
import type { VendorDefinition } from "./kit/vendorDefinition";

/** One loader per vendor name, each loading the definition that carries that name. */
export type VendorLoaders = {
  readonly [V in VendorName]: () => VendorDefinition<zc.$ZodType, zc.$ZodType, V>;
};

/**
 * The one list of vendor code: each name of the contract's `SUPPORTED_VENDORS`
 * and how to load its definition (its folder's `index.ts`). Registering a
 * vendor is one line here. The `satisfies` clause fails to compile when a
 * name has no entry, when an entry has no name, or when a definition carries
 * another name than its key.
 *
 * The bundle contains every adapter, but esbuild turns these `require` calls
 * into lazy module initialisers, so a cold start evaluates only the configured
 * vendor's code and schemas, which keeps it close to the bare SDK's.
 * (`import()` would do the same in the bundle but needs ESM support in Jest,
 * which runs the sources as CommonJS.)
 */
const VENDOR_LOADERS = {
  nylas: () => (require("./nylas") as typeof import("./nylas")).nylasVendor,
  sendgrid: () => (require("./sendgrid") as typeof import("./sendgrid")).sendgridVendor,
  datadog: () => (require("./datadog") as typeof import("./datadog")).datadogVendor,
  cloudflare: () => (require("./cloudflare") as typeof import("./cloudflare")).cloudflareVendor,
  openai: () => (require("./openai") as typeof import("./openai")).openaiVendor,
  gitlab: () => (require("./gitlab") as typeof import("./gitlab")).gitlabVendor,
  twilio: () => (require("./twilio") as typeof import("./twilio")).twilioVendor,
  http: () => (require("./http") as typeof import("./http")).httpVendor,
} satisfies VendorLoaders;

/** Every vendor's definition by name, with its own schema types. */
export type VendorDefinitions = {
  readonly [V in VendorName]: ReturnType<(typeof VENDOR_LOADERS)[V]>;
};

/**
 * Every vendor's definition by name: what the component validates
 * `vendorOptions` and the admin credential with (`optionsSchema`,
 * `adminCredentialSchema`, their shapes for messages, `keysExpire`) and what
 * {@link createAdapter} builds adapters from. Each is loaded on first read.
 */
export const VENDORS: VendorDefinitions = lazily(VENDOR_LOADERS);

/** An object whose properties are the loaders' results, each loaded on first read. */
function lazily<L extends Record<string, () => unknown>>(
  loaders: L,
): { readonly [K in keyof L]: ReturnType<L[K]> } {
  const lazy = {};
  for (const [name, load] of Object.entries(loaders)) {
    Object.defineProperty(lazy, name, { enumerable: true, get: load });
  }
  return lazy as { readonly [K in keyof L]: ReturnType<L[K]> };
}

/** Loads the admin credential (the JSON string stored in the admin secret). */
export type AdminCredentialLoader = () => Promise<string>;

/**
 * Builds the adapter for the configured vendor. Options are validated now;
 * the admin credential is loaded and validated on the first admin call only,
 * so steps that only verify a key never read the admin secret. Errors name
 * the field, never its value. The credential's values, and every key secret
 * the adapter creates or verifies, are remembered by the secret mask
 * (`lambdas/contract/secretMask.ts`).
 */
export function createAdapter(
  config: Pick<RotationConfig, "vendor" | "vendorOptions">,
  loadAdminCredential: AdminCredentialLoader,
): VendorAdapter {
  const definition: VendorDefinition = VENDORS[config.vendor];
  const options = parseOrThrow(
    definition.optionsSchema,
    config.vendorOptions,
    `ROTATION_VENDOR_OPTIONS for ${definition.name}`,
  );
  const adapter = definition.create(options, async () => {
    const raw = await loadAdminCredential();
    rememberSecretsIn(raw);
    return parseOrThrow(
      definition.adminCredentialSchema,
      parseJson(raw),
      `${definition.name} admin credential secret`,
    );
  });
  return rememberingSecrets(adapter);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigurationError("Invalid admin credential secret: its value is not JSON.", [
      "admin credential: not JSON",
    ]);
  }
}

function parseOrThrow<T>(schema: zc.$ZodType<T>, value: unknown, where: string): T {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`,
  );
  throw new ConfigurationError(`Invalid ${where}: ${problems.join("; ")}.`, problems);
}
