import * as z from "zod/mini";
import "../../contract/schema";
import { headerCredential } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/** OpenAI's API base URL (VENDORS.md); admin endpoints live under `/organization`. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";

/** Longest lifetime `expires_in_seconds` accepts: 365 days (openai-openapi, admin-api-keys-create). */
export const OPENAI_MAX_EXPIRES_IN_SECONDS = 31_536_000;

/**
 * Options of the OpenAI adapter, as `ROTATION_VENDOR_OPTIONS` JSON and as the
 * component's `vendorOptions`. Admin keys belong to the organization of the
 * admin key that manages them, so nothing else needs naming; `baseUrl` points
 * the adapter at a simulator in tests and the local drill.
 */
export const openAiOptionsSchema = z.strictObject({
  baseUrl: baseUrlOption,
});

export type OpenAiOptions = z.infer<typeof openAiOptionsSchema>;

/**
 * The admin credential secret for OpenAI: `{"adminApiKey": "sk-admin-..."}`,
 * an organization admin API key (only admin keys can manage admin keys).
 */
export const openAiAdminCredentialSchema = z.object({
  adminApiKey: headerCredential(
    "adminApiKey",
    z.refine((k) => /^sk-admin-\S+$/.test(k), {
      error: "`adminApiKey` must be an OpenAI admin API key (it starts with `sk-admin-`)",
    }),
  ),
});

export type OpenAiAdminCredential = z.infer<typeof openAiAdminCredentialSchema>;
