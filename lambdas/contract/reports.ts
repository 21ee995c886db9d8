/**
 * What the rotation function answers to operator actions (the CLI reads
 * these): ids, times and decisions only, never a key.
 */

/** The outcome of revoking (or deciding not to revoke) the `AWSPREVIOUS` key. */
export interface RevocationOutcome {
  readonly action: "revoked" | "waiting" | "none";
  /** Why, in one sentence an operator can act on. */
  readonly reason: string;
  readonly keyId?: string;
  readonly despiteUse?: boolean;
}

/** The outcome of a rollback request. */
export interface RollbackOutcome {
  readonly action: "rolled-back" | "none";
  readonly reason: string;
  /** The key that is `AWSCURRENT` again. */
  readonly restoredKeyId?: string;
  /** The key rolled away from; now `AWSPREVIOUS`, revoked by the next maintenance run once unused. */
  readonly rolledBackKeyId?: string;
}

export interface KeySummary {
  readonly keyId: string;
  readonly versionId: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  /** Whether the vendor still lists the key as active. */
  readonly active: boolean;
}

/** What `status` reports for one secret: ids and times only, never a key. */
export interface StatusReport {
  readonly secretName: string;
  readonly vendor: string;
  readonly current?: KeySummary;
  readonly previous?: KeySummary;
  readonly pendingVersionId?: string;
  /** Active vendor keys created for this secret. */
  readonly activeVendorKeys: number;
  /** What the next maintenance run would do with the previous key. */
  readonly nextRevocation: RevocationOutcome;
}
