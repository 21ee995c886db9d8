/**
 * The Twilio API keys simulator: a real HTTP server on 127.0.0.1 serving
 * {@link TwilioDialect} for one account, behind the vendor-neutral
 * {@link VendorSimulator} interface. The stored `apiKey` of a Twilio key is
 * `SK…:secret`, so `isKeyAccepted` takes that pair.
 */
import { randomBytes } from "node:crypto";
import type { VendorSimulator, VendorSimulatorOptions } from "../vendorSimulator";
import { FaultSwitches } from "../shared/simFaults";
import { SimKeyStore } from "../shared/simKeyStore";
import { assembleVendorSimulator, startSimServer, type SimExchange } from "../shared/simServer";
import { TwilioDialect, type TwilioAccount } from "./twilioDialect";

/** The Twilio simulator, with what its own tests need beyond the neutral interface. */
export interface TwilioSimulator extends VendorSimulator {
  /** The account and its admin credentials (Auth Token and a Main key). */
  readonly account: TwilioAccount;
  readonly exchanges: readonly SimExchange[];
}

/** Starts a Twilio simulator; `maxActiveKeys` defaults to 10. */
export async function startTwilioSimulator(
  options: VendorSimulatorOptions & { now?: () => number } = {},
): Promise<TwilioSimulator> {
  const account: TwilioAccount = {
    accountSid: `AC${randomBytes(16).toString("hex")}`,
    authToken: randomBytes(16).toString("hex"),
    mainKeySid: `SK${randomBytes(16).toString("hex")}`,
    mainKeySecret: randomBytes(24).toString("base64url").slice(0, 32),
  };
  const store = new SimKeyStore(options.now ?? Date.now);
  const faults = new FaultSwitches(options.maxActiveKeys ?? 10);
  const dialect = new TwilioDialect(store, faults, account);
  const server = await startSimServer(dialect, faults, store);
  return {
    ...assembleVendorSimulator({
      vendor: "twilio",
      server,
      store,
      faults,
      vendorOptions: { accountSid: account.accountSid, baseUrl: server.baseUrl },
      adminCredentialJson: JSON.stringify({ authToken: account.authToken }),
      isKeyAccepted: (apiKey) => dialect.acceptsKeyPair(apiKey),
    }),
    account,
    exchanges: server.exchanges,
  };
}
