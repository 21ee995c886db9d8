import * as z from "zod/mini";
import "./schema";
import { rememberSecret } from "./secretMask";

/**
 * The JSON each version of a rotated secret holds: the key plus non-secret
 * metadata. Consumers read `apiKey` from `AWSCURRENT`.
 */
export const storedKeySchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  keyId: z.string().check(z.minLength(1)),
  keyName: z.string().check(z.minLength(1)),
  vendor: z.string().check(z.minLength(1)),
  createdAt: z.iso.datetime(),
  expiresAt: z.optional(z.iso.datetime()),
  rotationToken: z.string().check(z.minLength(1)),
});

export type StoredKey = z.infer<typeof storedKeySchema>;

/** Parses a stored version; `undefined` when it is not something this engine wrote. */
export function parseStoredKey(secretString: string | undefined): StoredKey | undefined {
  if (secretString === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(secretString);
  } catch {
    return undefined;
  }
  const parsed = storedKeySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  // Every key the engine reads is masked wherever it might appear in a log line or error.
  rememberSecret(parsed.data.apiKey);
  return parsed.data;
}

/** Serialises with a fixed key order so the same key always yields the same bytes. */
export function serializeStoredKey(value: StoredKey): string {
  const ordered: StoredKey = {
    apiKey: value.apiKey,
    keyId: value.keyId,
    keyName: value.keyName,
    vendor: value.vendor,
    createdAt: value.createdAt,
    ...(value.expiresAt === undefined ? {} : { expiresAt: value.expiresAt }),
    rotationToken: value.rotationToken,
  };
  return JSON.stringify(ordered);
}
