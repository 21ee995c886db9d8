import type { MaintenanceContext } from "../maintenance/maintenanceContext";
import { reconcile, type ReconciliationOutcome } from "./reconcile";
import { revokePreviousKey, type RevocationOutcome } from "./revokePrevious";

export interface LifecycleReport {
  readonly revocation: RevocationOutcome;
  readonly reconciliation: ReconciliationOutcome;
}

/** The scheduled part of the key lifecycle: repair first, then revoke the previous key when due and safe. */
export async function runLifecycle(ctx: MaintenanceContext): Promise<LifecycleReport> {
  const reconciliation = await reconcile(ctx, "schedule");
  const revocation = await revokePreviousKey(ctx, { mode: "scheduled", trigger: "schedule" });
  ctx.logger.info("lifecycle: maintenance done", { revocation, reconciliation });
  return { revocation, reconciliation };
}
