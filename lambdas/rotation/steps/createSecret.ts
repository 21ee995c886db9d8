import { RotationMetrics } from "../../shared/metricNames";
import type { CreatedVendorKey } from "../../vendors/adapter";
import {
  RotationError,
  SecretStateError,
  VendorCapacityError,
  VendorError,
  VendorResponseError,
} from "../errors";
import { keyNameFor } from "../keyNames";
import { recordSecretCount } from "../observability";
import { parseStoredKey, serializeStoredKey } from "../secretValue";
import { Stage } from "../secretsStore";
import { revokeFirstIfRequested } from "../../lifecycle/emergency";
import { makeRoom, revokeKeysNamed } from "./vendorHousekeeping";
import type { StepContext } from "./stepContext";

/** Below this much remaining time, a new key is not created: it might not be stored before the Lambda stops. */
export const MIN_MS_TO_CREATE = 20_000;

/**
 * createSecret: make a new vendor key for this token and store it as the
 * pending version. Idempotent by token; a key created by this attempt that
 * cannot be stored is revoked before the error is rethrown.
 */
export async function createSecret(ctx: StepContext): Promise<void> {
  const { secretId, token, store, adapter, config, logger } = ctx;
  const pending = await store.read(secretId, { stage: Stage.Pending, versionId: token });
  if (pending?.secretString !== undefined) {
    if (parseStoredKey(pending.secretString)?.rotationToken === token) {
      logger.info(
        "createSecret: pending version already holds the key for this token; nothing to do",
      );
      return;
    }
    throw new SecretStateError(
      `Pending version ${token} of secret ${ctx.description.name} holds a value this engine did not store for this token; cancel the rotation and remove its AWSPENDING label before rotating again.`,
      { secretId, token, step: "createSecret" },
    );
  }
  if (ctx.remainingMs() < MIN_MS_TO_CREATE) {
    throw new RotationError(
      `createSecret has ${Math.round(ctx.remainingMs() / 1000)} s left, less than the ${MIN_MS_TO_CREATE / 1000} s needed to create and store a key safely; raise the Lambda timeout.`,
      { secretId, token, step: "createSecret" },
    );
  }

  await revokeFirstIfRequested(ctx);
  const name = keyNameFor(config.keyNamePrefix, ctx.description.arn, token);
  const created = await createKey(ctx, name);
  const value = serializeStoredKey({
    apiKey: created.secret,
    keyId: created.id,
    keyName: name,
    vendor: adapter.vendor,
    createdAt: created.createdAt ?? ctx.now().toISOString(),
    ...(created.expiresAt === undefined ? {} : { expiresAt: created.expiresAt }),
    rotationToken: token,
  });
  try {
    await store.putPending(secretId, token, value, ctx.rotationToken);
  } catch (error) {
    if ((await compensate(ctx, created, error)) !== "stored") throw error;
  }
  logger.info("createSecret: stored new vendor key as AWSPENDING", {
    keyId: created.id,
    keyName: name,
  });
}

/** Creates the key; makes room once if the vendor's cap is reached; sweeps after an unknown outcome. */
async function createKey(ctx: StepContext, name: string): Promise<CreatedVendorKey> {
  const input = { name, ttlDays: ctx.config.keyTtlDays };
  try {
    return await ctx.adapter.createKey(input);
  } catch (error) {
    if (error instanceof VendorCapacityError) {
      await makeRoom(ctx);
      return ctx.adapter.createKey(input);
    }
    if (error instanceof VendorError && (error.retryable || error instanceof VendorResponseError)) {
      // The vendor may have created the key and we never saw it: that secret is
      // lost for good, so the key must not outlive this attempt.
      ctx.logger.warn(
        "createSecret: create outcome unknown; revoking any key created under this token",
        {
          keyName: name,
          error: error.message,
        },
      );
      const revoked = await revokeKeysNamed(ctx, name).catch(() => -1);
      if (revoked > 0)
        recordSecretCount(ctx.description.name, RotationMetrics.OrphanKeyRevoked, revoked);
    }
    throw error;
  }
}

/**
 * The put failed. If the value did land (a lost response), keep the key;
 * if it certainly did not, revoke the key, whose secret would otherwise be
 * lost at the vendor; if we cannot tell, leave it (logged with its id) rather than risk revoking a stored key.
 */
async function compensate(
  ctx: StepContext,
  created: CreatedVendorKey,
  cause: unknown,
): Promise<"stored" | "revoked" | "unknown"> {
  const { logger, store, secretId, token } = ctx;
  let stored: string | undefined;
  try {
    stored = (await store.read(secretId, { stage: Stage.Pending, versionId: token }))?.secretString;
  } catch {
    logger.error(
      "createSecret: store failed and its outcome is unknown; reconciliation must check the key",
      {
        keyId: created.id,
      },
    );
    return "unknown";
  }
  if (parseStoredKey(stored)?.keyId === created.id) {
    logger.warn("createSecret: the store call failed but the value landed; keeping the key", {
      keyId: created.id,
    });
    return "stored";
  }
  try {
    const outcome = await ctx.adapter.revokeKey(created.id);
    recordSecretCount(ctx.description.name, RotationMetrics.OrphanKeyRevoked);
    logger.warn("createSecret: revoked the new key because it could not be stored", {
      keyId: created.id,
      outcome,
      error: cause instanceof Error ? cause.message : String(cause),
    });
    return "revoked";
  } catch (error) {
    logger.error("createSecret: could not revoke the unstored key; reconciliation must revoke it", {
      keyId: created.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return "unknown";
  }
}
