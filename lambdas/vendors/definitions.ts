import { nylasVendor } from "./nylas";
import type { VendorDefinition } from "./vendorDefinition";

/** Every vendor the rotation Lambda can rotate, by the name used in `ROTATION_VENDOR` and the component's `vendor`. */
export const VENDORS = {
  nylas: nylasVendor,
} as const satisfies Record<string, VendorDefinition<any, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each vendor keeps its own option types

export type VendorName = keyof typeof VENDORS;

export const SUPPORTED_VENDORS = Object.keys(VENDORS) as [VendorName, ...VendorName[]];
