import type { SecretDescription } from "../rotation/secretsStore";

/**
 * Requests that travel with a rotation as tags on the secret, so the
 * console path works too: tag the secret, then press "Rotate secret
 * immediately". The CLI sets the same tags. The rotation function acts on
 * them in `finishSecret` (or `createSecret` for revoke-first) and removes them.
 */
export const RequestTags = {
  /** Emergency rotation; the value is the reason (recorded in the audit log). */
  emergency: "RotatedApiKey:Emergency",
  /** `replace-then-revoke` (default): revoke the old key right after promotion. `revoke-first`: revoke it before creating the new one (accepts an outage). */
  emergencyMode: "RotatedApiKey:EmergencyMode",
  /** Who asked for the rotation (recorded in the audit log). */
  requestedBy: "RotatedApiKey:RequestedBy",
} as const;

export type EmergencyMode = "replace-then-revoke" | "revoke-first";

export interface RotationRequest {
  readonly emergency?: { readonly reason: string; readonly mode: EmergencyMode };
  readonly requestedBy?: string;
}

export function rotationRequest(description: SecretDescription): RotationRequest {
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

/** The request tags present on the secret (to remove once acted on). */
export function presentRequestTags(description: SecretDescription): string[] {
  return Object.values(RequestTags).filter((key) => key in description.tags);
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
