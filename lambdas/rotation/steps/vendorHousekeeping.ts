import { RotationMetrics } from "../../shared/metricNames";
import type { VendorKey } from "../../vendors/adapter";
import { VendorCapacityError } from "../errors";
import { tokenFromKeyName } from "../keyNames";
import { recordSecretCount } from "../observability";
import { parseStoredKey } from "../secretValue";
import { Stage, versionWithStage } from "../secretsStore";
import type { StepContext } from "./stepContext";

/** Revokes every active key with exactly this name; returns how many were revoked. */
export async function revokeKeysNamed(ctx: StepContext, name: string): Promise<number> {
  const matches = (await ctx.adapter.listKeys()).filter((k) => k.name === name);
  for (const key of matches) {
    await ctx.adapter.revokeKey(key.id);
    ctx.logger.warn("revoked a vendor key created under this token whose secret was never stored", {
      keyId: key.id,
      keyName: key.name,
    });
  }
  return matches.length;
}

/**
 * The vendor's cap is reached. Revoke, in this order and only as far as
 * needed for one new key: our keys for this secret that no labelled version
 * references (orphans of crashed attempts), then the `AWSPREVIOUS` key if its
 * overlap window has ended. Never `AWSCURRENT`, never a key inside its window,
 * never a key this secret did not create. Throws `VendorCapacityError`
 * explaining what holds the slots when nothing may go.
 */
export async function makeRoom(ctx: StepContext): Promise<void> {
  const { adapter, config, description, store, secretId, logger } = ctx;
  const keys = await adapter.listKeys();
  const current = parseStoredKey((await store.read(secretId, { stage: Stage.Current }))?.secretString);
  const previousVersion = versionWithStage(description, Stage.Previous);
  const previous = previousVersion
    ? parseStoredKey((await store.read(secretId, { stage: Stage.Previous }))?.secretString)
    : undefined;
  const labelled = new Set(
    Object.entries(description.versionIdsToStages)
      .filter(([, stages]) => stages.length > 0)
      .map(([id]) => id),
  );

  const ours = keys.filter((k) => tokenFromKeyName(config.keyNamePrefix, description.arn, k.name) !== undefined);
  const orphans = ours.filter((k) => {
    const token = tokenFromKeyName(config.keyNamePrefix, description.arn, k.name) ?? "";
    return !labelled.has(token) && k.id !== current?.keyId && k.id !== previous?.keyId;
  });
  for (const orphan of orphans) {
    await adapter.revokeKey(orphan.id);
    recordSecretCount(description.name, RotationMetrics.OrphanKeyRevoked);
    logger.warn("makeRoom: revoked an orphaned key of this secret", { keyId: orphan.id, keyName: orphan.name });
  }
  if (orphans.length > 0) return;

  const windowEnds = current ? new Date(Date.parse(current.createdAt) + config.overlapHours * 3_600_000) : undefined;
  const previousActive = previous && keys.some((k) => k.id === previous.keyId);
  if (previous && previousActive && windowEnds && windowEnds <= ctx.now()) {
    await adapter.revokeKey(previous.keyId);
    logger.info("makeRoom: revoked the AWSPREVIOUS key, whose overlap window has ended", {
      keyId: previous.keyId,
      overlapEndedAt: windowEnds.toISOString(),
    });
    return;
  }
  throw new VendorCapacityError(capacityMessage(ctx, keys, current?.keyId, previousActive ? previous : undefined, windowEnds), {
    secretId,
    vendor: adapter.vendor,
    operation: "createKey",
    step: "createSecret",
  });
}

function capacityMessage(
  ctx: StepContext,
  keys: readonly VendorKey[],
  currentKeyId: string | undefined,
  previous: { keyId: string } | undefined,
  windowEnds: Date | undefined,
): string {
  const held = [
    currentKeyId ? `AWSCURRENT (${currentKeyId})` : undefined,
    previous && windowEnds ? `AWSPREVIOUS (${previous.keyId}, inside its overlap window until ${windowEnds.toISOString()})` : undefined,
  ].filter(Boolean);
  const others = keys.filter((k) => k.id !== currentKeyId && k.id !== previous?.keyId).length;
  return (
    `${ctx.adapter.vendor} has reached its cap of active keys (${keys.length} active) and none may be revoked to make room: ` +
    `${[...held, `${others} key(s) this secret did not create`].join(", ")}. ` +
    `Nothing was revoked. Revoke an unused key at the vendor, or rotate again after the overlap window ends.`
  );
}
