import type { Logger } from "@aws-lambda-powertools/logger";
import type { VendorAdapter, VendorKey } from "../../vendors/kit/adapter";
import type { RotationConfig } from "../../contract/config";
import type { SecretsStore } from "../core/secretsStore";
import type { SecretState } from "./secretState";

/**
 * What a scheduled maintenance run (lifecycle + monitor) works with. State and
 * the vendor's key list are read at most once per run and shared; call
 * `refresh()` after changing either.
 */
export interface MaintenanceContext {
  /** The secret this function rotates (`ROTATION_SECRET_ARN`). */
  readonly secretArn: string;
  /** The same ARN, under the name the revocation guard and the store's callers use. */
  readonly secretId: string;
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
  readonly config: RotationConfig;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Labels, versions and the stored (non-secret) metadata of the labelled versions. */
  state(): Promise<SecretState>;
  /** The vendor's active keys (one list call per run). */
  vendorKeys(): Promise<readonly VendorKey[]>;
  /** Forgets the cached state and key list. */
  refresh(): void;
}
