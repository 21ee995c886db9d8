import { PROMOTION_TAG, parsePromotionTag, promotionTagValue } from "../../contract/secretTags";
import { Stage, versionWithStage, type SecretDescription, type SecretsStore } from "./secretsStore";

/*
 * The promotion record (the `RotatedApiKey:CurrentSince` tag, see the
 * contract's secretTags): Secrets Manager keeps no promotion time (versions
 * are immutable and `LastRotatedDate` does not move on a rollback), so the
 * engine writes it right after every promotion (finishSecret, rollback).
 * Written after the move, its time is never earlier than the promotion; if a
 * crash loses it, maintenance writes the time it first finds the record
 * missing, which is later still. Either way the window only gets longer.
 */

/**
 * When the version that is `AWSCURRENT` now was promoted, in epoch ms, or
 * `undefined` when there is no current version or the record names another
 * version (written before a rollback, or lost to a crash).
 */
export function promotedAt(description: SecretDescription): number | undefined {
  const current = versionWithStage(description, Stage.Current);
  const record = parsePromotionTag(description.tags[PROMOTION_TAG]);
  return current !== undefined && record?.versionId === current ? record.at : undefined;
}

/**
 * The end of the overlap window, in epoch ms: every key that is not
 * `AWSCURRENT` (the `AWSPREVIOUS` key and any older one) stays valid until
 * `overlapHours` after the current version was PROMOTED — not after its key
 * was created: a rotation whose test kept failing for hours still gives
 * consumers the whole window. Revocation, making room at a capped vendor,
 * reconciliation and auto-rollback all measure it here. An unknown promotion
 * time means the window has not ended (+Infinity).
 */
export function overlapWindowEnd(description: SecretDescription, overlapHours: number): number {
  const promoted = promotedAt(description);
  return promoted === undefined ? Number.POSITIVE_INFINITY : promoted + overlapHours * 3_600_000;
}

/**
 * When the last rotation promoted its key, in epoch ms: the promotion record
 * of the current version, where a rollback carried the time of the rotation it
 * undid (see the contract's secretTags). `undefined` when the record is
 * missing or names another version.
 */
export function lastRotatedAt(description: SecretDescription): number | undefined {
  const current = versionWithStage(description, Stage.Current);
  const record = parsePromotionTag(description.tags[PROMOTION_TAG]);
  return current !== undefined && record?.versionId === current ? record.lastRotationAt : undefined;
}

/**
 * Writes the promotion record for `versionId`, just promoted (or first found
 * current without one). `lastRotationAt` when the promotion is not a rotation
 * (a rollback): the time of the last rotation, carried forward.
 */
export async function recordPromotion(
  store: Pick<SecretsStore, "tag">,
  secretId: string,
  versionId: string,
  at: Date,
  lastRotationAt?: Date,
): Promise<void> {
  await store.tag(secretId, { [PROMOTION_TAG]: promotionTagValue(versionId, at, lastRotationAt) });
}
