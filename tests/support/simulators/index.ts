import { startNylasVendorSimulator } from "./nylas/nylasVendorSimulator";
import type { VendorSimulatorFactory } from "./vendorSimulator";

/**
 * One simulator per vendor adapter, keyed by `ROTATION_VENDOR`. The scenario
 * suite runs every rotation scenario against each of them.
 */
export const SIMULATORS: Record<string, VendorSimulatorFactory> = {
  nylas: startNylasVendorSimulator,
};

export const SIMULATED_VENDORS = Object.keys(SIMULATORS);
