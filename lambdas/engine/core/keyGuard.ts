import type { Logger } from "@aws-lambda-powertools/logger";
import type { RetireOrder } from "../../contract/events";
import { LifecycleMetrics } from "../../contract/metricNames";
import type { VendorAdapter } from "../../vendors/kit/adapter";
import { recordSecretCount } from "./observability";
import { overlapWindowEnd } from "./overlapWindow";
import { readLabels, type Labels } from "./labels";
import { Stage, versionWithStage, type SecretsStore } from "./secretsStore";

/**
 * Why a caller wants a key revoked. The guard allows each ground only for
 * keys no label still protects:
 * - `abandoned`: made for a rotation that will never finish (a create whose
 *   answer was lost, a key that could not be stored, the key of a stale
 *   pending version whose label was removed first). Refused if any label holds it.
 * - `retired`: a key that is not `AWSCURRENT` once the overlap window is over
 *   (scheduled revocation, reconciliation, making room at a capped vendor).
 * - `operator`: an operator revokes the `AWSPREVIOUS` key now, window or not.
 * - `emergency`: an emergency rotation revokes the key it replaced, window or not.
 * - `emergency-current`: a revoke-first emergency revokes the `AWSCURRENT` key itself.
 * - `decommission`: the component is being destroyed, so every key of this
 *   secret goes, labelled or not. Accepted only with the {@link RetireOrder}
 *   of the delete phase of a `retire` event naming this very secret.
 * No other ground revokes the key of a rotation in progress (`AWSPENDING`).
 */
export type RevocationGround =
  "abandoned" | "retired" | "operator" | "emergency" | "emergency-current" | "decommission";

/** What the guard needs; a step's context and a maintenance context both are one. */
export interface GuardDeps {
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
  readonly secretId: string;
  readonly config: { readonly overlapHours: number };
  readonly logger: Logger;
  readonly now: () => Date;
}

export type GuardOutcome =
  | { readonly outcome: "revoked" | "already-gone" }
  | { readonly outcome: "refused"; readonly reason: string };

/** Why `ground` does not allow revoking `keyId` given `labels`, or `undefined` if it does. */
export function revocationRefusal(
  labels: Labels,
  keyId: string,
  ground: RevocationGround,
  now: number,
  overlapHours: number,
  order?: RetireOrder,
): string | undefined {
  if (ground === "decommission") {
    if (order?.phase !== "delete" || !order.revokeKeys) {
      return "decommission is accepted only from the delete phase of the component's retire invocation";
    }
    return order.secretArn === labels.description.arn
      ? undefined
      : `the retire order names another secret (${order.secretArn})`;
  }
  if (labels.current?.keyId === keyId) {
    return ground === "emergency-current" ? undefined : "it is the AWSCURRENT key";
  }
  if (labels.pending?.key?.keyId === keyId) {
    return "it is the key of the rotation in progress (AWSPENDING)";
  }
  const isPrevious = labels.previous?.keyId === keyId;
  if (isPrevious && ground === "abandoned")
    return "it is the AWSPREVIOUS key, not an abandoned one";
  if (ground === "retired") {
    const end = overlapWindowEnd(labels.description, overlapHours);
    if (now < end) {
      return Number.isFinite(end)
        ? `it is inside the overlap window, which runs until ${new Date(end).toISOString()}`
        : "the promotion of AWSCURRENT is not recorded yet, so its overlap window has not provably ended";
    }
  }
  return undefined;
}

/**
 * The one way keys are revoked. Every revoking path (steps, emergency,
 * maintenance, CLI actions) comes here, so no path can revoke a key a label
 * still protects:
 * 1. read the labels fresh and refuse what the ground does not allow;
 * 2. revoke at the vendor (idempotent);
 * 3. read `AWSCURRENT` again: if a concurrent promotion (a late
 *    `finishSecret` retry, a rollback) moved it onto the key just revoked,
 *    move it back to the version it left while that key still works, so
 *    consumers are not left on a dead key.
 */
export async function guardedRevoke(
  deps: GuardDeps,
  keyId: string,
  ground: RevocationGround,
  order?: RetireOrder,
): Promise<GuardOutcome> {
  const labels = await readLabels(deps.store, deps.secretId);
  const name = labels.description.name;
  const reason = revocationRefusal(
    labels,
    keyId,
    ground,
    deps.now().getTime(),
    deps.config.overlapHours,
    order,
  );
  if (reason !== undefined) {
    recordSecretCount(name, LifecycleMetrics.RevocationRefused);
    deps.logger.warn("revocation refused by the guard", { keyId, ground, reason });
    return { outcome: "refused", reason };
  }
  const outcome = await deps.adapter.revokeKey(keyId);
  // Revoking AWSCURRENT is the point of these two grounds: nothing to repair.
  if (ground !== "emergency-current" && ground !== "decommission")
    await repairIfPromoted(deps, keyId, labels);
  return { outcome };
}

async function repairIfPromoted(deps: GuardDeps, keyId: string, before: Labels): Promise<void> {
  const after = await readLabels(deps.store, deps.secretId);
  if (after.current?.keyId !== keyId) return;
  const name = after.description.name;
  const promotedVersion = versionWithStage(after.description, Stage.Current);
  const previousVersion = versionWithStage(after.description, Stage.Previous);
  const fallback = after.previous;
  deps.logger.error("a key was promoted while it was being revoked; moving AWSCURRENT back", {
    keyId,
    promotedVersion: promotedVersion ?? null,
    previousVersion: previousVersion ?? null,
  });
  if (
    fallback === undefined ||
    previousVersion === undefined ||
    promotedVersion === undefined ||
    fallback.keyId !== before.current?.keyId ||
    (await deps.adapter.verifyKey(fallback.apiKey)).outcome !== "valid"
  ) {
    deps.logger.error("no working key to move AWSCURRENT back to; rotate now", { keyId });
    return;
  }
  await deps.store.promote(deps.secretId, previousVersion, promotedVersion);
  recordSecretCount(name, LifecycleMetrics.RevokedCurrentRepaired);
}
