import { rotationRequest } from "../../contract/secretTags";
import { completeRotation } from "../core/rotationCompletion";
import type { MaintenanceContext } from "./maintenanceContext";

/**
 * An emergency rotation whose `finishSecret` died between promoting the new
 * key and revoking the leaked one (a crash, a timeout, a lost answer) leaves
 * the leaked key `AWSPREVIOUS` and valid, with the request tags still naming
 * the now-current version. Lambda may retry the invocation, or may not: the
 * next maintenance run does not wait for it and finishes the emergency itself
 * (revokes the replaced key through the guard, removes the request tags).
 * Returns whether it found one.
 */
export async function finishInterruptedEmergency(ctx: MaintenanceContext): Promise<boolean> {
  const { description, current } = await ctx.state();
  if (current === undefined) return false;
  if (rotationRequest(description, current.versionId).emergency === undefined) return false;
  ctx.logger.warn(
    "lifecycle: an emergency rotation promoted its key but did not finish; revoking the key it replaced now",
    { versionId: current.versionId },
  );
  await completeRotation({ ...ctx, description }, current.versionId, { promoted: false });
  ctx.refresh();
  return true;
}
