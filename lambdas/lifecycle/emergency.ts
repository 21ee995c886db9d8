import { LifecycleMetrics } from "../shared/metricNames";
import { recordSecretCount } from "../rotation/observability";
import { parseStoredKey } from "../rotation/secretValue";
import { Stage } from "../rotation/secretsStore";
import type { StepContext } from "../rotation/steps/stepContext";
import { audit } from "./audit";
import { presentRequestTags, rotationRequest } from "./requestTags";

/**
 * Emergency rotation, revoke-first mode: before the new key is created,
 * revoke the current one (contain before replace). Consumers fail until the
 * rotation finishes — the outage the requester accepted.
 */
export async function revokeFirstIfRequested(ctx: StepContext): Promise<void> {
  const request = rotationRequest(ctx.description);
  if (request.emergency?.mode !== "revoke-first") return;
  const current = parseStoredKey(
    (await ctx.store.read(ctx.secretId, { stage: Stage.Current }))?.secretString,
  );
  if (current === undefined) return;
  const outcome = await ctx.adapter.revokeKey(current.keyId);
  recordSecretCount(ctx.description.name, LifecycleMetrics.EmergencyRotation);
  audit(ctx.logger, {
    event: "emergency",
    secretName: ctx.description.name,
    trigger: request.requestedBy ? `cli:${request.requestedBy}` : "secretsmanager",
    reason: request.emergency.reason,
    keyId: current.keyId,
    token: ctx.token,
    outcome: `revoked before replacement (${outcome})`,
  });
}

/**
 * After promotion: record the rotation, and in an emergency revoke the key
 * that just became `AWSPREVIOUS` at once (no overlap window). Then remove the
 * request tags so the next rotation is an ordinary one. Safe to repeat: a
 * retried `finishSecret` finds the key already gone.
 */
export async function completeRotation(
  ctx: StepContext,
  oldVersionId: string | undefined,
): Promise<void> {
  const request = rotationRequest(ctx.description);
  const trigger = request.requestedBy ? `cli:${request.requestedBy}` : "secretsmanager";
  audit(ctx.logger, {
    event: "rotation",
    secretName: ctx.description.name,
    trigger,
    token: ctx.token,
    newVersionId: ctx.token,
    ...(oldVersionId === undefined ? {} : { oldVersionId }),
    ...(request.emergency ? { reason: request.emergency.reason } : {}),
  });
  if (request.emergency !== undefined) {
    const previous = parseStoredKey(
      (await ctx.store.read(ctx.secretId, { stage: Stage.Previous }))?.secretString,
    );
    if (previous !== undefined) {
      const outcome = await ctx.adapter.revokeKey(previous.keyId);
      recordSecretCount(ctx.description.name, LifecycleMetrics.EmergencyRotation);
      recordSecretCount(ctx.description.name, LifecycleMetrics.PreviousKeyRevoked);
      audit(ctx.logger, {
        event: "emergency",
        secretName: ctx.description.name,
        trigger,
        reason: request.emergency.reason,
        oldKeyId: previous.keyId,
        token: ctx.token,
        outcome: `previous key revoked without overlap (${outcome})`,
      });
    }
  }
  await ctx.store.untag(ctx.secretId, presentRequestTags(ctx.description));
}
