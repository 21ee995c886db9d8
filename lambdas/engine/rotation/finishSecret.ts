import { PlaybookMetrics, RotationMetrics } from "../../contract/metricNames";
import { KeyVerificationError, SecretStateError } from "../../contract/errors";
import { KEY_ROTATED_PUBLISH_TIMEOUT_MS, publishKeyRotated } from "../core/keyRotatedPublisher";
import { modeDimension, recordPlaybookSeconds, recordSecretCount } from "../core/observability";
import { recordPromotion } from "../core/overlapWindow";
import { completeRotation } from "../core/rotationCompletion";
import { rotationRequest } from "../../contract/secretTags";
import { parseStoredKey } from "../../contract/storedKey";
import { Stage, versionWithStage } from "../core/secretsStore";
import type { StepContext } from "./stepContext";

/**
 * finishSecret: move `AWSCURRENT` to the token; the version it leaves becomes
 * `AWSPREVIOUS`. Only a version that still carries `AWSPENDING`, holds a
 * key this engine stored for this token, and whose key the vendor accepts
 * right now is promoted (never a valueless version, never one whose rotation
 * was abandoned, never a key revoked since testSecret). The promotion time is
 * recorded right after the move: the overlap window runs from it. The
 * previous key is NOT revoked here — it stays valid for the overlap window so
 * caches and running services can move over — except in an emergency
 * rotation requested for this token (see lifecycle/emergency.ts). After the
 * promotion a `KeyRotated` event goes to the default EventBridge bus (once
 * per promotion; a failure to publish is logged and counted, never thrown).
 */
export async function finishSecret(ctx: StepContext): Promise<void> {
  const { store, secretId, token, description, logger } = ctx;
  const current = versionWithStage(description, Stage.Current);
  if (current === token) {
    // A retry after promotion: finish what a crashed attempt left (an emergency revocation, the tags).
    await completeRotation(ctx, token, { promoted: false });
    logger.info("finishSecret: token is already AWSCURRENT");
    return;
  }
  const pendingVersion = await store.read(secretId, { stage: Stage.Pending, versionId: token });
  const pending = parseStoredKey(pendingVersion?.secretString);
  if (pending?.rotationToken !== token) {
    throw new SecretStateError(
      `finishSecret refuses to promote version ${token} of secret ${description.name}: it ${pending === undefined ? "holds no key stored by createSecret (or is no longer AWSPENDING)" : "holds a key stored for another rotation"}. AWSCURRENT is unchanged; run the steps in order.`,
      { secretId, token, step: "finishSecret" },
    );
  }
  // testSecret proved the key, but a step may be delivered out of order or twice, and a concurrent
  // attempt may have broken the key since: never move AWSCURRENT to a key the vendor rejects now.
  const check = await ctx.adapter.verifyKey(pending.apiKey);
  if (check.outcome !== "valid") {
    throw new KeyVerificationError(
      `finishSecret refuses to promote version ${token} of secret ${description.name}: ${ctx.adapter.vendor} rejects its key ${pending.keyId} (HTTP ${check.status}). AWSCURRENT is unchanged.`,
      { secretId, token, step: "finishSecret", vendor: ctx.adapter.vendor, keyId: pending.keyId },
      1,
    );
  }
  await store.promote(secretId, token, current);
  const promotedAt = ctx.now();
  await recordPromotion(store, secretId, token, promotedAt);
  recordSecretCount(description.name, RotationMetrics.RotationSucceeded);
  const emergency = rotationRequest(description, token).emergency !== undefined;
  // From RotateSecret (the version's creation, read with the value above: no extra call) to now.
  recordPlaybookSeconds(
    description.name,
    PlaybookMetrics.TimeToRotate,
    pendingVersion?.createdDate,
    promotedAt,
    modeDimension(emergency),
  );
  logger.info("finishSecret: promoted pending version to AWSCURRENT", {
    previousVersionId: current ?? null,
    overlapHours: ctx.config.overlapHours,
  });
  // Tell consumers before any emergency revocation, so pipelines start moving at once; never fails the step.
  await publishKeyRotated(
    {
      secretArn: description.arn,
      secretName: description.name,
      versionId: token,
      previousVersionId: current ?? null,
      vendor: ctx.adapter.vendor,
      emergency,
      overlapHours: emergency ? 0 : ctx.config.overlapHours,
      rotatedAt: ctx.now().toISOString(),
    },
    logger,
    Math.min(KEY_ROTATED_PUBLISH_TIMEOUT_MS, ctx.remainingMs() / 4),
  );
  await completeRotation(ctx, token, {
    promoted: true,
    ...(current === undefined ? {} : { oldVersionId: current }),
    ...(pendingVersion?.createdDate === undefined
      ? {}
      : { requestedAt: pendingVersion.createdDate }),
  });
}
