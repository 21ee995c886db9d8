import { LifecycleMetrics } from "../../contract/metricNames";
import { audit } from "../core/audit";
import { guardedRevoke } from "../core/keyGuard";
import { tokenFromKeyName } from "../core/keyNames";
import { recordSecretCount } from "../core/observability";
import { Stage } from "../core/secretsStore";
import type { MaintenanceContext } from "./maintenanceContext";
import type { SecretState } from "./secretState";

/*
 * Repairs of an AWSPENDING label no rotation of ours can finish. Each removes
 * the label FIRST (a late retry of that rotation then fails its entry checks
 * instead of promoting), and only then revokes what is ours to revoke.
 */

/** Removes `AWSPENDING` from a version whose value this engine did not store for it. Revokes nothing. */
export async function clearForeignPending(
  ctx: MaintenanceContext,
  trigger: string,
): Promise<string | undefined> {
  const { pending } = await ctx.state();
  if (
    pending === undefined ||
    !pending.hasValue ||
    pending.key?.rotationToken === pending.versionId
  )
    return undefined;
  return releasePending(ctx, pending.versionId, trigger, {
    reason:
      "AWSPENDING held a value this engine did not store for it (a copy or a hand-put value); label removed, nothing revoked",
  });
}

/**
 * Removes `AWSPENDING` from a version whose stored key the vendor no longer
 * lists (revoked meanwhile, e.g. by a concurrent attempt's sweep): that
 * rotation can never pass testSecret, and would block the next one until it
 * went stale. Only once the version is older than the orphan safety age, so
 * a vendor's slow listing does not cut a live rotation short. Revokes nothing.
 */
export async function clearDeadPending(
  ctx: MaintenanceContext,
  now: number,
  trigger: string,
): Promise<string | undefined> {
  const state = await ctx.state();
  const { pending } = state;
  const key = pending?.key;
  if (pending === undefined || key === undefined || key.rotationToken !== pending.versionId)
    return undefined;
  if (!isOlderThan(state, now, ctx.config.orphanSafetyMinutes * 60_000)) return undefined;
  if ((await ctx.vendorKeys()).some((k) => k.id === key.keyId)) return undefined;
  return releasePending(ctx, pending.versionId, trigger, {
    keyId: key.keyId,
    reason: `AWSPENDING held key ${key.keyId}, which ${ctx.adapter.vendor} no longer lists; label removed so the next rotation can start`,
  });
}

/** An abandoned AWSPENDING (older than the stale limit): label removed, then the keys named for its token revoked. */
export async function clearStalePending(
  ctx: MaintenanceContext,
  now: number,
  trigger: string,
): Promise<string | undefined> {
  const state = await ctx.state();
  const { pending, description } = state;
  if (pending === undefined) return undefined;
  if (!isOlderThan(state, now, ctx.config.stalePendingHours * 3_600_000)) return undefined;
  if (!(await removePendingLabel(ctx, pending.versionId))) return undefined;
  const keys = (await ctx.vendorKeys()).filter(
    (k) =>
      tokenFromKeyName(ctx.config.keyNamePrefix, description.arn, k.name) === pending.versionId,
  );
  let revoked = 0;
  for (const key of keys) {
    const outcome = await guardedRevoke(ctx, key.id, "abandoned");
    if (outcome.outcome !== "refused") revoked += 1;
  }
  ctx.refresh();
  recordSecretCount(description.name, LifecycleMetrics.StalePendingRepaired);
  audit(ctx.logger, {
    event: "reconciliation",
    secretName: description.name,
    trigger,
    token: pending.versionId,
    reason: `abandoned AWSPENDING older than ${ctx.config.stalePendingHours} h cleared; ${revoked} key(s) revoked`,
  });
  return pending.versionId;
}

/** Whether the pending version was created more than `ageMs` before `now` (unknown age: no). */
function isOlderThan(state: SecretState, now: number, ageMs: number): boolean {
  const versionId = state.pending?.versionId;
  const created = state.versions.find((v) => v.versionId === versionId)?.createdDate?.getTime();
  return created !== undefined && now - created >= ageMs;
}

/** Removes the label and records why; the version id, or `undefined` if the label had moved already. */
async function releasePending(
  ctx: MaintenanceContext,
  versionId: string,
  trigger: string,
  why: { readonly reason: string; readonly keyId?: string },
): Promise<string | undefined> {
  if (!(await removePendingLabel(ctx, versionId))) return undefined;
  audit(ctx.logger, {
    event: "reconciliation",
    secretName: (await ctx.state()).description.name,
    trigger,
    token: versionId,
    ...why,
  });
  return versionId;
}

/** Removes the label; `false` when it had already moved (the rotation finished meanwhile). */
async function removePendingLabel(ctx: MaintenanceContext, versionId: string): Promise<boolean> {
  try {
    await ctx.store.removeStage(ctx.secretArn, Stage.Pending, versionId);
    return true;
  } catch (error) {
    const stages = (await ctx.store.describe(ctx.secretArn)).versionIdsToStages[versionId] ?? [];
    if (!stages.includes(Stage.Pending)) return false;
    throw error;
  } finally {
    ctx.refresh();
  }
}
