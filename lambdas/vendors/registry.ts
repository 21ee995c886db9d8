import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import type { RotationConfig } from "../contract/config";
import { ConfigurationError } from "../contract/errors";
import { rememberSecretsIn } from "../contract/secretMask";
import type { VendorAdapter } from "./kit/adapter";
import { loadVendor } from "./loadVendor";
import { rememberingSecrets } from "./kit/rememberingAdapter";

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
  const definition = loadVendor(config.vendor);
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
