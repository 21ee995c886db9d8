import { rememberSecret } from "../../contract/secretMask";
import type { VendorAdapter } from "./adapter";

/**
 * `adapter`, with every key secret that passes through it (a key just
 * created, a key being verified) remembered by the secret mask, so that
 * logs and errors can never show it even if some text echoes it.
 */
export function rememberingSecrets(adapter: VendorAdapter): VendorAdapter {
  const activateKey = adapter.activateKey;
  return {
    vendor: adapter.vendor,
    ...(adapter.maxActiveKeys === undefined ? {} : { maxActiveKeys: adapter.maxActiveKeys }),
    secretShownOnce: adapter.secretShownOnce,
    ...(adapter.reportsLastUse === undefined ? {} : { reportsLastUse: adapter.reportsLastUse }),
    createKey: async (input) => {
      const created = await adapter.createKey(input);
      rememberSecret(created.secret);
      return created;
    },
    ...(activateKey === undefined
      ? {}
      : { activateKey: (keyId: string) => activateKey.call(adapter, keyId) }),
    verifyKey: (secret) => {
      rememberSecret(secret);
      return adapter.verifyKey(secret);
    },
    revokeKey: (keyId) => adapter.revokeKey(keyId),
    listKeys: () => adapter.listKeys(),
  };
}
