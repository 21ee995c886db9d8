import { nylasVendor } from "./nylas";

/**
 * Every vendor the rotation Lambda can rotate, by the name used in
 * `ROTATION_VENDOR` and the component's `vendor`. Each entry is a
 * `VendorDefinition` (see `vendorDefinition.ts`).
 */
export const VENDORS = {
  nylas: nylasVendor,
} as const;

export type VendorName = keyof typeof VENDORS;

export const SUPPORTED_VENDORS = Object.keys(VENDORS) as [VendorName, ...VendorName[]];
