import { parseStoredKey, type StoredKey } from "../../contract/storedKey";
import { Stage, versionWithStage, type SecretDescription, type SecretsStore } from "./secretsStore";

/** A stored key with the version that holds it. */
export type VersionedKey = StoredKey & { readonly versionId: string };

/** The `AWSPENDING` version when it is not also `AWSCURRENT` (a rotation in progress or abandoned). */
export interface PendingVersion {
  readonly versionId: string;
  readonly key: VersionedKey | undefined;
  /** Whether the version holds any value (a value that is not `key` was not stored by this engine for this token). */
  readonly hasValue: boolean;
}

/** The labelled versions as they are now, with the (non-secret) metadata of the keys they hold. */
export interface Labels {
  readonly description: SecretDescription;
  readonly current: VersionedKey | undefined;
  readonly previous: VersionedKey | undefined;
  readonly pending: PendingVersion | undefined;
}

/**
 * Reads `DescribeSecret` and the values of the labelled versions: the one
 * reader behind both the revocation guard (fresh, right before a decision)
 * and maintenance's state.
 */
export async function readLabels(store: SecretsStore, secretId: string): Promise<Labels> {
  const description = await store.describe(secretId);
  const read = async (stage: string): Promise<PendingVersion | undefined> => {
    const versionId = versionWithStage(description, stage);
    if (versionId === undefined) return undefined;
    const value = await store.read(secretId, { stage, versionId });
    const key = parseStoredKey(value?.secretString);
    return {
      versionId,
      hasValue: value?.secretString !== undefined,
      key: key === undefined ? undefined : { ...key, versionId },
    };
  };
  const current = (await read(Stage.Current))?.key;
  const previous = (await read(Stage.Previous))?.key;
  const pendingOnOwnVersion =
    versionWithStage(description, Stage.Pending) !== versionWithStage(description, Stage.Current);
  const pending = pendingOnOwnVersion ? await read(Stage.Pending) : undefined;
  return { description, current, previous, pending };
}
