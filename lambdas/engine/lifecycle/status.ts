import type { KeySummary, StatusReport } from "../../contract/reports";
import type { MaintenanceContext } from "./maintenanceContext";
import { tokenFromKeyName } from "../core/keyNames";
import { revokePreviousKey } from "./revokePrevious";

export async function status(ctx: MaintenanceContext): Promise<StatusReport> {
  const { description, current, previous, pending } = await ctx.state();
  const keys = await ctx.vendorKeys();
  const summary = (k: typeof current): KeySummary | undefined =>
    k === undefined
      ? undefined
      : {
          keyId: k.keyId,
          versionId: k.versionId,
          createdAt: k.createdAt,
          ...(k.expiresAt === undefined ? {} : { expiresAt: k.expiresAt }),
          active: keys.some((v) => v.id === k.keyId),
        };
  const ours = keys.filter(
    (k) => tokenFromKeyName(ctx.config.keyNamePrefix, description.arn, k.name) !== undefined,
  ).length;
  const currentSummary = summary(current);
  const previousSummary = summary(previous);
  return {
    secretName: description.name,
    vendor: ctx.adapter.vendor,
    ...(currentSummary === undefined ? {} : { current: currentSummary }),
    ...(previousSummary === undefined ? {} : { previous: previousSummary }),
    ...(pending === undefined ? {} : { pendingVersionId: pending.versionId }),
    activeVendorKeys: ours,
    nextRevocation: await revokePreviousKey(ctx, {
      mode: "scheduled",
      trigger: "status",
      dryRun: true,
    }),
  };
}
