import * as z from "zod/mini";
import "../../contract/schema";
import { headerSafe } from "../kit/headerSafety";
import { baseUrlOption } from "../kit/optionParts";

/** Twilio's REST API host (the 2010-04-01 API). */
export const TWILIO_BASE_URL = "https://api.twilio.com";

/** Longest `FriendlyName` Twilio accepts for a key. */
export const TWILIO_MAX_FRIENDLY_NAME = 64;

/**
 * Options of the Twilio adapter, as `ROTATION_VENDOR_OPTIONS` JSON and as the
 * component's `vendorOptions`: the account whose API keys are rotated.
 * `baseUrl` selects a regional host or a simulator.
 */
export const twilioOptionsSchema = z.strictObject({
  accountSid: z.string({ error: "`accountSid` is required: the Twilio Account SID (AC…)" }).check(
    z.regex(/^AC[0-9a-fA-F]{32}$/, {
      error: "`accountSid` must be a Twilio Account SID (AC followed by 32 hex digits)",
    }),
  ),
  baseUrl: baseUrlOption,
});

export type TwilioOptions = z.infer<typeof twilioOptionsSchema>;

/**
 * The admin credential secret for Twilio: either `{"authToken"}` (the
 * account's Auth Token) or `{"apiKeySid", "apiKeySecret"}` (a Main API key).
 * Standard keys, which are what this adapter creates, cannot manage keys.
 */
export const twilioAdminCredentialSchema = z
  .object({
    authToken: z.optional(
      z.string().check(headerSafe("authToken"), z.minLength(1, { error: "`authToken` is empty" })),
    ),
    apiKeySid: z.optional(
      z.string().check(
        z.regex(/^SK[0-9a-fA-F]{32}$/, {
          error: "`apiKeySid` must be a Main API key SID (SK followed by 32 hex digits)",
        }),
      ),
    ),
    apiKeySecret: z.optional(
      z
        .string()
        .check(headerSafe("apiKeySecret"), z.minLength(1, { error: "`apiKeySecret` is empty" })),
    ),
  })
  .check(
    z.refine(
      (c) =>
        c.authToken !== undefined
          ? c.apiKeySid === undefined && c.apiKeySecret === undefined
          : c.apiKeySid !== undefined && c.apiKeySecret !== undefined,
      {
        error:
          "set either `authToken` (the account's Auth Token) or both `apiKeySid` and `apiKeySecret` (a Main API key)",
      },
    ),
  );

export type TwilioAdminCredential = z.infer<typeof twilioAdminCredentialSchema>;
