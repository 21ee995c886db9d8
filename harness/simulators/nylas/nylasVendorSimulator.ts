import type { VendorSimulator, VendorSimulatorOptions } from "../vendorSimulator";
import { startNylasSimulator, type NylasSimulator } from "./nylasSimulator";

/** The Nylas simulator behind the vendor-neutral interface the scenario suite uses. */
export interface NylasVendorSimulator extends VendorSimulator {
  /** The Nylas-specific simulator (service account, application id, seeding). */
  readonly nylas: NylasSimulator;
}

export async function startNylasVendorSimulator(
  options: VendorSimulatorOptions = {},
): Promise<NylasVendorSimulator> {
  const nylas = await startNylasSimulator(
    options.maxActiveKeys === undefined ? {} : { maxActiveKeys: options.maxActiveKeys },
  );
  return {
    vendor: "nylas",
    nylas,
    baseUrl: nylas.baseUrl,
    vendorOptions: { applicationId: nylas.applicationId, baseUrl: nylas.baseUrl },
    adminCredentialJson: nylas.serviceAccountJson,
    keys: () => nylas.keys(),
    activeKeys: () => nylas.activeKeys(),
    issuedSecrets: () => nylas.issuedSecrets(),
    isKeyAccepted: (secret) => nylas.isKeyAccepted(secret),
    revokeOutOfBand: (keyId) => nylas.revokeOutOfBand(keyId),
    get requests() {
      return nylas.requests;
    },
    get faults() {
      return nylas.faults;
    },
    reset: () => nylas.reset(),
    close: () => nylas.close(),
  };
}
