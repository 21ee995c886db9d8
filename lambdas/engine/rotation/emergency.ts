import { LifecycleMetrics, PlaybookMetrics } from "../../contract/metricNames";
import { guardedRevoke } from "../core/keyGuard";
import {
  recordPlaybookCount,
  recordPlaybookSeconds,
  recordSecretCount,
  servesFleet,
} from "../core/observability";
import { parseStoredKey } from "../../contract/storedKey";
import { Stage } from "../core/secretsStore";
import type { StepContext } from "./stepContext";
import { audit } from "../core/audit";
import { rotationRequest, settledRequestTags } from "../../contract/secretTags";

/**
 * Emergency rotation, revoke-first mode: before the new key is created,
 * revoke the current one (contain before replace). Consumers fail until the
 * rotation finishes — the outage the requester accepted. Acts only when the
 * request was made for this rotation's token.
 */
export async function revokeFirstIfRequested(ctx: StepContext): Promise<void> {
  const request = rotationRequest(ctx.description, ctx.token);
  if (request.emergency?.mode !== "revoke-first") return;
  const current = parseStoredKey(
    (await ctx.store.read(ctx.secretId, { stage: Stage.Current }))?.secretString,
  );
  if (current === undefined) return;
  const revoked = await guardedRevoke(ctx, current.keyId, "emergency-current");
  recordSecretCount(ctx.description.name, LifecycleMetrics.EmergencyRotation);
  if (revoked.outcome === "revoked") {
    // The outage the requester accepted, and the containment: a retry finds the key already gone.
    const revokedAt = ctx.now();
    recordPlaybookCount(ctx.description.name, PlaybookMetrics.RotationOutage);
    await recordTimeToContain(ctx, undefined, revokedAt);
  }
  audit(ctx.logger, {
    event: "emergency",
    secretName: ctx.description.name,
    trigger: request.requestedBy ? `cli:${request.requestedBy}` : "secretsmanager",
    reason: request.emergency.reason,
    keyId: current.keyId,
    token: ctx.token,
    outcome:
      revoked.outcome === "refused"
        ? `not revoked: ${revoked.reason}`
        : `revoked before replacement (${revoked.outcome})`,
  });
}

/**
 * After promotion: record the rotation, and in an emergency requested for
 * this token revoke the key that just became `AWSPREVIOUS` at once (no
 * overlap window). Then remove the request tags no rotation can act on any
 * more, so the next rotation is an ordinary one. Safe to repeat: a retried
 * `finishSecret` finds the key already gone.
 */
export async function completeRotation(
  ctx: StepContext,
  promotion: {
    readonly promoted: boolean;
    readonly oldVersionId?: string;
    /** The rotation's version `CreatedDate` (the request), when the caller read it. */
    readonly requestedAt?: Date;
  },
): Promise<void> {
  const { oldVersionId } = promotion;
  const request = rotationRequest(ctx.description, ctx.token);
  const trigger = request.requestedBy ? `cli:${request.requestedBy}` : "secretsmanager";
  if (promotion.promoted || request.emergency !== undefined) {
    audit(ctx.logger, {
      event: "rotation",
      secretName: ctx.description.name,
      trigger,
      token: ctx.token,
      newVersionId: ctx.token,
      ...(oldVersionId === undefined ? {} : { oldVersionId }),
      ...(request.emergency ? { reason: request.emergency.reason } : {}),
    });
  }
  if (request.emergency !== undefined) {
    const previous = parseStoredKey(
      (await ctx.store.read(ctx.secretId, { stage: Stage.Previous }))?.secretString,
    );
    if (previous !== undefined) {
      const revoked = await guardedRevoke(ctx, previous.keyId, "emergency");
      recordSecretCount(ctx.description.name, LifecycleMetrics.EmergencyRotation);
      if (revoked.outcome !== "refused") {
        recordSecretCount(ctx.description.name, LifecycleMetrics.PreviousKeyRevoked);
      }
      if (revoked.outcome === "revoked") {
        await recordTimeToContain(ctx, promotion.requestedAt, ctx.now());
      }
      audit(ctx.logger, {
        event: "emergency",
        secretName: ctx.description.name,
        trigger,
        reason: request.emergency.reason,
        oldKeyId: previous.keyId,
        token: ctx.token,
        outcome:
          revoked.outcome === "refused"
            ? `previous key not revoked: ${revoked.reason}`
            : `previous key revoked without overlap (${revoked.outcome})`,
      });
    }
  }
  await ctx.store.untag(ctx.secretId, settledRequestTags(ctx.description, ctx.token));
}

/**
 * Time to contain: from the emergency request (the rotation's version
 * `CreatedDate`) to the revocation of the key it replaces. A fleet function
 * only; when the caller has not read the date (revoke-first: the version has
 * no value yet; a retried finishSecret), one `ListSecretVersionIds` reads it.
 */
async function recordTimeToContain(
  ctx: StepContext,
  requestedAt: Date | undefined,
  revokedAt: Date,
): Promise<void> {
  if (!servesFleet()) return;
  const from = requestedAt ?? (await ctx.store.versionCreatedAt(ctx.secretId, ctx.token));
  recordPlaybookSeconds(ctx.description.name, PlaybookMetrics.TimeToContain, from, revokedAt);
}
