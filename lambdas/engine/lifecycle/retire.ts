import type { RetireOrder } from "../../contract/events";
import { OperationRefusedError, RotationError } from "../../contract/errors";
import { FLEET_TAG } from "../../contract/fleet";
import { audit } from "../core/audit";
import { guardedRevoke } from "../core/keyGuard";
import { tokenFromKeyName } from "../core/keyNames";
import { readLabels } from "../core/labels";
import type { SecretsStore } from "../core/secretsStore";
import type { MaintenanceContext } from "./maintenanceContext";

/** What `retire` did: ids and decisions only. */
export interface RetireReport {
  readonly action: "retire";
  readonly phase: RetireOrder["phase"];
  /**
   * `skipped`: the create or update phase, `revokeKeysOnDestroy` off, or a secret this function no longer
   * serves (nothing touched); `retired`: every key of ours is revoked.
   */
  readonly outcome: "skipped" | "retired";
  readonly reason: string;
  /** Keys revoked by this run. */
  readonly revoked: readonly string[];
  /** Keys of ours the vendor reported already gone (an earlier retire, expiry, or revocation). */
  readonly alreadyGone: readonly string[];
}

/**
 * The component is being destroyed: revoke every vendor key this secret's
 * rotation created — `AWSPENDING`, the vendor keys named for this secret
 * (unlabelled, orphaned), `AWSPREVIOUS`, and `AWSCURRENT` last — through the
 * guard with the `decommission` ground, which it accepts only with this
 * order. Idempotent: a second run finds every key already gone and changes
 * nothing. Keys that could not be revoked are named in the error it throws,
 * after it has tried every other key: the destroy stops before the function
 * and the secret are deleted, and running it again picks up where it left off.
 */
export async function retire(ctx: MaintenanceContext, order: RetireOrder): Promise<RetireReport> {
  if (order.secretArn !== ctx.secretArn) {
    throw new OperationRefusedError(
      `The retire event names the secret ${order.secretArn}, but this function rotates ${ctx.secretArn}; nothing was revoked.`,
      { secretId: ctx.secretArn, operation: "retire" },
    );
  }
  if (order.phase !== "delete" || !order.revokeKeys) {
    return {
      action: "retire",
      phase: order.phase,
      outcome: "skipped",
      reason:
        order.phase === "delete"
          ? "revokeKeysOnDestroy is off: the vendor keys stay live"
          : `the ${order.phase} phase of the destroy-time invocation: keys are revoked only when it is deleted`,
      revoked: [],
      alreadyGone: [],
    };
  }
  const labels = await readLabels(ctx.store, ctx.secretId);
  const name = labels.description.name;
  const servedBy = labels.description.tags[FLEET_TAG];
  if (servedBy !== ctx.config.fleetName) {
    const skipped = movedAway(order, servedBy);
    ctx.logger.warn("retire: nothing revoked", { secretName: name, reason: skipped.reason });
    return skipped;
  }
  const labelled = [labels.pending?.key?.keyId, labels.previous?.keyId, labels.current?.keyId];
  const unlabelled = (await ctx.adapter.listKeys())
    .filter(
      (key) =>
        tokenFromKeyName(ctx.config.keyNamePrefix, labels.description.arn, key.name) !==
          undefined && !labelled.includes(key.id),
    )
    .map((key) => key.id);
  const [pending, previous, current] = labelled;
  const ordered = [pending, ...unlabelled, previous, current].filter(
    (id): id is string => id !== undefined,
  );
  const revoked: string[] = [];
  const alreadyGone: string[] = [];
  const failed: Array<{ keyId: string; reason: string }> = [];
  for (const keyId of new Set(ordered)) {
    try {
      const outcome = await guardedRevoke(ctx, keyId, "decommission", order);
      if (outcome.outcome === "refused") {
        failed.push({ keyId, reason: outcome.reason });
        continue;
      }
      (outcome.outcome === "revoked" ? revoked : alreadyGone).push(keyId);
      if (outcome.outcome === "revoked") {
        audit(ctx.logger, {
          event: "retirement",
          secretName: name,
          trigger: "pulumi:destroy",
          keyId,
          reason: "the component is being destroyed",
          outcome: outcome.outcome,
        });
      }
    } catch (error) {
      failed.push({ keyId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  ctx.refresh();
  if (failed.length > 0) {
    throw new RotationError(
      `Retire revoked ${revoked.length} key(s) but could not revoke ${failed.length}: ${failed
        .map((f) => `${f.keyId} (${f.reason})`)
        .join(
          "; ",
        )}. The destroy stops here; run it again to retry, or revoke these keys at the vendor.`,
      { secretId: ctx.secretArn, operation: "retire" },
    );
  }
  return {
    action: "retire",
    phase: order.phase,
    outcome: "retired",
    reason:
      revoked.length === 0
        ? "every key of this secret was already gone"
        : "the component is being destroyed",
    revoked,
    alreadyGone,
  };
}

/**
 * The delete phase for a secret another function now serves: its invocation
 * is being replaced or removed while the secret stays (the key joined a
 * fleet, left one, or moved to another), so the keys are the new function's
 * to rotate and nothing is revoked.
 */
function movedAway(order: RetireOrder, servedBy: string | undefined): RetireReport {
  return {
    action: "retire",
    phase: order.phase,
    outcome: "skipped",
    reason: `the secret is now served by ${servedBy === undefined ? "its own function" : `fleet ${servedBy}`} (its ${FLEET_TAG} tag): it moved rather than being destroyed, so its vendor keys stay live`,
    revoked: [],
    alreadyGone: [],
  };
}

/**
 * A fleet function's answer to the delete phase for a secret that is no
 * longer its member (see {@link movedAway}): its tag names another fleet or
 * none, or the fleet role may not even describe it (its IAM is scoped to the
 * fleet's tag). Undefined when the secret is a member, or for any other phase
 * (a create or update naming a non-member must fail the deploy).
 */
export async function retireOfNonMember(
  store: SecretsStore,
  fleetName: string,
  order: RetireOrder,
): Promise<RetireReport | undefined> {
  if (order.phase !== "delete") return undefined;
  let servedBy: string | undefined;
  try {
    servedBy = (await store.describe(order.secretArn)).tags[FLEET_TAG];
  } catch (error) {
    if ((error as { name?: unknown }).name !== "AccessDeniedException") throw error;
    return {
      ...movedAway(order, undefined),
      reason: `fleet ${fleetName} may no longer describe the secret (its role acts on members only): it left the fleet rather than being destroyed, so its vendor keys stay live`,
    };
  }
  return servedBy === fleetName ? undefined : movedAway(order, servedBy);
}
