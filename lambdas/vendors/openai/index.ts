import { defineVendor } from "../kit/vendorDefinition";
import { OpenAiAdapter } from "./openAiAdapter";
import { openAiAdminCredentialSchema, openAiOptionsSchema } from "./options";

/** OpenAI organization admin API keys, managed with an admin API key. */
export const openaiVendor = defineVendor({
  name: "openai",
  keysExpire: true,
  optionsSchema: openAiOptionsSchema,
  optionsShape: "{ baseUrl? } (usually `{}`)",
  adminCredentialSchema: openAiAdminCredentialSchema,
  adminCredentialShape: 'JSON `{"adminApiKey": "sk-admin-..."}` (an OpenAI organization admin key)',
  adapter: OpenAiAdapter,
});
