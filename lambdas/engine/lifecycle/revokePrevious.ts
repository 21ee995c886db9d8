import type { RevocationOutcome } from "../../contract/reports";
import { overlapWindowEnd } from "../core/overlapWindow";
import { LifecycleMetrics, PlaybookMetrics } from "../../contract/metricNames";
import type { MaintenanceContext } from "./maintenanceContext";
import { guardedRevoke, type RevocationGround } from "../core/keyGuard";
import { recordPlaybookCount, recordSecretCount } from "../core/observability";
import { OperationRefusedError } from "../../contract/errors";
import { audit } from "../core/audit";
import { previousKeyUsage } from "../core/usage";

export interface RevokeOptions {
  /**
   * `scheduled`: after the overlap window, only when unused (until the hard
   * limit). `operator`: now, whatever the window, but refused while in use
   * unless `force`. `emergency`: now, no questions.
   */
  readonly mode: "scheduled" | "operator" | "emergency";
  readonly trigger: string;
  readonly reason?: string;
  readonly force?: boolean;
  /** Decide only; revoke nothing. */
  readonly dryRun?: boolean;
}

/**
 * Revokes the `AWSPREVIOUS` key when it is due and safe. Idempotent: a key
 * the vendor no longer lists is "already revoked". Never touches the
 * `AWSCURRENT` or `AWSPENDING` keys.
 */
export async function revokePreviousKey(
  ctx: MaintenanceContext,
  options: RevokeOptions,
): Promise<RevocationOutcome> {
  const state = await ctx.state();
  const { current, previous, pending } = state;
  const secretName = state.description.name;
  if (previous === undefined) return { action: "none", reason: "there is no AWSPREVIOUS key" };
  if (previous.keyId === current?.keyId || previous.keyId === pending?.key?.keyId) {
    return {
      action: "none",
      reason: "the AWSPREVIOUS key is also the current or pending key",
      keyId: previous.keyId,
    };
  }
  if (!(await ctx.vendorKeys()).some((k) => k.id === previous.keyId)) {
    return {
      action: "none",
      reason: "the AWSPREVIOUS key is already revoked",
      keyId: previous.keyId,
    };
  }
  const now = ctx.now().getTime();
  const windowEnd = overlapWindowEnd(state.description, ctx.config.overlapHours);
  const hardEnd = windowEnd + ctx.config.revokeHardLimitHours * 3_600_000;
  let despiteUse = false;
  if (options.mode !== "emergency") {
    if (options.mode === "scheduled" && now < windowEnd) {
      return {
        action: "waiting",
        reason: Number.isFinite(windowEnd)
          ? `the AWSPREVIOUS key is inside its overlap window until ${new Date(windowEnd).toISOString()}`
          : "the promotion of AWSCURRENT is not recorded yet, so the overlap window has not provably ended",
        keyId: previous.keyId,
      };
    }
    const usage = await previousKeyUsage(
      {
        vendor: ctx.adapter.vendor,
        secretName,
        usageQuietMinutes: ctx.config.usageQuietMinutes,
        vendorKeys: await ctx.vendorKeys(),
        now: ctx.now,
        consumerReach: ctx.config.consumerReach,
      },
      previous,
    );
    if (usage.inUse) {
      const overridden = options.mode === "operator" ? options.force === true : now >= hardEnd;
      if (!overridden) {
        if (options.mode === "operator") {
          throw new OperationRefusedError(
            `Refusing to revoke the AWSPREVIOUS key ${previous.keyId} of ${secretName}: ${usage.evidence}. Wait until consumers have moved, or pass --force.`,
            { secretId: ctx.secretArn, keyId: previous.keyId, operation: "revokePrevious" },
          );
        }
        if (!options.dryRun) {
          recordSecretCount(secretName, LifecycleMetrics.RevocationDeferred);
          audit(ctx.logger, {
            event: "revocation-deferred",
            secretName,
            trigger: options.trigger,
            keyId: previous.keyId,
            reason: usage.evidence,
          });
        }
        return {
          action: "waiting",
          reason: `the AWSPREVIOUS key is still in use (${usage.evidence}); revocation waits until it is unused or until the hard limit at ${new Date(hardEnd).toISOString()}`,
          keyId: previous.keyId,
        };
      }
      despiteUse = true;
    }
  }
  const reason =
    options.reason ??
    (despiteUse
      ? `hard limit of ${ctx.config.revokeHardLimitHours} h past the overlap window reached while still in use`
      : options.mode === "scheduled"
        ? "overlap window over and no use seen"
        : "requested");
  if (options.dryRun)
    return {
      action: "revoked",
      reason: `would revoke: ${reason}`,
      keyId: previous.keyId,
      despiteUse,
    };
  const ground: RevocationGround =
    options.mode === "scheduled"
      ? "retired"
      : options.mode === "operator"
        ? "operator"
        : "emergency";
  const guarded = await guardedRevoke(ctx, previous.keyId, ground);
  ctx.refresh();
  if (guarded.outcome === "refused") {
    if (options.mode === "operator") {
      throw new OperationRefusedError(
        `Refusing to revoke the AWSPREVIOUS key ${previous.keyId} of ${secretName}: ${guarded.reason}.`,
        { secretId: ctx.secretArn, keyId: previous.keyId, operation: "revokePrevious" },
      );
    }
    return { action: "waiting", reason: `not revoked: ${guarded.reason}`, keyId: previous.keyId };
  }
  const outcome = guarded.outcome;
  recordSecretCount(secretName, LifecycleMetrics.PreviousKeyRevoked);
  if (despiteUse) {
    recordSecretCount(secretName, LifecycleMetrics.RevokedDespiteUse);
    recordPlaybookCount(secretName, PlaybookMetrics.RotationOutage);
    ctx.logger.error("revoked the AWSPREVIOUS key while it was still in use (hard limit)", {
      keyId: previous.keyId,
    });
  }
  if (!despiteUse && options.mode === "scheduled") {
    recordPlaybookCount(secretName, PlaybookMetrics.UnusedPreviousKeyRevoked);
  }
  audit(ctx.logger, {
    event: "revocation",
    secretName,
    trigger: options.trigger,
    keyId: previous.keyId,
    reason,
    outcome,
  });
  return { action: "revoked", reason, keyId: previous.keyId, despiteUse };
}
