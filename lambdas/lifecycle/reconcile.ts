import { overlapWindowEnd } from "../rotation/overlapWindow";
import { LifecycleMetrics, RotationMetrics } from "../shared/metricNames";
import type { MaintenanceContext } from "../maintenance/maintenanceContext";
import { tokenFromKeyName } from "../rotation/keyNames";
import { recordSecretCount } from "../rotation/observability";
import { Stage } from "../rotation/secretsStore";
import { audit } from "./audit";

export interface ReconciliationOutcome {
  /** Orphaned keys revoked: ours, referenced by no labelled version, past the safety age and any window. */
  readonly orphansRevoked: readonly string[];
  /** The abandoned AWSPENDING version cleared, if any. */
  readonly stalePendingCleared?: string;
  /** Keys of ours that were left alone, with why. */
  readonly skipped: ReadonlyArray<{ readonly keyId: string; readonly reason: string }>;
}

/**
 * Repairs what crashes and abandoned rotations leave behind:
 * - an `AWSPENDING` version older than the stale limit (a rotation that will
 *   never finish and blocks the next one with "A previous rotation isn't
 *   complete"): its key is revoked and the label removed;
 * - vendor keys named for this secret that no labelled version references:
 *   revoked once older than the safety age and, if they were ever stored,
 *   once the window of the key that replaced them is over.
 */
export async function reconcile(
  ctx: MaintenanceContext,
  trigger: string,
): Promise<ReconciliationOutcome> {
  const now = ctx.now().getTime();
  const stale = await clearStalePending(ctx, now, trigger);
  const state = await ctx.state();
  const { current, previous, pending, versions, description } = state;
  const referenced = new Set(
    [current?.keyId, previous?.keyId, pending?.key?.keyId].filter(Boolean),
  );
  const versionCreated = new Map(versions.map((v) => [v.versionId, v.createdDate?.getTime()]));
  const successorWindowEnd = overlapWindowEnd(
    (previous ?? current)?.createdAt,
    ctx.config.overlapHours,
  );
  const revoked: string[] = [];
  const skipped: Array<{ keyId: string; reason: string }> = [];
  for (const key of await ctx.vendorKeys()) {
    const token = tokenFromKeyName(ctx.config.keyNamePrefix, description.arn, key.name);
    if (token === undefined || referenced.has(key.id)) continue;
    if (pending !== undefined && token === pending.versionId) {
      skipped.push({ keyId: key.id, reason: "belongs to the rotation in progress" });
      continue;
    }
    const created =
      versionCreated.get(token) ?? (key.createdAt ? Date.parse(key.createdAt) : undefined);
    if (created === undefined) {
      skipped.push({ keyId: key.id, reason: "its age is unknown" });
      continue;
    }
    if (now - created < ctx.config.orphanSafetyMinutes * 60_000) {
      skipped.push({ keyId: key.id, reason: "younger than the safety age" });
      continue;
    }
    if (versionCreated.has(token) && now < successorWindowEnd) {
      skipped.push({
        keyId: key.id,
        reason: "an earlier version's key, still inside the overlap window",
      });
      continue;
    }
    await ctx.adapter.revokeKey(key.id);
    recordSecretCount(description.name, RotationMetrics.OrphanKeyRevoked);
    audit(ctx.logger, {
      event: "reconciliation",
      secretName: description.name,
      trigger,
      keyId: key.id,
      token,
      reason: versionCreated.has(token)
        ? "key of an unlabelled earlier version"
        : "orphaned key: never stored",
    });
    revoked.push(key.id);
  }
  if (revoked.length > 0) ctx.refresh();
  return {
    orphansRevoked: revoked,
    ...(stale === undefined ? {} : { stalePendingCleared: stale }),
    skipped,
  };
}

async function clearStalePending(
  ctx: MaintenanceContext,
  now: number,
  trigger: string,
): Promise<string | undefined> {
  const { pending, versions, description } = await ctx.state();
  if (pending === undefined) return undefined;
  const created = versions.find((v) => v.versionId === pending.versionId)?.createdDate?.getTime();
  if (created === undefined || now - created < ctx.config.stalePendingHours * 3_600_000)
    return undefined;
  const keys = (await ctx.vendorKeys()).filter(
    (k) =>
      k.id === pending.key?.keyId ||
      tokenFromKeyName(ctx.config.keyNamePrefix, description.arn, k.name) === pending.versionId,
  );
  for (const key of keys) await ctx.adapter.revokeKey(key.id);
  await ctx.store.removeStage(ctx.secretArn, Stage.Pending, pending.versionId);
  ctx.refresh();
  recordSecretCount(description.name, LifecycleMetrics.StalePendingRepaired);
  audit(ctx.logger, {
    event: "reconciliation",
    secretName: description.name,
    trigger,
    token: pending.versionId,
    reason: `abandoned AWSPENDING older than ${ctx.config.stalePendingHours} h cleared; ${keys.length} key(s) revoked`,
  });
  return pending.versionId;
}
