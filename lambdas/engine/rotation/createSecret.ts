import { lambdaDeadline, runCleanupUntil } from "../../contract/deadline";
import { RotationMetrics } from "../../contract/metricNames";
import type { CreatedVendorKey } from "../../vendors/kit/adapter";
import { KeyExpiryError, RotationError, SecretStateError } from "../../contract/errors";
import { VendorCapacityError, VendorError, VendorResponseError } from "../../vendors/kit/errors";
import { expiryProblem } from "../core/keyExpiry";
import { guardedRevoke } from "../core/keyGuard";
import { keyNameFor } from "../core/keyNames";
import { recordSecretCount } from "../core/observability";
import { parseStoredKey, serializeStoredKey } from "../../contract/storedKey";
import { Stage } from "../core/secretsStore";
import { revokeFirstIfRequested } from "./emergency";
import { makeRoom, revokeKeysNamed } from "./vendorHousekeeping";
import type { StepContext } from "./stepContext";

/** Time kept back from the Lambda's remaining time when sweeping after an unknown create. */
const CLEANUP_MARGIN_MS = 1_000;

/** Below this much remaining time, a new key is not created: it might not be stored before the Lambda stops. */
export const MIN_MS_TO_CREATE = 20_000;

/**
 * createSecret: make a new vendor key for this token and store it as the
 * pending version. Idempotent by token. A vendor shows a key's secret once,
 * so a key an earlier attempt created for this token but never stored is
 * found by its name and revoked before a new one is made; a key this attempt
 * creates and cannot store (or must refuse) is revoked before the error is
 * rethrown. Every revocation goes through the guard (keyGuard.ts).
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
      `Pending version ${token} of secret ${ctx.description.name} holds a value this engine did not store for this token (a copy of another version, or a value put by hand), and versions cannot be changed. ` +
        `The next maintenance run removes its AWSPENDING label (revoking nothing); or remove it now with \`aws secretsmanager update-secret-version-stage --secret-id ${ctx.description.name} --version-stage AWSPENDING --remove-from-version-id ${token}\`, then rotate again.`,
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
  const leftovers = await revokeKeysNamed(ctx, name);
  if (leftovers > 0)
    recordSecretCount(ctx.description.name, RotationMetrics.OrphanKeyRevoked, leftovers);
  const created = await createKey(ctx, name);
  await refuseShortLived(ctx, created);
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

/**
 * Creates the key, making room once if the vendor's cap is reached. After
 * any create whose outcome is unknown (the first or the one after making
 * room), every key under this token's name is revoked: its secret is lost.
 */
async function createKey(ctx: StepContext, name: string): Promise<CreatedVendorKey> {
  const input = { name, ttlDays: ctx.config.keyTtlDays };
  try {
    return await sweepIfUnknown(ctx, name, () => ctx.adapter.createKey(input));
  } catch (error) {
    if (!(error instanceof VendorCapacityError)) throw error;
    await makeRoom(ctx);
    return sweepIfUnknown(ctx, name, () => ctx.adapter.createKey(input));
  }
}

async function sweepIfUnknown(
  ctx: StepContext,
  name: string,
  create: () => Promise<CreatedVendorKey>,
): Promise<CreatedVendorKey> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof VendorError && (error.retryable || error instanceof VendorResponseError)) {
      ctx.logger.warn(
        "createSecret: create outcome unknown; revoking any key created under this token",
        { keyName: name, error: error.message },
      );
      // The create may have been cut by the deadline: the sweep gets what the Lambda really has left.
      const revoked = await runCleanupUntil(
        lambdaDeadline(ctx.remainingMs(), CLEANUP_MARGIN_MS),
        () => revokeKeysNamed(ctx, name),
      ).catch(() => -1);
      if (revoked > 0)
        recordSecretCount(ctx.description.name, RotationMetrics.OrphanKeyRevoked, revoked);
    }
    throw error;
  }
}

/** A key that would expire before the next rotation plus the overlap is revoked, never stored. */
async function refuseShortLived(ctx: StepContext, created: CreatedVendorKey): Promise<void> {
  const problem = expiryProblem(created.expiresAt, {
    now: ctx.now(),
    keyTtlDays: ctx.config.keyTtlDays,
    overlapHours: ctx.config.overlapHours,
    rules: ctx.description.rotationRules,
  });
  if (problem === undefined) return;
  const revoked = await guardedRevoke(ctx, created.id, "abandoned").catch(() => undefined);
  throw new KeyExpiryError(
    `createSecret: ${ctx.adapter.vendor} issued key ${created.id}, but ${problem}. ` +
      `${revoked?.outcome === "revoked" ? "The key was revoked and nothing was stored" : "Nothing was stored; reconciliation revokes the key"}; AWSCURRENT is unchanged. Check the vendor's expiry settings and \`keyTtlDays\`.`,
    {
      secretId: ctx.secretId,
      token: ctx.token,
      step: "createSecret",
      vendor: ctx.adapter.vendor,
      keyId: created.id,
    },
  );
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
    const revoked = await guardedRevoke(ctx, created.id, "abandoned");
    if (revoked.outcome === "refused") return "unknown";
    recordSecretCount(ctx.description.name, RotationMetrics.OrphanKeyRevoked);
    logger.warn("createSecret: revoked the new key because it could not be stored", {
      keyId: created.id,
      outcome: revoked.outcome,
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
