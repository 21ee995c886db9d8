import { z } from "zod";

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
export const nylasOptionsSchema = z
  .object({
    applicationId: z
      .string({
        error: "`applicationId` is required: the Nylas application whose API keys are rotated",
      })
      .min(1, { error: "`applicationId` must not be empty" }),
    region: z.enum(["us", "eu"], { error: '`region` must be "us" or "eu"' }).default("us"),
    baseUrl: z
      .url({ error: "`baseUrl` must be an absolute URL" })
      .refine(
        (u) =>
          u.startsWith("https://") ||
          /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(u),
        {
          error:
            "`baseUrl` must use https (plain http is allowed only on loopback, for simulators)",
        },
      )
      .optional(),
  })
  .strict();

export type NylasOptions = z.infer<typeof nylasOptionsSchema>;

/**
 * The admin credential secret for Nylas: the service account JSON Nylas lets
 * you download (only `private_key_id` and `private_key` are read).
 */
export const nylasAdminCredentialSchema = z.object({
  private_key_id: z.string({ error: "`private_key_id` is required" }).min(1),
  private_key: z
    .string({ error: "`private_key` is required" })
    .refine((k) => k.includes("PRIVATE KEY-----"), {
      error: "`private_key` must be a PEM private key",
    }),
});

export type NylasAdminCredential = z.infer<typeof nylasAdminCredentialSchema>;
