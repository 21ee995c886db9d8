/**
 * The simulator's API keys: creation, lookup, deletion and the check the
 * verify endpoint makes. Times are Unix seconds on the wire, milliseconds inside.
 */
import { randomBytes, randomUUID } from "node:crypto";

/** A key as the simulator holds it (including its secret, for assertions). */
export interface SimulatedKey {
  id: string;
  name: string;
  secret: string;
  /** `revoked` once deleted over the API; deleted keys are gone from list/get. */
  status: "active" | "revoked";
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds, or `null` for a key without expiry. */
  expiresAt: number | null;
  /** Unix seconds of deletion. */
  revokedAt?: number;
  /** Unix seconds of the last accepted verify call. */
  lastUsedAt?: number;
}

/** The JSON shape of a key in Nylas responses (never with `api_key` outside create). */
export interface KeyResource {
  id: string;
  name: string;
  application_id: string;
  permissions: string[];
  status: "active";
  created_at: number;
  expires_at: number | null;
  updated_at: number;
  api_key?: string;
}

/** Why a bearer key is refused by the verify endpoint. */
export type KeyRejection = "unknown" | "revoked" | "expired" | "not-yet-active";

interface StoredKey {
  readonly key: SimulatedKey;
  /** Simulator ms from which the key answers verify; Infinity = never. */
  readonly activeFromMs: number;
}

const SECONDS_PER_DAY = 86_400;

/** Holds every key the simulator ever created, in creation order. */
export class KeyStore {
  private readonly stored: StoredKey[] = [];
  private readonly issued: string[] = [];

  public constructor(
    private readonly applicationId: string,
    private readonly nowMs: () => number,
  ) {}

  /** Creates a key; `expiresInDays` undefined = no expiry. */
  public create(
    name: string,
    expiresInDays: number | undefined,
    activationDelayMs: number,
  ): SimulatedKey {
    const now = this.nowMs();
    const createdAt = Math.floor(now / 1000);
    const key: SimulatedKey = {
      id: randomUUID(),
      name,
      secret: `nyk_v0_${randomBytes(36).toString("base64url")}`,
      status: "active",
      createdAt,
      expiresAt: expiresInDays === undefined ? null : createdAt + expiresInDays * SECONDS_PER_DAY,
    };
    this.stored.push({ key, activeFromMs: now + activationDelayMs });
    return key;
  }

  /** Keys not deleted (expired keys included, as they still exist at the vendor). */
  public active(): SimulatedKey[] {
    return this.stored.map((s) => s.key).filter((k) => k.status === "active");
  }

  /** Every key ever created, deleted ones included. */
  public all(): SimulatedKey[] {
    return this.stored.map((s) => s.key);
  }

  /** The not-deleted key with this id. */
  public findActive(id: string): SimulatedKey | undefined {
    return this.active().find((k) => k.id === id);
  }

  /** Deletes a key; false when there is no such not-deleted key. */
  public revoke(id: string): boolean {
    const key = this.findActive(id);
    if (key === undefined) {
      return false;
    }
    key.status = "revoked";
    key.revokedAt = Math.floor(this.nowMs() / 1000);
    return true;
  }

  /** Why `secret` would be refused right now, or `undefined` when it would be accepted. */
  public rejection(secret: string): KeyRejection | undefined {
    const entry = this.stored.find((s) => s.key.secret === secret);
    if (entry === undefined) {
      return "unknown";
    }
    const now = this.nowMs();
    if (entry.key.status === "revoked") {
      return "revoked";
    }
    if (entry.key.expiresAt !== null && now >= entry.key.expiresAt * 1000) {
      return "expired";
    }
    if (now < entry.activeFromMs) {
      return "not-yet-active";
    }
    return undefined;
  }

  /** Records an accepted use of the key with this secret. */
  public markUsed(secret: string): void {
    const entry = this.stored.find((s) => s.key.secret === secret);
    if (entry !== undefined) {
      entry.key.lastUsedAt = Math.floor(this.nowMs() / 1000);
    }
  }

  /** The key as Nylas shows it; `withSecret` only for the create response. */
  public resource(key: SimulatedKey, withSecret: boolean): KeyResource {
    const resource: KeyResource = {
      id: key.id,
      name: key.name,
      application_id: this.applicationId,
      permissions: ["all"],
      status: "active",
      created_at: key.createdAt,
      expires_at: key.expiresAt,
      updated_at: key.createdAt,
    };
    if (withSecret) {
      resource.api_key = key.secret;
    }
    return resource;
  }

  /** Notes that `secret` was written into a response body. */
  public recordIssued(secret: string): void {
    this.issued.push(secret);
  }

  /** Every `api_key` value ever written into a response. */
  public issuedSecrets(): string[] {
    return [...this.issued];
  }
}
