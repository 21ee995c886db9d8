import { createHash } from "node:crypto";

/**
 * Vendor key names tie a key to one secret and one rotation token:
 * `<prefix>-<10 hex of sha256(secret ARN)>-<token>`. The hash keeps names short
 * and free of characters vendors reject, yet distinct per secret; the token
 * lets a retry find a key an earlier attempt created but never stored.
 */
export function secretTag(secretArn: string): string {
  return createHash("sha256").update(secretArn).digest("hex").slice(0, 10);
}

export function keyNameFor(prefix: string, secretArn: string, token: string): string {
  return `${prefix}-${secretTag(secretArn)}-${token}`;
}

/** The token a key name was created for, or `undefined` if the name is not ours for this secret. */
export function tokenFromKeyName(
  prefix: string,
  secretArn: string,
  name: string,
): string | undefined {
  const start = `${prefix}-${secretTag(secretArn)}-`;
  return name.startsWith(start) && name.length > start.length
    ? name.slice(start.length)
    : undefined;
}
