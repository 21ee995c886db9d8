import type { MaintenanceContext } from "./maintenanceContext";
import { promotedAt, recordPromotion } from "../core/overlapWindow";
import { finishInterruptedEmergency } from "./interruptedEmergency";
import { reconcile, type ReconciliationOutcome } from "./reconcile";
import type { RevocationOutcome } from "../../contract/reports";
import { revokePreviousKey } from "./revokePrevious";

export interface LifecycleReport {
  readonly revocation: RevocationOutcome;
  readonly reconciliation: ReconciliationOutcome;
}

/**
 * The scheduled part of the key lifecycle: repair first (the promotion record,
 * an emergency left unfinished), then revoke the previous key when due and safe.
 */
export async function runLifecycle(ctx: MaintenanceContext): Promise<LifecycleReport> {
  await ensurePromotionRecord(ctx);
  await finishInterruptedEmergency(ctx);
  const reconciliation = await reconcile(ctx, "schedule");
  const revocation = await revokePreviousKey(ctx, { mode: "scheduled", trigger: "schedule" });
  ctx.logger.info("lifecycle: maintenance done", { revocation, reconciliation });
  return { revocation, reconciliation };
}

/**
 * A current version without a promotion record (a crash right after the
 * move, a version promoted by hand or by an older release) gets one now:
 * later than the real promotion, so the overlap window only grows.
 */
async function ensurePromotionRecord(ctx: MaintenanceContext): Promise<void> {
  const { description, current } = await ctx.state();
  if (current === undefined || promotedAt(description) !== undefined) return;
  await recordPromotion(ctx.store, ctx.secretArn, current.versionId, ctx.now());
  ctx.logger.warn("lifecycle: AWSCURRENT had no promotion record; recorded it now", {
    versionId: current.versionId,
  });
  ctx.refresh();
}
