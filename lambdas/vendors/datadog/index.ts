import { defineVendor } from "../kit/vendorDefinition";
import { DatadogAdapter } from "./datadogAdapter";
import { datadogAdminCredentialSchema, datadogOptionsSchema } from "./options";

/** Datadog API keys, managed with an API + application key pair; keys never expire. */
export const datadogVendor = defineVendor({
  name: "datadog",
  keysExpire: false,
  optionsSchema: datadogOptionsSchema,
  optionsShape: '{ site?: "datadoghq.com" | "datadoghq.eu" | "us3.datadoghq.com" | ..., baseUrl? }',
  adminCredentialSchema: datadogAdminCredentialSchema,
  adminCredentialShape:
    'JSON `{"apiKey", "applicationKey"}`: a Datadog API key and an application key with the api_keys permissions',
  adapter: DatadogAdapter,
});
