import { overlapWindowEnd } from "../core/overlapWindow";
import { RotationMetrics } from "../../contract/metricNames";
import type { MaintenanceContext } from "./maintenanceContext";
import { guardedRevoke } from "../core/keyGuard";
import { tokenFromKeyName } from "../core/keyNames";
import { recordSecretCount } from "../core/observability";
import { audit } from "../core/audit";
import { clearDeadPending, clearForeignPending, clearStalePending } from "./pendingRepair";

export interface ReconciliationOutcome {
  /** Orphaned keys revoked: ours, referenced by no labelled version, past the safety age and any window. */
  readonly orphansRevoked: readonly string[];
  /** The abandoned AWSPENDING version cleared, if any. */
  readonly stalePendingCleared?: string;
  /** An AWSPENDING version whose stored key the vendor no longer lists (revoked), whose label was removed. */
  readonly deadPendingCleared?: string;
  /** An AWSPENDING version holding a value this engine did not store for it, whose label was removed. */
  readonly foreignPendingCleared?: string;
  /** Keys of ours that were left alone, with why. */
  readonly skipped: ReadonlyArray<{ readonly keyId: string; readonly reason: string }>;
}

/**
 * Repairs what crashes and abandoned rotations leave behind:
 * - an `AWSPENDING` version holding a value this engine did not store for its
 *   token (a copy of another version, a value put by hand): no rotation of
 *   ours can finish it, so its label is removed at once; nothing is revoked
 *   (the key in it, if any, belongs to another version);
 * - an `AWSPENDING` version older than the stale limit (a rotation that will
 *   never finish and blocks the next one with "A previous rotation isn't
 *   complete"): the label is removed FIRST, so a late retry of that rotation
 *   can no longer promote it, then the keys named for its token are revoked;
 * - vendor keys named for this secret that no labelled version references:
 *   revoked once older than the safety age and, if they were ever stored,
 *   once the overlap window is over.
 * Every revocation goes through the guard, which re-reads the labels.
 */
export async function reconcile(
  ctx: MaintenanceContext,
  trigger: string,
): Promise<ReconciliationOutcome> {
  const now = ctx.now().getTime();
  const foreign = await clearForeignPending(ctx, trigger);
  const dead = await clearDeadPending(ctx, now, trigger);
  const stale = await clearStalePending(ctx, now, trigger);
  const state = await ctx.state();
  const { current, previous, pending, versions, description } = state;
  const referenced = new Set(
    [current?.keyId, previous?.keyId, pending?.key?.keyId].filter(Boolean),
  );
  const versionCreated = new Map(versions.map((v) => [v.versionId, v.createdDate?.getTime()]));
  const windowEnd = overlapWindowEnd(description, ctx.config.overlapHours);
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
    const storedEarlier = versionCreated.has(token);
    if (storedEarlier && now < windowEnd) {
      skipped.push({
        keyId: key.id,
        reason: "an earlier version's key, still inside the overlap window",
      });
      continue;
    }
    const outcome = await guardedRevoke(ctx, key.id, storedEarlier ? "retired" : "abandoned");
    if (outcome.outcome === "refused") {
      skipped.push({ keyId: key.id, reason: outcome.reason });
      continue;
    }
    recordSecretCount(description.name, RotationMetrics.OrphanKeyRevoked);
    audit(ctx.logger, {
      event: "reconciliation",
      secretName: description.name,
      trigger,
      keyId: key.id,
      token,
      reason: storedEarlier ? "key of an unlabelled earlier version" : "orphaned key: never stored",
    });
    revoked.push(key.id);
  }
  if (revoked.length > 0) ctx.refresh();
  return {
    orphansRevoked: revoked,
    ...(stale === undefined ? {} : { stalePendingCleared: stale }),
    ...(dead === undefined ? {} : { deadPendingCleared: dead }),
    ...(foreign === undefined ? {} : { foreignPendingCleared: foreign }),
    skipped,
  };
}
