/**
 * What the scenario suite needs from a vendor simulator. Every simulator (one
 * per vendor, each mirroring its vendor's real API) implements this, so the
 * same rotation scenarios and invariants run against every vendor.
 */
export type SimOperation = "create" | "list" | "get" | "delete" | "verify" | "unknown";

/** Statuses a simulator can be told to answer with. */
export type SimFailureStatus = 429 | 500 | 502 | 503;

/**
 * How to corrupt a successful response: not JSON at all, JSON without the
 * key's secret (create), or JSON without the key's id.
 */
export type SimMalformKind = "not-json" | "missing-secret" | "missing-id";

/** A key as the simulator holds it (with its secret, for assertions and leak scans). */
export interface SimKey {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  readonly status: "active" | "revoked";
  /** Unix seconds. */
  readonly createdAt: number;
}

export interface SimFaults {
  /** Milliseconds added before every response. */
  latencyMs: number;
  /** New keys answer 401 on verify for this long; `Infinity` = never activate. */
  activationDelayMs: number;
  /** Cap on active keys; a create beyond it gets the vendor's own refusal. */
  maxActiveKeys: number;
  failNext(
    target: SimOperation | "any",
    count: number,
    status: SimFailureStatus,
    options?: { retryAfterSeconds?: number },
  ): void;
  malformNext(target: SimOperation | "any", count: number, kind: SimMalformKind): void;
  /** Creates the key, then drops the connection without answering. */
  dropAfterCreate(count: number): void;
  clear(): void;
}

export interface VendorSimulator {
  /** The `ROTATION_VENDOR` name this simulator stands in for. */
  readonly vendor: string;
  readonly baseUrl: string;
  /** `ROTATION_VENDOR_OPTIONS` that point the adapter at this simulator. */
  readonly vendorOptions: Record<string, unknown>;
  /** The JSON to store in the admin-credential secret. */
  readonly adminCredentialJson: string;
  /** All keys ever created (revoked ones included). */
  keys(): readonly SimKey[];
  activeKeys(): readonly SimKey[];
  /** Every secret the simulator returned in a response. */
  issuedSecrets(): readonly string[];
  /** Whether the vendor's verify call with this key would succeed now. */
  isKeyAccepted(secret: string): boolean;
  /** Revokes a key out of band (as an operator would in the vendor's console). */
  revokeOutOfBand(keyId: string): void;
  readonly requests: ReadonlyArray<{
    method: string;
    path: string;
    status: number;
    operation: SimOperation;
  }>;
  readonly faults: SimFaults;
  /** Clears faults and the request log; keys stay. */
  reset(): void;
  close(): Promise<void>;
}

export interface VendorSimulatorOptions {
  readonly maxActiveKeys?: number;
}

export type VendorSimulatorFactory = (options: VendorSimulatorOptions) => Promise<VendorSimulator>;
