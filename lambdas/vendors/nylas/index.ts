import { defineVendor } from "../kit/vendorDefinition";
import { NylasAdapter } from "./nylasAdapter";
import { nylasAdminCredentialSchema, nylasOptionsSchema } from "./options";

/** Nylas v3 API keys, managed with a service account. */
export const nylasVendor = defineVendor({
  name: "nylas",
  keysExpire: true,
  optionsSchema: nylasOptionsSchema,
  optionsShape: '{ applicationId, region?: "us" | "eu", baseUrl? }',
  adminCredentialSchema: nylasAdminCredentialSchema,
  adminCredentialShape: "the Nylas service-account JSON (with `private_key_id` and `private_key`)",
  adapter: NylasAdapter,
});
