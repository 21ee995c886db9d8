import { LifecycleMetrics } from "../shared/metricNames";
import type { MaintenanceContext } from "../maintenance/maintenanceContext";
import { OperationRefusedError } from "../rotation/errors";
import { recordSecretCount } from "../rotation/observability";
import { audit } from "./audit";

export interface RollbackOutcome {
  readonly action: "rolled-back" | "none";
  readonly reason: string;
  /** The key that is `AWSCURRENT` again. */
  readonly restoredKeyId?: string;
  /** The key rolled away from; now `AWSPREVIOUS`, revoked by the next maintenance run once unused. */
  readonly rolledBackKeyId?: string;
}

/**
 * Moves `AWSCURRENT` back to the previous version while its key still works
 * at the vendor. Secrets Manager moves `AWSPREVIOUS` to the version left, so
 * the rolled-back key becomes the previous key; its overlap window is measured
 * from the restored key's creation, which is long past, so the next
 * maintenance run revokes it as soon as it is unused.
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
  if (!(await ctx.vendorKeys()).some((k) => k.id === previous.keyId)) {
    throw refuse(
      `the AWSPREVIOUS key ${previous.keyId} is already revoked at ${ctx.adapter.vendor}. Rotate instead.`,
    );
  }
  const check = await ctx.adapter.verifyKey(previous.apiKey);
  if (check.outcome !== "valid") {
    throw refuse(
      `${ctx.adapter.vendor} rejects the AWSPREVIOUS key ${previous.keyId} (HTTP ${check.status}). Rotate instead.`,
    );
  }
  await ctx.store.promote(ctx.secretArn, previous.versionId, current.versionId);
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
  const sinceRotationMs = ctx.now().getTime() - Date.parse(current.createdAt);
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
