/**
 * A vendor-neutral key store for simulators: creation (with an activation
 * delay), lookup, deletion (with an optional propagation delay before the
 * secret stops working), expiry, last use, and the secrets written into
 * responses. Vendor-specific fields ride along in `extra`. Times are Unix
 * seconds on the key, milliseconds for the clock.
 */
import type { SimKey } from "../vendorSimulator";

/** A key as a simulator holds it (with its secret, for assertions and leak scans). */
export interface StoredKey<Extra = Record<string, unknown>> {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  status: "active" | "revoked";
  /** Unix seconds. */
  readonly createdAt: number;
  /** Unix seconds, or `null` for a key without expiry. */
  readonly expiresAt: number | null;
  /** Unix seconds of revocation. */
  revokedAt?: number;
  /** Unix seconds of the last accepted use. */
  lastUsedAt?: number;
  /** Vendor-specific data (scopes, policies, access level...). */
  readonly extra: Extra;
}

/** Why a secret is refused by the vendor's verify call. */
export type Rejection = "unknown" | "revoked" | "expired" | "not-yet-active";

/** What a new key needs; the store stamps the times. */
export interface NewKey<Extra> {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  /** Unix seconds, or `null` for no expiry. */
  readonly expiresAt: number | null;
  readonly activationDelayMs: number;
  readonly extra: Extra;
}

/** Every key a simulator ever created, in creation order. */
export class SimKeyStore<Extra = Record<string, unknown>> {
  /**
   * Milliseconds a deleted key keeps working (some vendors, SendGrid for one,
   * document a short propagation delay on revocation). Default 0.
   */
  public revocationDelayMs = 0;

  private readonly stored: Array<{
    key: StoredKey<Extra>;
    activeFromMs: number;
    revokedAtMs?: number;
  }> = [];
  private readonly issued: string[] = [];

  /** @param nowMs - the simulator clock, in epoch milliseconds. */
  public constructor(private readonly nowMs: () => number = Date.now) {}

  /** The store's clock, in Unix seconds. */
  public nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Stores a new active key, stamped with the clock's time. */
  public create(input: NewKey<Extra>): StoredKey<Extra> {
    const now = this.nowMs();
    const key: StoredKey<Extra> = {
      id: input.id,
      name: input.name,
      secret: input.secret,
      status: "active",
      createdAt: Math.floor(now / 1000),
      expiresAt: input.expiresAt,
      extra: input.extra,
    };
    this.stored.push({ key, activeFromMs: now + input.activationDelayMs });
    return key;
  }

  /** Every key, revoked ones included, in creation order. */
  public all(): StoredKey<Extra>[] {
    return this.stored.map((s) => s.key);
  }

  /** Keys not deleted (expired ones included: they still exist at the vendor). */
  public active(): StoredKey<Extra>[] {
    return this.all().filter((k) => k.status === "active");
  }

  /** The key with this id, revoked or not. */
  public find(id: string): StoredKey<Extra> | undefined {
    return this.all().find((k) => k.id === id);
  }

  /** The active key with this id. */
  public findActive(id: string): StoredKey<Extra> | undefined {
    return this.active().find((k) => k.id === id);
  }

  /** The key holding `secret`, revoked or not. */
  public bySecret(secret: string): StoredKey<Extra> | undefined {
    return this.all().find((k) => k.secret === secret);
  }

  /** Deletes a key; false when no such key is active. */
  public revoke(id: string): boolean {
    const entry = this.stored.find((s) => s.key.id === id && s.key.status === "active");
    if (entry === undefined) return false;
    entry.key.status = "revoked";
    entry.revokedAtMs = this.nowMs();
    entry.key.revokedAt = Math.floor(entry.revokedAtMs / 1000);
    return true;
  }

  /** The key holding `secret`, if the vendor would accept it now. */
  public accepted(secret: string): StoredKey<Extra> | undefined {
    return this.rejection(secret) === undefined ? this.bySecret(secret) : undefined;
  }

  /** Why `secret` would be refused now, or `undefined` when it would be accepted. */
  public rejection(secret: string): Rejection | undefined {
    const entry = this.stored.find((s) => s.key.secret === secret);
    if (entry === undefined) return "unknown";
    const now = this.nowMs();
    if (entry.revokedAtMs !== undefined && now >= entry.revokedAtMs + this.revocationDelayMs) {
      return "revoked";
    }
    if (entry.key.expiresAt !== null && now >= entry.key.expiresAt * 1000) return "expired";
    if (now < entry.activeFromMs) return "not-yet-active";
    return undefined;
  }

  /** Records an accepted use of the key holding `secret`. */
  public markUsed(secret: string): void {
    const key = this.bySecret(secret);
    if (key !== undefined) key.lastUsedAt = this.nowSeconds();
  }

  /** Notes that `secret` was written into a response body. */
  public recordIssued(secret: string): void {
    this.issued.push(secret);
  }

  /** Every secret written into a response body, in order. */
  public issuedSecrets(): string[] {
    return [...this.issued];
  }

  /** Copies of the keys (all, or the active ones) in the vendor-neutral shape. */
  public snapshot(which: "all" | "active"): SimKey[] {
    return (which === "all" ? this.all() : this.active()).map(toSimKey);
  }
}

/** The vendor-neutral view of a stored key (a copy). */
export function toSimKey(key: StoredKey<unknown>): SimKey {
  return {
    id: key.id,
    name: key.name,
    secret: key.secret,
    status: key.status,
    createdAt: key.createdAt,
  };
}
