import { defineVendor } from "../kit/vendorDefinition";
import { twilioAdminCredentialSchema, twilioOptionsSchema } from "./options";
import { TwilioAdapter } from "./twilioAdapter";

/**
 * Twilio API keys (2010-04-01 Keys resource), managed with the Auth Token or a
 * Main key. Keys never expire (the key TTL is ignored); the stored `apiKey` is
 * `SK…:secret`, the HTTP Basic credentials a client sends.
 */
export const twilioVendor = defineVendor({
  name: "twilio",
  keysExpire: false,
  optionsSchema: twilioOptionsSchema,
  optionsShape: "{ accountSid, baseUrl? }",
  adminCredentialSchema: twilioAdminCredentialSchema,
  adminCredentialShape: 'JSON `{"authToken"}` or `{"apiKeySid", "apiKeySecret"}` (a Main API key)',
  adapter: TwilioAdapter,
});
