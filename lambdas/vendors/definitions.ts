import { cloudflareVendor } from "./cloudflare";
import { datadogVendor } from "./datadog";
import { nylasVendor } from "./nylas";
import { gitlabVendor } from "./gitlab";
import { httpVendor } from "./http/index";
import { openaiVendor } from "./openai";
import { twilioVendor } from "./twilio";
import { sendgridVendor } from "./sendgrid";
import type { VendorName } from "../contract/vendorNames";

/**
 * Every vendor the rotation Lambda can rotate, by the name used in
 * `ROTATION_VENDOR` and the component's `vendor`. Each entry is a
 * `VendorDefinition` (see `vendorDefinition.ts`).
 */
export const VENDORS = {
  cloudflare: cloudflareVendor,
  datadog: datadogVendor,
  nylas: nylasVendor,
  openai: openaiVendor,
  gitlab: gitlabVendor,
  http: httpVendor,
  twilio: twilioVendor,
  sendgrid: sendgridVendor,
} as const satisfies Record<VendorName, unknown>;

export { SUPPORTED_VENDORS, type VendorName } from "../contract/vendorNames";
