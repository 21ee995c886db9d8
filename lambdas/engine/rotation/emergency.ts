import { LifecycleMetrics, PlaybookMetrics } from "../../contract/metricNames";
import { guardedRevoke } from "../core/keyGuard";
import { recordPlaybookCount, recordSecretCount } from "../core/observability";
import { recordTimeToContain } from "../core/rotationCompletion";
import { parseStoredKey } from "../../contract/storedKey";
import { Stage } from "../core/secretsStore";
import type { StepContext } from "./stepContext";
import { audit } from "../core/audit";
import { rotationRequest } from "../../contract/secretTags";

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
    await recordTimeToContain(ctx, ctx.token, undefined, revokedAt);
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
