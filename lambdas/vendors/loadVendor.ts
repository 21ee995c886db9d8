/* eslint-disable @typescript-eslint/no-require-imports -- lazy `require` is the point: see below. */
import type { VendorDefinition } from "./kit/vendorDefinition";
import type { VendorName } from "../contract/vendorNames";

/**
 * Loads one vendor's definition on demand. The bundle contains every adapter,
 * but esbuild turns these `require` calls into lazy module initialisers, so a
 * cold start evaluates only the configured vendor's code and schemas, which
 * keeps it close to the bare SDK's. (`import()` would do the same in the
 * bundle but needs ESM support in Jest, which runs the sources as CommonJS.)
 */
const LOADERS: Record<VendorName, () => VendorDefinition> = {
  nylas: () => (require("./nylas") as typeof import("./nylas")).nylasVendor as VendorDefinition,
  sendgrid: () =>
    (require("./sendgrid") as typeof import("./sendgrid")).sendgridVendor as VendorDefinition,
  datadog: () =>
    (require("./datadog") as typeof import("./datadog")).datadogVendor as VendorDefinition,
  cloudflare: () =>
    (require("./cloudflare") as typeof import("./cloudflare")).cloudflareVendor as VendorDefinition,
  openai: () => (require("./openai") as typeof import("./openai")).openaiVendor as VendorDefinition,
  gitlab: () => (require("./gitlab") as typeof import("./gitlab")).gitlabVendor as VendorDefinition,
  twilio: () => (require("./twilio") as typeof import("./twilio")).twilioVendor as VendorDefinition,
  http: () =>
    (require("./http/index") as typeof import("./http/index")).httpVendor as VendorDefinition,
};

export function loadVendor(name: VendorName): VendorDefinition {
  return LOADERS[name]();
}
