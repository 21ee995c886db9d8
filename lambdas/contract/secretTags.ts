/** What the tag rules read of a secret (`DescribeSecret`'s tags and version stages). */
export interface TaggedSecret {
  readonly tags: Readonly<Record<string, string>>;
  readonly versionIdsToStages: Readonly<Record<string, readonly string[]>>;
}

/**
 * Requests that travel with a rotation as tags on the secret. The CLI sets
 * them, bound to the `ClientRequestToken` it then passes to `RotateSecret`;
 * the rotation function acts on them only in the rotation with that token
 * (`createSecret` for revoke-first, `finishSecret` otherwise) and removes
 * them. A request whose `RotateSecret` failed therefore arms nothing: no
 * other rotation carries its token.
 */
export const RequestTags = {
  /** Emergency rotation; the value is the reason (recorded in the audit log). */
  emergency: "RotatedApiKey:Emergency",
  /** `replace-then-revoke` (default): revoke the old key right after promotion. `revoke-first`: revoke it before creating the new one (accepts an outage). */
  emergencyMode: "RotatedApiKey:EmergencyMode",
  /** Who asked for the rotation (recorded in the audit log). */
  requestedBy: "RotatedApiKey:RequestedBy",
  /** The `ClientRequestToken` of the one rotation the request applies to. */
  requestToken: "RotatedApiKey:RequestToken",
} as const;

export type EmergencyMode = "replace-then-revoke" | "revoke-first";

export interface RotationRequest {
  readonly emergency?: { readonly reason: string; readonly mode: EmergencyMode };
  readonly requestedBy?: string;
}

/**
 * The request made for the rotation with `token`: empty when the tags are
 * absent, or bound to another token, or not bound at all (an unbound
 * emergency tag cannot say which rotation it was meant for, so it is not
 * acted on).
 */
export function rotationRequest(description: TaggedSecret, token: string): RotationRequest {
  if (description.tags[RequestTags.requestToken] !== token) return {};
  const reason = description.tags[RequestTags.emergency];
  const requestedBy = description.tags[RequestTags.requestedBy];
  const mode: EmergencyMode =
    description.tags[RequestTags.emergencyMode] === "revoke-first"
      ? "revoke-first"
      : "replace-then-revoke";
  return {
    ...(reason === undefined ? {} : { emergency: { reason: reason || "no reason given", mode } }),
    ...(requestedBy === undefined ? {} : { requestedBy }),
  };
}

/** The request tags present on the secret. */
export function presentRequestTags(description: TaggedSecret): string[] {
  return Object.values(RequestTags).filter((key) => key in description.tags);
}

/**
 * The request tags that no rotation can act on any more, so they should be
 * removed by the rotation with `token`: the ones bound to `token` itself
 * (acted on), and ones bound to no token or to a token that is not a pending
 * version of the secret (a request whose `RotateSecret` failed).
 */
export function settledRequestTags(description: TaggedSecret, token: string): string[] {
  const present = presentRequestTags(description);
  if (present.length === 0) return [];
  const bound = description.tags[RequestTags.requestToken];
  const stillPending =
    bound !== undefined &&
    bound !== token &&
    (description.versionIdsToStages[bound] ?? []).includes("AWSPENDING");
  return stillPending ? [] : present;
}

/**
 * Makes free text a valid tag value: Secrets Manager tag values allow
 * letters, digits, spaces and `_ . : / = + - @`, up to 256 characters.
 */
export function toTagValue(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 256);
}

/**
 * The promotion record: a tag naming the version that became `AWSCURRENT`
 * and when, written by the rotation function right after every promotion
 * (the overlap window runs from it). Its value is `<versionId> <ISO time>`,
 * followed by ` <ISO time of the last rotation>` when the promotion was not a
 * rotation (a rollback carries the last rotation's time forward, so the
 * overdue gauge keeps measuring from it); without it, the promotion is the
 * last rotation.
 */
export const PROMOTION_TAG = "RotatedApiKey:CurrentSince";

export function promotionTagValue(versionId: string, at: Date, lastRotationAt?: Date): string {
  const value = `${versionId} ${at.toISOString()}`;
  return lastRotationAt === undefined ? value : `${value} ${lastRotationAt.toISOString()}`;
}

/** The version and epoch-ms times a promotion record names, or `undefined` if it is absent or malformed. */
export function parsePromotionTag(value: string | undefined):
  | {
      readonly versionId: string;
      readonly at: number;
      /** The last rotation's time: the promotion's own unless the record carries another. */
      readonly lastRotationAt: number;
    }
  | undefined {
  const [versionId, at, lastRotation] = (value ?? "").split(" ");
  if (!versionId || at === undefined) return undefined;
  const time = Date.parse(at);
  if (Number.isNaN(time)) return undefined;
  const rotated = lastRotation === undefined ? time : Date.parse(lastRotation);
  return { versionId, at: time, lastRotationAt: Number.isNaN(rotated) ? time : rotated };
}
