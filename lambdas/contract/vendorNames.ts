/**
 * The vendors the rotation Lambda can rotate, by the name used in
 * `ROTATION_VENDOR` and the component's `vendor`. Kept apart from the vendor
 * code so the Lambda can load only the configured vendor's code; the vendor
 * registry (`lambdas/vendors/registry.ts`) is checked against this list.
 */
export const SUPPORTED_VENDORS = [
  "nylas",
  "sendgrid",
  "datadog",
  "cloudflare",
  "openai",
  "gitlab",
  "twilio",
  "http",
] as const;

export type VendorName = (typeof SUPPORTED_VENDORS)[number];
