import type { RollbackOutcome } from "../../contract/reports";
import { LifecycleMetrics } from "../../contract/metricNames";
import type { MaintenanceContext } from "./maintenanceContext";
import { lastRotatedAt, promotedAt, recordPromotion } from "../core/overlapWindow";
import { OperationRefusedError } from "../../contract/errors";
import { recordSecretCount } from "../core/observability";
import { audit } from "../core/audit";
import { Stage } from "../core/secretsStore";
import { rotationRequest } from "../../contract/secretTags";

/** A restored key must live at least this long past the rollback. */
export const ROLLBACK_MIN_LIFETIME_MS = 3_600_000;

/**
 * Moves `AWSCURRENT` back to the previous version while its key still works
 * at the vendor and does not expire within {@link ROLLBACK_MIN_LIFETIME_MS}.
 * Secrets Manager moves `AWSPREVIOUS` to the version left, so the rolled-back
 * key becomes the previous key, with a full overlap window from the rollback
 * (the promotion record is written again). The move names the version it
 * leaves, so a concurrent promotion makes it fail rather than undo it; after
 * the move the restored key is verified once more, and if it was revoked
 * meanwhile `AWSCURRENT` goes back to the key it left. Refused while an
 * emergency rotation has promoted but not yet revoked the key it replaced
 * (that key leaked). A rotation left `AWSPENDING` on the version it promoted
 * (crashed before finishing) ends with the rollback: the label goes, so no
 * retry promotes the key the operator rolled back from.
 */
export async function rollback(
  ctx: MaintenanceContext,
  options: { readonly trigger: string; readonly reason?: string },
): Promise<RollbackOutcome> {
  const { current, previous, description } = await ctx.state();
  const refuse = (why: string) =>
    new OperationRefusedError(`Cannot roll back ${description.name}: ${why}`, {
      secretId: ctx.secretArn,
      operation: "rollback",
      ...(previous ? { keyId: previous.keyId } : {}),
    });
  if (current === undefined || previous === undefined) {
    throw refuse("it has no AWSPREVIOUS version to return to.");
  }
  // An emergency rotation promoted AWSCURRENT and has not revoked the key it replaced (its
  // finishSecret crashed or is still running): the AWSPREVIOUS key is the leaked one.
  const emergency = rotationRequest(description, current.versionId).emergency;
  if (emergency !== undefined) {
    throw refuse(
      `AWSCURRENT ${current.keyId} replaced the AWSPREVIOUS key ${previous.keyId} in an emergency (${emergency.reason}) and that key is not revoked yet; rolling back would restore it. The next maintenance run revokes it; to revoke it now: revoke-previous --force.`,
    );
  }
  if (!(await ctx.vendorKeys()).some((k) => k.id === previous.keyId)) {
    throw refuse(
      `the AWSPREVIOUS key ${previous.keyId} is already revoked at ${ctx.adapter.vendor}. Rotate instead.`,
    );
  }
  const now = ctx.now().getTime();
  if (
    previous.expiresAt !== undefined &&
    Date.parse(previous.expiresAt) - now < ROLLBACK_MIN_LIFETIME_MS
  ) {
    throw refuse(
      `the AWSPREVIOUS key ${previous.keyId} expires at ${previous.expiresAt}, less than ${ROLLBACK_MIN_LIFETIME_MS / 3_600_000} h from now. Rotate instead.`,
    );
  }
  const check = await ctx.adapter.verifyKey(previous.apiKey);
  if (check.outcome !== "valid") {
    throw refuse(
      `${ctx.adapter.vendor} rejects the AWSPREVIOUS key ${previous.keyId} (HTTP ${check.status}). Rotate instead.`,
    );
  }
  // A rotation crashed after promoting (its version still AWSPENDING): the rollback ends it, so a
  // retry of that rotation (Lambda's, or Secrets Manager's next RotateSecret) cannot promote the
  // key the operator rolled back from; it fails at its entry check, and the next rotation makes a new key.
  if ((description.versionIdsToStages[current.versionId] ?? []).includes(Stage.Pending)) {
    await ctx.store.removeStage(ctx.secretArn, Stage.Pending, current.versionId);
  }
  await ctx.store.promote(ctx.secretArn, previous.versionId, current.versionId);
  ctx.refresh();
  const recheck = await ctx.adapter.verifyKey(previous.apiKey);
  if (recheck.outcome !== "valid") {
    await ctx.store.promote(ctx.secretArn, current.versionId, previous.versionId).catch(() => {
      // Moved already (the revoking side's guard repairs the same race).
    });
    throw refuse(
      `the AWSPREVIOUS key ${previous.keyId} was revoked while rolling back (HTTP ${recheck.status}); AWSCURRENT was moved back to ${current.keyId}. Rotate instead.`,
    );
  }
  // Not a rotation: the record keeps the time of the rotation undone (or of
  // the last one before it), so the overdue gauge does not jump to the restored key's age.
  const rotated = lastRotatedAt(description) ?? Date.parse(current.createdAt);
  await recordPromotion(
    ctx.store,
    ctx.secretArn,
    previous.versionId,
    ctx.now(),
    Number.isNaN(rotated) ? undefined : new Date(rotated),
  );
  ctx.refresh();
  recordSecretCount(description.name, LifecycleMetrics.Rollback);
  const reason = options.reason ?? "requested";
  audit(ctx.logger, {
    event: "rollback",
    secretName: description.name,
    trigger: options.trigger,
    reason,
    oldKeyId: current.keyId,
    newKeyId: previous.keyId,
    oldVersionId: current.versionId,
    newVersionId: previous.versionId,
  });
  return {
    action: "rolled-back",
    reason,
    restoredKeyId: previous.keyId,
    rolledBackKeyId: current.keyId,
  };
}

/**
 * The 401-spike alarm fired (EventBridge "CloudWatch Alarm State Change").
 * Rolls back only when auto-rollback is on and the current key is inside its
 * overlap window, i.e. the spike follows a rotation and the old key still works.
 */
export async function autoRollback(
  ctx: MaintenanceContext,
  alarmName: string,
): Promise<RollbackOutcome> {
  if (!ctx.config.autoRollback) {
    return { action: "none", reason: "auto-rollback is off (ROTATION_AUTO_ROLLBACK=false)" };
  }
  const { current } = await ctx.state();
  if (current === undefined) return { action: "none", reason: "there is no current key" };
  const sinceRotationMs =
    ctx.now().getTime() -
    (promotedAt((await ctx.state()).description) ?? Date.parse(current.createdAt));
  if (sinceRotationMs > ctx.config.overlapHours * 3_600_000) {
    return {
      action: "none",
      reason: `the current key is ${Math.round(sinceRotationMs / 60_000)} min old, outside the ${ctx.config.overlapHours} h overlap window: the 401 spike is not this rotation's`,
    };
  }
  return rollback(ctx, {
    trigger: `alarm:${alarmName}`,
    reason: `401-spike alarm ${alarmName} fired ${Math.round(sinceRotationMs / 60_000)} min after rotation`,
  });
}
