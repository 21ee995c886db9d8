import { overlapWindowEnd } from "../overlapWindow";
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
 * The vendor's cap is reached. Revoke, only as far as needed for one new key,
 * keys of this secret that no consumer can still be relying on:
 * - a key made under this rotation's token by a crashed attempt (never stored);
 * - keys of this secret no label references (earlier versions, or orphans of
 *   abandoned rotations), once the window of the key that replaced them is over;
 * - the `AWSPREVIOUS` key, once its own overlap window is over.
 * Never `AWSCURRENT`, never a key inside a window, never a key this secret did
 * not create. Throws `VendorCapacityError` naming what holds the slots.
 */
export async function makeRoom(ctx: StepContext): Promise<void> {
  const { adapter, config, description, store, secretId, logger, token } = ctx;
  const keys = await adapter.listKeys();
  const current = parseStoredKey(
    (await store.read(secretId, { stage: Stage.Current }))?.secretString,
  );
  const previous = versionWithStage(description, Stage.Previous)
    ? parseStoredKey((await store.read(secretId, { stage: Stage.Previous }))?.secretString)
    : undefined;
  const now = ctx.now().getTime();
  const previousWindowEnds = overlapWindowEnd(current?.createdAt, config.overlapHours);
  const olderWindowEnds = overlapWindowEnd((previous ?? current)?.createdAt, config.overlapHours);

  const revocable = keys.filter((k) => {
    const keyToken = tokenFromKeyName(config.keyNamePrefix, description.arn, k.name);
    if (keyToken === undefined || k.id === current?.keyId) return false;
    if (keyToken === token) return true;
    if (k.id === previous?.keyId) return now >= previousWindowEnds;
    return now >= olderWindowEnds;
  });
  // Oldest first: the key least likely to be in use goes first.
  revocable.sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? ""));
  const victim = revocable[0];
  if (victim !== undefined) {
    await adapter.revokeKey(victim.id);
    recordSecretCount(description.name, RotationMetrics.OrphanKeyRevoked);
    logger.warn(
      "makeRoom: revoked a key of this secret no consumer can rely on, to stay under the vendor cap",
      {
        keyId: victim.id,
        keyName: victim.name,
        wasPrevious: victim.id === previous?.keyId,
      },
    );
    return;
  }
  const previousActive = previous !== undefined && keys.some((k) => k.id === previous.keyId);
  throw new VendorCapacityError(
    capacityMessage(
      ctx,
      keys,
      current?.keyId,
      previousActive ? previous : undefined,
      new Date(previousWindowEnds),
    ),
    { secretId, vendor: adapter.vendor, operation: "createKey", step: "createSecret" },
  );
}

function capacityMessage(
  ctx: StepContext,
  keys: readonly VendorKey[],
  currentKeyId: string | undefined,
  previous: { keyId: string } | undefined,
  windowEnds: Date,
): string {
  const held = [
    currentKeyId ? `AWSCURRENT (${currentKeyId})` : undefined,
    previous
      ? `AWSPREVIOUS (${previous.keyId}, inside its overlap window until ${windowEnds.toISOString()})`
      : undefined,
  ].filter(Boolean);
  const others = keys.filter((k) => k.id !== currentKeyId && k.id !== previous?.keyId).length;
  return (
    `${ctx.adapter.vendor} has reached its cap of active keys (${keys.length} active) and none may be revoked to make room: ` +
    `${[...held, `${others} other key(s), inside a window or not created by this secret`].join(", ")}. ` +
    `Nothing was revoked. Revoke an unused key at the vendor, or rotate again after the overlap window ends.`
  );
}
