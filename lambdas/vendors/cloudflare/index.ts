import { defineVendor } from "../kit/vendorDefinition";
import { CloudflareAdapter } from "./cloudflareAdapter";
import { cloudflareAdminCredentialSchema, cloudflareOptionsSchema } from "./options";

/** Cloudflare user API tokens, managed with a token holding "API Tokens Write"; never rolled. */
export const cloudflareVendor = defineVendor({
  name: "cloudflare",
  keysExpire: true,
  optionsSchema: cloudflareOptionsSchema,
  optionsShape:
    '{ policies: [{ effect: "allow" | "deny", permission_groups: [{ id }], resources: {...} }], condition?, baseUrl? }',
  adminCredentialSchema: cloudflareAdminCredentialSchema,
  adminCredentialShape: 'JSON `{"apiToken"}`: a Cloudflare user API token with "API Tokens Write"',
  adapter: CloudflareAdapter,
});
