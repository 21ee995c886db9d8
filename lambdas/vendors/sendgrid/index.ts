import { defineVendor } from "../kit/vendorDefinition";
import { sendgridAdminCredentialSchema, sendgridOptionsSchema } from "./options";
import { SendGridAdapter } from "./sendgridAdapter";

/** SendGrid v3 API keys, managed with an admin key holding the `api_keys` scopes; keys never expire. */
export const sendgridVendor = defineVendor({
  name: "sendgrid",
  keysExpire: false,
  optionsSchema: sendgridOptionsSchema,
  optionsShape: '{ scopes?: string[], region?: "global" | "eu", baseUrl? }',
  adminCredentialSchema: sendgridAdminCredentialSchema,
  adminCredentialShape: 'JSON `{"apiKey": "SG...."}`: a SendGrid API key with the api_keys scopes',
  adapter: SendGridAdapter,
});
