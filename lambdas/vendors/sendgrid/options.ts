import * as z from "zod/mini";
import "../../contract/schema";
import { headerCredential } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/** SendGrid API hosts (twilio/sendgrid-oai `servers`): global, and EU regional subusers. */
export const SENDGRID_REGIONS = {
  global: "https://api.sendgrid.com",
  eu: "https://api.eu.sendgrid.com",
} as const;

/**
 * Options of the SendGrid adapter (`vendorOptions` / `ROTATION_VENDOR_OPTIONS`).
 * `scopes` are given to every new key; without them SendGrid creates a
 * full-access key. SendGrid keys never expire, so the rotation's key TTL is
 * ignored. `baseUrl` overrides `region` (simulators in tests and the drill).
 */
export const sendgridOptionsSchema = z.strictObject({
  scopes: z.optional(
    z
      .array(
        z.string({ error: "each of `scopes` must be a string" }).check(
          z.regex(/^[a-z0-9_.]+$/, {
            error: "each of `scopes` must be a SendGrid scope such as `mail.send`",
          }),
        ),
        { error: "`scopes` must be a list of SendGrid scopes" },
      )
      .check(
        z.minLength(1, {
          error: "`scopes` must not be empty (leave it out for a full-access key)",
        }),
      ),
  ),
  region: z._default(
    z.enum(["global", "eu"], { error: '`region` must be "global" or "eu"' }),
    "global",
  ),
  baseUrl: baseUrlOption,
});

export type SendGridOptions = z.infer<typeof sendgridOptionsSchema>;

/**
 * The admin credential secret for SendGrid: `{"apiKey": "SG...."}`, a key
 * with the `api_keys.*` scopes (create, read, delete).
 */
export const sendgridAdminCredentialSchema = z.object({
  apiKey: headerCredential(
    "apiKey",
    z.refine((k) => /^SG\.[^.\s]+\.[^.\s]+$/.test(k), {
      error: "`apiKey` must be a SendGrid API key (SG.<id>.<secret>)",
    }),
  ),
});

export type SendGridAdminCredential = z.infer<typeof sendgridAdminCredentialSchema>;
