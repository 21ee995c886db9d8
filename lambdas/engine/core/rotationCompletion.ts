import { LifecycleMetrics, PlaybookMetrics } from "../../contract/metricNames";
import { rotationRequest, settledRequestTags } from "../../contract/secretTags";
import { parseStoredKey } from "../../contract/storedKey";
import { audit } from "./audit";
import { guardedRevoke, type GuardDeps } from "./keyGuard";
import { recordPlaybookSeconds, recordSecretCount, servesFleet } from "./observability";
import { Stage, type SecretDescription } from "./secretsStore";

/** What completing a rotation needs: the guard's dependencies and the secret as last read. */
export interface CompletionDeps extends GuardDeps {
  readonly description: SecretDescription;
}

/**
 * After the promotion of `token`: record the rotation, and in an emergency
 * requested for this token revoke the key that just became `AWSPREVIOUS` at
 * once (no overlap window). Then remove the request tags no rotation can act
 * on any more, so the next rotation is an ordinary one. Safe to repeat: a
 * second run finds the key already gone. Run by `finishSecret` (and its
 * retries), and by maintenance when a `finishSecret` died between the
 * promotion and this completion (the leaked key must not wait for a retry).
 */
export async function completeRotation(
  deps: CompletionDeps,
  token: string,
  promotion: {
    readonly promoted: boolean;
    readonly oldVersionId?: string;
    /** The rotation's version `CreatedDate` (the request), when the caller read it. */
    readonly requestedAt?: Date;
  },
): Promise<void> {
  const { oldVersionId } = promotion;
  const { description } = deps;
  const request = rotationRequest(description, token);
  const trigger = request.requestedBy ? `cli:${request.requestedBy}` : "secretsmanager";
  if (promotion.promoted || request.emergency !== undefined) {
    audit(deps.logger, {
      event: "rotation",
      secretName: description.name,
      trigger,
      token,
      newVersionId: token,
      ...(oldVersionId === undefined ? {} : { oldVersionId }),
      ...(request.emergency ? { reason: request.emergency.reason } : {}),
    });
  }
  if (request.emergency !== undefined) {
    const previous = parseStoredKey(
      (await deps.store.read(deps.secretId, { stage: Stage.Previous }))?.secretString,
    );
    if (previous !== undefined) {
      const revoked = await guardedRevoke(deps, previous.keyId, "emergency");
      recordSecretCount(description.name, LifecycleMetrics.EmergencyRotation);
      if (revoked.outcome !== "refused") {
        recordSecretCount(description.name, LifecycleMetrics.PreviousKeyRevoked);
      }
      if (revoked.outcome === "revoked") {
        await recordTimeToContain(deps, token, promotion.requestedAt, deps.now());
      }
      audit(deps.logger, {
        event: "emergency",
        secretName: description.name,
        trigger,
        reason: request.emergency.reason,
        oldKeyId: previous.keyId,
        token,
        outcome:
          revoked.outcome === "refused"
            ? `previous key not revoked: ${revoked.reason}`
            : `previous key revoked without overlap (${revoked.outcome})`,
      });
    }
  }
  await deps.store.untag(deps.secretId, settledRequestTags(description, token));
}

/**
 * Time to contain: from the emergency request (the rotation's version
 * `CreatedDate`) to the revocation of the key it replaces. A fleet function
 * only; when the caller has not read the date (revoke-first: the version has
 * no value yet; a retried finishSecret; maintenance finishing an interrupted
 * emergency), one `ListSecretVersionIds` reads it.
 */
export async function recordTimeToContain(
  deps: CompletionDeps,
  token: string,
  requestedAt: Date | undefined,
  revokedAt: Date,
): Promise<void> {
  if (!servesFleet()) return;
  const from = requestedAt ?? (await deps.store.versionCreatedAt(deps.secretId, token));
  recordPlaybookSeconds(deps.description.name, PlaybookMetrics.TimeToContain, from, revokedAt);
}
