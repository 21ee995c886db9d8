import * as z from "zod/mini";
import "../../contract/schema";
import { headerCredential } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/**
 * The Datadog sites the API is served from (`https://api.<site>`), as the
 * published spec's server variable lists them (DataDog/datadog-api-client-typescript
 * `packages/datadog-api-client-common/servers.ts`).
 */
export const DATADOG_SITES = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "uk1.datadoghq.com",
  "datadoghq.eu",
  "ddog-gov.com",
  "us2.ddog-gov.com",
] as const;

/**
 * Options of the Datadog adapter (`vendorOptions` / `ROTATION_VENDOR_OPTIONS`).
 * Datadog API keys never expire, so the rotation's key TTL is ignored.
 * `baseUrl` overrides `site` (simulators in tests and the drill).
 */
export const datadogOptionsSchema = z.strictObject({
  site: z._default(
    z.enum(DATADOG_SITES, { error: `\`site\` must be one of ${DATADOG_SITES.join(", ")}` }),
    "datadoghq.com",
  ),
  baseUrl: baseUrlOption,
});

export type DatadogOptions = z.infer<typeof datadogOptionsSchema>;

/**
 * The admin credential secret for Datadog: `{"apiKey", "applicationKey"}`,
 * sent as `DD-API-KEY` / `DD-APPLICATION-KEY`. The application key needs the
 * `api_keys_read`, `api_keys_write` and `api_keys_delete` permissions.
 */
export const datadogAdminCredentialSchema = z.object({
  apiKey: headerCredential(
    "apiKey",
    z.regex(/^[0-9a-zA-Z]{32}$/, { error: "`apiKey` must be a Datadog API key (32 characters)" }),
  ),
  applicationKey: headerCredential(
    "applicationKey",
    z.regex(/^\S{32,}$/, {
      error: "`applicationKey` must be a Datadog application key (32 or more characters)",
    }),
  ),
});

export type DatadogAdminCredential = z.infer<typeof datadogAdminCredentialSchema>;
