/**
 * The OpenAI admin API keys simulator: a real HTTP server on 127.0.0.1 serving
 * {@link OpenAiDialect} under `/v1`, behind the vendor-neutral
 * {@link VendorSimulator} interface the scenario suite uses.
 */
import { randomBytes } from "node:crypto";
import type { VendorSimulator, VendorSimulatorOptions } from "../vendorSimulator";
import { FaultSwitches } from "../shared/simFaults";
import { SimKeyStore } from "../shared/simKeyStore";
import { assembleVendorSimulator, startSimServer, type SimExchange } from "../shared/simServer";
import { OpenAiDialect } from "./openAiDialect";

/** The OpenAI simulator, with what its own tests need beyond the neutral interface. */
export interface OpenAiSimulator extends VendorSimulator {
  /** The admin key stored in the admin credential secret (not one of `keys()`). */
  readonly adminApiKey: string;
  /** Every exchange in full, for contract tests (holds secrets). */
  readonly exchanges: readonly SimExchange[];
}

/** Starts an OpenAI simulator; `maxActiveKeys` defaults to 10. */
export async function startOpenAiSimulator(
  options: VendorSimulatorOptions & { now?: () => number } = {},
): Promise<OpenAiSimulator> {
  const adminApiKey = `sk-admin-${randomBytes(36).toString("base64url")}`;
  const store = new SimKeyStore(options.now ?? Date.now);
  const faults = new FaultSwitches(options.maxActiveKeys ?? 10);
  const server = await startSimServer(new OpenAiDialect(store, faults, adminApiKey), faults, store);
  const baseUrl = `${server.baseUrl}/v1`;
  return {
    ...assembleVendorSimulator({
      vendor: "openai",
      server,
      store,
      faults,
      baseUrl,
      vendorOptions: { baseUrl },
      adminCredentialJson: JSON.stringify({ adminApiKey }),
    }),
    adminApiKey,
    exchanges: server.exchanges,
  };
}
