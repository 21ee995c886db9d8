import { SecretStateError } from "../../contract/errors";
import { parseStoredKey } from "../../contract/storedKey";
import { Stage } from "../core/secretsStore";
import type { StepContext } from "./stepContext";

/**
 * setSecret: the vendor issued the key, so it already knows it. Adapters whose
 * new keys start inactive get their activation call here; for the others this
 * step only passes the entry checks.
 */
export async function setSecret(ctx: StepContext): Promise<void> {
  const { adapter, store, secretId, token, logger } = ctx;
  if (adapter.activateKey === undefined) {
    logger.info("setSecret: vendor needs no activation call");
    return;
  }
  const pending = parseStoredKey(
    (await store.read(secretId, { stage: Stage.Pending, versionId: token }))?.secretString,
  );
  if (pending === undefined) {
    throw new SecretStateError(
      `setSecret found no stored key in pending version ${token}; createSecret must run first.`,
      {
        secretId,
        token,
        step: "setSecret",
      },
    );
  }
  await adapter.activateKey(pending.keyId);
  logger.info("setSecret: activated the pending key", { keyId: pending.keyId });
}
