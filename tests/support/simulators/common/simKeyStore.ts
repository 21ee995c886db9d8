/**
 * The keys a simulator holds: creation, lookup, revocation, expiry, the
 * activation delay, last use, and the secrets written into responses. Times
 * are Unix seconds on the key, milliseconds for the clock.
 */
import type { SimKey } from "../vendorSimulator";

/** A key as a simulator holds it (with its secret, for assertions and leak scans). */
export interface StoredKey extends SimKey {
  status: "active" | "revoked";
  /** Unix seconds, or `null` for a key that never expires. */
  readonly expiresAt: number | null;
  /** Unix seconds of the last accepted use. */
  lastUsedAt?: number;
  /** Unix seconds of revocation. */
  revokedAt?: number;
  /** Vendor-specific fields (scopes, access level, family…). */
  readonly extra: Record<string, unknown>;
}

/** Why a key is refused. */
export type KeyRejection = "unknown" | "revoked" | "expired" | "not-yet-active";

/** What {@link SimKeyStore.add} needs. */
export interface NewKey {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  readonly expiresAt: number | null;
  readonly activationDelayMs: number;
  readonly extra?: Record<string, unknown>;
}

/** Every key a simulator ever created, in creation order. */
export class SimKeyStore {
  private readonly keys: { key: StoredKey; activeFromMs: number }[] = [];
  private readonly issued: string[] = [];

  public constructor(private readonly nowMs: () => number) {}

  /** Unix seconds now, on the simulator clock. */
  public nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  public add(input: NewKey): StoredKey {
    const key: StoredKey = {
      id: input.id,
      name: input.name,
      secret: input.secret,
      status: "active",
      createdAt: this.nowSeconds(),
      expiresAt: input.expiresAt,
      extra: { ...input.extra },
    };
    this.keys.push({ key, activeFromMs: this.nowMs() + input.activationDelayMs });
    return key;
  }

  public all(): StoredKey[] {
    return this.keys.map((k) => k.key);
  }

  /** Keys not revoked (expired ones included: they still exist at the vendor). */
  public active(): StoredKey[] {
    return this.all().filter((k) => k.status === "active");
  }

  public find(id: string): StoredKey | undefined {
    return this.all().find((k) => k.id === id);
  }

  /** Revokes a key; false when no active key has this id. */
  public revoke(id: string): boolean {
    const key = this.find(id);
    if (key === undefined || key.status === "revoked") return false;
    key.status = "revoked";
    key.revokedAt = this.nowSeconds();
    return true;
  }

  public bySecret(secret: string): StoredKey | undefined {
    return this.all().find((k) => k.secret === secret);
  }

  /** Why `secret` would be refused now, or `undefined` when it would be accepted. */
  public rejection(secret: string): KeyRejection | undefined {
    const entry = this.keys.find((k) => k.key.secret === secret);
    if (entry === undefined) return "unknown";
    if (entry.key.status === "revoked") return "revoked";
    if (entry.key.expiresAt !== null && this.nowMs() >= entry.key.expiresAt * 1000)
      return "expired";
    if (this.nowMs() < entry.activeFromMs) return "not-yet-active";
    return undefined;
  }

  /** Records an accepted use of the key with this secret. */
  public markUsed(secret: string): void {
    const key = this.bySecret(secret);
    if (key !== undefined) key.lastUsedAt = this.nowSeconds();
  }

  /** Notes that `secret` was written into a response body. */
  public recordIssued(secret: string): void {
    this.issued.push(secret);
  }

  public issuedSecrets(): string[] {
    return [...this.issued];
  }

  /** Copies of the keys in the vendor-neutral shape. */
  public snapshot(which: "all" | "active"): SimKey[] {
    return (which === "all" ? this.all() : this.active()).map((k) => ({
      id: k.id,
      name: k.name,
      secret: k.secret,
      status: k.status,
      createdAt: k.createdAt,
    }));
  }
}
