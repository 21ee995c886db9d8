import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** The non-secret fields of a stored key (see `storedKeySchema` in the contract): never `apiKey`. */
export interface KeyMetadata {
  readonly keyId?: string;
  readonly keyName?: string;
  readonly vendor?: string;
  readonly createdAt?: string;
  readonly expiresAt?: string;
}

const FIELDS = ["keyId", "keyName", "vendor", "createdAt", "expiresAt"] as const;

/**
 * Copies only the metadata fields out of a version's value. The value also
 * holds the key itself: it is parsed here and dropped, so no caller ever
 * holds it (nor could print or log it).
 */
export function pickKeyMetadata(secretString: string | undefined): KeyMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "{}");
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const record = parsed as Record<string, unknown>;
  const picked: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = record[field];
    if (typeof value === "string") picked[field] = value;
  }
  return picked;
}

/** The metadata of the version carrying `stage` (or `versionId`); empty when it has no value. */
export async function readKeyMetadata(
  secrets: SecretsManagerClient,
  secretId: string,
  which: { readonly stage: string } | { readonly versionId: string },
): Promise<KeyMetadata> {
  try {
    const value = await secrets.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        ...("stage" in which ? { VersionStage: which.stage } : { VersionId: which.versionId }),
      }),
    );
    return pickKeyMetadata(value.SecretString);
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") return {};
    throw error;
  }
}
