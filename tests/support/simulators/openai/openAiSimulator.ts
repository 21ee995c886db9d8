/**
 * The OpenAI admin API keys simulator: a real HTTP server on 127.0.0.1 serving
 * {@link OpenAiDialect} under `/v1`, behind the vendor-neutral
 * {@link VendorSimulator} interface the scenario suite uses.
 */
import { randomBytes } from "node:crypto";
import type { VendorSimulator, VendorSimulatorOptions } from "../vendorSimulator";
import { FaultSwitches } from "../common/simFaults";
import { SimKeyStore } from "../common/simKeyStore";
import { startSimServer, type SimExchange } from "../common/simServer";
import { vendorSimulatorOf } from "../common/vendorSimulatorOf";
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
  const server = await startSimServer(
    new OpenAiDialect(store, faults, adminApiKey),
    faults,
    (secret) => store.recordIssued(secret),
  );
  const baseUrl = `${server.baseUrl}/v1`;
  return {
    ...vendorSimulatorOf({
      vendor: "openai",
      server,
      store,
      faults,
      baseUrl,
      vendorOptions: { baseUrl },
      adminCredentialJson: JSON.stringify({ adminApiKey }),
      isKeyAccepted: (apiKey) => store.rejection(apiKey) === undefined,
    }),
    adminApiKey,
    exchanges: server.exchanges,
  };
}
