/**
 * What the rotation engine needs from a vendor. One adapter per vendor API;
 * adapters never log, and never put a key's secret into an error.
 */

/** A key as the vendor lists it: never its secret. */
export interface VendorKey {
  /** The vendor's id for the key (not the secret). */
  readonly id: string;
  /** The name we gave the key; ties it to a secret and rotation token. */
  readonly name: string;
  /** ISO-8601 creation time, when the vendor reports it. */
  readonly createdAt?: string;
  /** ISO-8601 expiry, when the key expires at the vendor. */
  readonly expiresAt?: string;
  /** ISO-8601 time of last use, where the vendor reports it (gates revocation). */
  readonly lastUsedAt?: string;
}

/** A key just created: the only moment its secret exists outside the vendor. */
export interface CreatedVendorKey extends VendorKey {
  readonly secret: string;
}

export interface CreateKeyInput {
  /** Unique name tying the key to one secret and one rotation token. */
  readonly name: string;
  /** Days until the vendor expires the key; 0 = no expiry (where the vendor allows it). */
  readonly ttlDays: number;
}

/**
 * The outcome of a cheap authenticated call made with a key.
 * `rejected`: the vendor answered 401/403 (the key does not work, or not yet).
 * Other failures (429, 5xx, timeouts) are thrown as retryable `VendorError`s.
 */
export type VerifyResult =
  { readonly outcome: "valid" } | { readonly outcome: "rejected"; readonly status: number };

export interface VendorAdapter {
  /** Adapter name, e.g. `nylas`; used in metrics and logs. */
  readonly vendor: string;
  /** Cap on active keys at the vendor, if it has one. */
  readonly maxActiveKeys?: number;
  /** True when the vendor returns a key's secret only in the create response. */
  readonly secretShownOnce: boolean;
  /**
   * True when `listKeys` reports each key's `lastUsedAt` from the vendor's own
   * data (what canary keys and gated revocation read); absent or false when
   * the vendor's API has no such field.
   */
  readonly reportsLastUse?: boolean;

  createKey(input: CreateKeyInput): Promise<CreatedVendorKey>;
  /** Optional activation call for vendors whose new keys start inactive. */
  activateKey?(keyId: string): Promise<void>;
  verifyKey(secret: string): Promise<VerifyResult>;
  /** Revokes a key. Idempotent: a key the vendor no longer has is `already-gone`. */
  revokeKey(keyId: string): Promise<"revoked" | "already-gone">;
  /** Every active key the admin credential can see. */
  listKeys(): Promise<readonly VendorKey[]>;
}
