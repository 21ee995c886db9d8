import { RotationMetrics } from "../../contract/metricNames";
import type { VendorKey } from "../../vendors/kit/adapter";
import { previousKeyUsage } from "../core/usage";
import { VendorCapacityError } from "../../vendors/kit/errors";
import { guardedRevoke } from "../core/keyGuard";
import { readLabels } from "../core/labels";
import { tokenFromKeyName } from "../core/keyNames";
import { recordSecretCount } from "../core/observability";
import { overlapWindowEnd } from "../core/overlapWindow";
import type { StepContext } from "./stepContext";

/**
 * Revokes every active key with exactly this name (made for this rotation's
 * token by an attempt that never stored it: its secret is lost). Returns how
 * many were revoked; the guard refuses any key a label holds.
 */
export async function revokeKeysNamed(ctx: StepContext, name: string): Promise<number> {
  const matches = (await ctx.adapter.listKeys()).filter((k) => k.name === name);
  let revoked = 0;
  for (const key of matches) {
    const outcome = await guardedRevoke(ctx, key.id, "abandoned");
    if (outcome.outcome === "refused") continue;
    revoked += 1;
    ctx.logger.warn("revoked a vendor key created under this token whose secret was never stored", {
      keyId: key.id,
      keyName: key.name,
    });
  }
  return revoked;
}

/**
 * The vendor's cap is reached. Revoke, only as far as needed for one new key,
 * keys of this secret that no consumer can still be relying on:
 * - a key made under this rotation's token by a crashed attempt (never stored);
 * - keys of this secret that are not `AWSCURRENT`, once the overlap window
 *   (measured from the promotion of `AWSCURRENT`) is over — the `AWSPREVIOUS`
 *   key moreover only when scheduled revocation would revoke it too: unused,
 *   or past the hard limit.
 * Never `AWSCURRENT`, never the pending key, never a key this secret did not
 * create; the guard re-checks each one. Throws `VendorCapacityError` naming
 * what holds the slots.
 */
export async function makeRoom(ctx: StepContext): Promise<void> {
  const { adapter, config, description, secretId, logger, token } = ctx;
  const keys = await adapter.listKeys();
  const labels = await readLabels(ctx.store, secretId);
  const { current, previous } = labels;
  const now = ctx.now().getTime();
  const windowEnds = overlapWindowEnd(labels.description, config.overlapHours);

  const ours = keys.filter((k) => {
    const keyToken = tokenFromKeyName(config.keyNamePrefix, description.arn, k.name);
    return keyToken !== undefined && k.id !== current?.keyId && k.id !== labels.pending?.key?.keyId;
  });
  const abandoned = ours.filter(
    (k) => tokenFromKeyName(config.keyNamePrefix, description.arn, k.name) === token,
  );
  const retired = now >= windowEnds ? ours.filter((k) => !abandoned.includes(k)) : [];
  const previousAllowed =
    previous !== undefined &&
    retired.some((k) => k.id === previous.keyId) &&
    (await previousMayGo(ctx, keys, previous.keyId, windowEnds));
  const candidates = [
    ...abandoned.map((key) => ({ key, ground: "abandoned" as const })),
    ...retired
      .filter((k) => k.id !== previous?.keyId || previousAllowed)
      // Oldest first: the key least likely to be in use goes first.
      .sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? ""))
      .map((key) => ({ key, ground: "retired" as const })),
  ];
  for (const { key, ground } of candidates) {
    const outcome = await guardedRevoke(ctx, key.id, ground);
    if (outcome.outcome === "refused") continue;
    recordSecretCount(description.name, RotationMetrics.OrphanKeyRevoked);
    logger.warn(
      "makeRoom: revoked a key of this secret no consumer can rely on, to stay under the vendor cap",
      { keyId: key.id, keyName: key.name, wasPrevious: key.id === previous?.keyId },
    );
    return;
  }
  throw new VendorCapacityError(capacityMessage(ctx, keys, current?.keyId, previous, windowEnds), {
    secretId,
    vendor: adapter.vendor,
    operation: "createKey",
    step: "createSecret",
  });
}

/** The scheduled-revocation rule for the previous key: unused, or past the hard limit. */
async function previousMayGo(
  ctx: StepContext,
  keys: readonly VendorKey[],
  keyId: string,
  windowEnds: number,
): Promise<boolean> {
  const usage = await previousKeyUsage(
    {
      vendor: ctx.adapter.vendor,
      secretName: ctx.description.name,
      usageQuietMinutes: ctx.config.usageQuietMinutes,
      vendorKeys: keys,
      now: ctx.now,
      consumerReach: ctx.config.consumerReach,
    },
    { keyId },
  );
  return (
    !usage.inUse || ctx.now().getTime() >= windowEnds + ctx.config.revokeHardLimitHours * 3_600_000
  );
}

function capacityMessage(
  ctx: StepContext,
  keys: readonly VendorKey[],
  currentKeyId: string | undefined,
  previous: { keyId: string } | undefined,
  windowEnds: number,
): string {
  const previousActive = previous !== undefined && keys.some((k) => k.id === previous.keyId);
  const until = Number.isFinite(windowEnds)
    ? `inside its overlap window until ${new Date(windowEnds).toISOString()}, or still in use`
    : "its overlap window has not provably ended";
  const held = [
    currentKeyId ? `AWSCURRENT (${currentKeyId})` : undefined,
    previousActive ? `AWSPREVIOUS (${previous.keyId}, ${until})` : undefined,
  ].filter(Boolean);
  const others = keys.filter((k) => k.id !== currentKeyId && k.id !== previous?.keyId).length;
  return (
    `${ctx.adapter.vendor} has reached its cap of active keys (${keys.length} active) and none may be revoked to make room: ` +
    `${[...held, `${others} other key(s), inside a window or not created by this secret`].join(", ")}. ` +
    `Nothing was revoked. Revoke an unused key at the vendor, or rotate again after the overlap window ends.`
  );
}
