/**
 * Builds the vendor-neutral {@link VendorSimulator} from a running
 * {@link SimServer}, its {@link SimKeyStore} and {@link FaultSwitches}: the
 * part every simulator in this folder shares.
 */
import type { VendorSimulator } from "../vendorSimulator";
import type { FaultSwitches } from "./simFaults";
import type { SimKeyStore } from "./simKeyStore";
import type { SimServer } from "./simServer";

export interface VendorSimulatorParts {
  readonly vendor: string;
  readonly server: SimServer;
  readonly store: SimKeyStore;
  readonly faults: FaultSwitches;
  /** The base URL the adapter is given (the server's, or below it, e.g. `/api/v4`). */
  readonly baseUrl: string;
  readonly vendorOptions: Record<string, unknown>;
  readonly adminCredentialJson: string;
  /** Whether the vendor's verify call with this stored `apiKey` would succeed now. */
  readonly isKeyAccepted: (apiKey: string) => boolean;
}

/** The neutral view the scenario suite uses. */
export function vendorSimulatorOf(parts: VendorSimulatorParts): VendorSimulator {
  const { server, store, faults } = parts;
  return {
    vendor: parts.vendor,
    baseUrl: parts.baseUrl,
    vendorOptions: parts.vendorOptions,
    adminCredentialJson: parts.adminCredentialJson,
    keys: () => store.snapshot("all"),
    activeKeys: () => store.snapshot("active"),
    issuedSecrets: () => store.issuedSecrets(),
    isKeyAccepted: parts.isKeyAccepted,
    revokeOutOfBand: (keyId) => {
      store.revoke(keyId);
    },
    requests: server.requests,
    faults,
    reset: () => {
      faults.clear();
      server.requests.length = 0;
      server.exchanges.length = 0;
    },
    close: () => server.close(),
  };
}
