import { parseStoredKey, type StoredKey } from "../../contract/storedKey";
import {
  Stage,
  versionWithStage,
  type SecretDescription,
  type SecretsStore,
  type VersionInfo,
} from "../core/secretsStore";

/** A stored key as the maintenance code sees it: metadata plus the version that holds it. */
export type VersionedKey = StoredKey & { readonly versionId: string };

export interface SecretState {
  readonly description: SecretDescription;
  readonly current: VersionedKey | undefined;
  readonly previous: VersionedKey | undefined;
  /** The AWSPENDING version when it is not also AWSCURRENT (a rotation in progress or abandoned). */
  readonly pending:
    | {
        readonly versionId: string;
        readonly key: VersionedKey | undefined;
        /** Whether the version holds any value (a value that is not `key` was not stored by this engine for this token). */
        readonly hasValue: boolean;
      }
    | undefined;
  /** Every version, labelled or not (deprecated versions keep their values until AWS deletes them). */
  readonly versions: readonly VersionInfo[];
}

/**
 * Reads what maintenance needs: DescribeSecret, ListSecretVersionIds (with
 * deprecated versions) and the values of the labelled versions.
 */
export async function readSecretState(store: SecretsStore, secretId: string): Promise<SecretState> {
  const description = await store.describe(secretId);
  const readRaw = async (stage: string) => {
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
  const current = (await readRaw(Stage.Current))?.key;
  const previous = (await readRaw(Stage.Previous))?.key;
  const pendingVersion = versionWithStage(description, Stage.Pending);
  const pending =
    pendingVersion !== undefined && pendingVersion !== versionWithStage(description, Stage.Current)
      ? await readRaw(Stage.Pending)
      : undefined;
  const versions = await store.listVersions(secretId);
  return { description, current, previous, pending, versions };
}
