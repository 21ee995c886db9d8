import { completeRotation } from "../../lifecycle/emergency";
import { presentRequestTags } from "../../lifecycle/requestTags";
import { RotationMetrics } from "../../shared/metricNames";
import { recordSecretCount } from "../observability";
import { Stage, versionWithStage } from "../secretsStore";
import type { StepContext } from "./stepContext";

/**
 * finishSecret: move `AWSCURRENT` to the token; the version it leaves becomes
 * `AWSPREVIOUS`. The previous key is NOT revoked here — it stays valid for the
 * overlap window so caches and running services can move over — except in an
 * emergency rotation (see lifecycle/emergency.ts).
 */
export async function finishSecret(ctx: StepContext): Promise<void> {
  const { store, secretId, token, description, logger } = ctx;
  const current = versionWithStage(description, Stage.Current);
  if (current === token) {
    // A retry after promotion: finish what a crashed attempt left (an emergency revocation, the tags).
    if (presentRequestTags(description).length > 0) await completeRotation(ctx, undefined);
    logger.info("finishSecret: token is already AWSCURRENT");
    return;
  }
  await store.promote(secretId, token, current);
  recordSecretCount(description.name, RotationMetrics.RotationSucceeded);
  logger.info("finishSecret: promoted pending version to AWSCURRENT", {
    previousVersionId: current ?? null,
    overlapHours: ctx.config.overlapHours,
  });
  await completeRotation(ctx, current);
}
