import * as z from "zod/mini";
import "../../contract/schema";
import { headerCredential } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/** Nylas API regions and their base URLs (VENDORS.md). */
export const NYLAS_REGIONS = {
  us: "https://api.us.nylas.com",
  eu: "https://api.eu.nylas.com",
} as const;

/**
 * Options of the Nylas adapter, as `ROTATION_VENDOR_OPTIONS` JSON and as the
 * component's `vendorOptions`. `baseUrl` overrides `region` (the local drill and
 * tests point it at a loopback simulator).
 */
export const nylasOptionsSchema = z.strictObject({
  applicationId: z
    .string({
      error: "`applicationId` is required: the Nylas application whose API keys are rotated",
    })
    .check(z.minLength(1, { error: "`applicationId` must not be empty" })),
  region: z._default(z.enum(["us", "eu"], { error: '`region` must be "us" or "eu"' }), "us"),
  baseUrl: baseUrlOption,
});

export type NylasOptions = z.infer<typeof nylasOptionsSchema>;

/**
 * The admin credential secret for Nylas: the service account JSON Nylas lets
 * you download (only `private_key_id` and `private_key` are read).
 */
export const nylasAdminCredentialSchema = z.object({
  private_key_id: headerCredential(
    "private_key_id",
    z.minLength(1, { error: "`private_key_id` must not be empty" }),
  ),
  private_key: z.string({ error: "`private_key` is required" }).check(
    z.refine((k) => k.includes("PRIVATE KEY-----"), {
      error: "`private_key` must be a PEM private key",
    }),
  ),
});

export type NylasAdminCredential = z.infer<typeof nylasAdminCredentialSchema>;
