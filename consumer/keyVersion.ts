import type { GetSecretValueCommandOutput } from "@aws-sdk/client-secrets-manager";
import { ApiKeyUnavailableError, type KeyStage } from "./errors";

/**
 * One version of the rotated secret as the consumer sees it. `apiKey` is not
 * enumerable: `JSON.stringify`, `console.log` and `util.inspect` of a version
 * never show the key.
 */
export interface ApiKeyVersion {
  readonly apiKey: string;
  readonly stage: KeyStage;
  /** The Secrets Manager version id. */
  readonly versionId: string;
  /** The vendor's id of the key (`keyId` in the stored JSON), when present. */
  readonly keyId?: string;
  /**
   * ISO-8601 creation time of the key: `createdAt` in the stored JSON, else the
   * version's `CreatedDate`. The overlap window is measured from it or, if
   * later, from when the provider first read the version as `AWSCURRENT`.
   */
  readonly createdAt?: string;
  /**
   * ISO-8601 time the vendor expires the key (`expiresAt` in the stored JSON),
   * when present. A cached key is never served stale beyond it.
   */
  readonly expiresAt?: string;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Turns a `GetSecretValue` answer into an {@link ApiKeyVersion}. Only
 * `apiKey` is required, so a secret seeded by hand with `{"apiKey": "..."}`
 * works too. Errors say what is missing, never what the value holds.
 */
export function toKeyVersion(
  out: GetSecretValueCommandOutput,
  secretId: string,
  stage: KeyStage,
): ApiKeyVersion {
  const where = `${stage} of secret ${out.Name ?? secretId}`;
  if (out.SecretString === undefined) {
    throw new ApiKeyUnavailableError(
      `${where} has no SecretString (a binary or empty version): store JSON with an \`apiKey\` field.`,
      secretId,
      stage,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(out.SecretString);
  } catch {
    throw new ApiKeyUnavailableError(
      `${where} is not JSON: store JSON with an \`apiKey\` field.`,
      secretId,
      stage,
    );
  }
  const record = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const apiKey = stringField(record, "apiKey");
  if (apiKey === undefined) {
    throw new ApiKeyUnavailableError(
      `${where} has no non-empty \`apiKey\` string: store JSON with an \`apiKey\` field.`,
      secretId,
      stage,
    );
  }
  const keyId = stringField(record, "keyId");
  const createdAt = stringField(record, "createdAt") ?? out.CreatedDate?.toISOString();
  const expiresAt = stringField(record, "expiresAt");
  const version = {
    stage,
    versionId: out.VersionId ?? "",
    ...(keyId === undefined ? {} : { keyId }),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  Object.defineProperty(version, "apiKey", { value: apiKey, enumerable: false });
  return Object.freeze(version) as ApiKeyVersion;
}

/**
 * The secret's name for the `SecretName` dimension before the first read
 * tells the real one: the id itself, or for an ARN its name part without the
 * six-character suffix Secrets Manager appends.
 */
export function secretNameFromId(secretId: string): string {
  const arn = /^arn:aws[a-z-]*:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(secretId);
  if (arn?.[1] === undefined) return secretId;
  return arn[1].replace(/-[A-Za-z0-9]{6}$/, "");
}
