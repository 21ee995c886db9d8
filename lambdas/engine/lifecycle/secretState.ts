import { readLabels, type Labels } from "../core/labels";
import type { SecretsStore, VersionInfo } from "../core/secretsStore";

export type { VersionedKey } from "../core/labels";

/** The labelled versions (see core/labels.ts) plus every version, labelled or not. */
export interface SecretState extends Labels {
  /** Every version, labelled or not (deprecated versions keep their values until AWS deletes them). */
  readonly versions: readonly VersionInfo[];
}

/**
 * Reads what maintenance needs: the labelled versions with their stored
 * (non-secret) metadata, and ListSecretVersionIds with deprecated versions.
 */
export async function readSecretState(store: SecretsStore, secretId: string): Promise<SecretState> {
  const labels = await readLabels(store, secretId);
  return { ...labels, versions: await store.listVersions(secretId) };
}
