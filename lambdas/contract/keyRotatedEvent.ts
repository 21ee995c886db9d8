import * as z from "zod/mini";
import "./schema";

/**
 * The `KeyRotated` event the rotation function puts on the account's default
 * EventBridge bus after `finishSecret` moved `AWSCURRENT` to a new key, so
 * deploy pipelines and caches can react (force a new deployment, flush a
 * cache). Defined once here: the function builds it, the component's IAM
 * statement allows exactly its source, and the docs' sample rule matches it.
 * It names versions and the vendor, never key material or key ids.
 */
export const KEY_ROTATED_EVENT = {
  /** The event's `source` (`PutEvents` `Source`); the role may put events with this source only. */
  source: "rotated-api-key",
  /** The event's `detail-type`. */
  detailType: "KeyRotated",
  /** The bus: the account's default bus, in the secret's region. */
  eventBusName: "default",
} as const;

/**
 * The event's `detail`: which secret moved to which version, and why. Written
 * as a plain interface (the schema below checks it) so that the package's
 * public types, which export this contract, do not expose the schema library.
 */
export interface KeyRotatedDetail {
  readonly secretArn: string;
  readonly secretName: string;
  readonly versionId: string;
  readonly previousVersionId: string | null;
  readonly vendor: string;
  readonly emergency: boolean;
  readonly overlapHours: number;
  readonly rotatedAt: string;
}

/** The detail's schema; its inferred type must stay the interface above (checked below). */
const keyRotatedDetailSchema = z.strictObject({
  /** Full ARN of the rotated secret (also the event's only `resources` entry). */
  secretArn: z.string().check(z.minLength(1)),
  /** The secret's name (the `SecretName` metric dimension). */
  secretName: z.string().check(z.minLength(1)),
  /** The version now labelled `AWSCURRENT` (the rotation's token). */
  versionId: z.string().check(z.minLength(1)),
  /** The version now labelled `AWSPREVIOUS`; null on the first rotation. */
  previousVersionId: z.nullable(z.string()),
  /** The vendor adapter, e.g. `nylas`. */
  vendor: z.string().check(z.minLength(1)),
  /** True for an emergency rotation: the previous key is revoked at once, not after the overlap. */
  emergency: z.boolean(),
  /** Hours the previous key stays valid (0 in an emergency). */
  overlapHours: z.number(),
  /** When `AWSCURRENT` moved, ISO 8601. */
  rotatedAt: z.string().check(z.minLength(1)),
});

// Fails to compile when the schema and the interface drift apart, in either direction.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterface: Same<
  z.infer<typeof keyRotatedDetailSchema>,
  { -readonly [K in keyof KeyRotatedDetail]: KeyRotatedDetail[K] }
> = true;
void schemaMatchesInterface;

/** One `PutEvents` entry for a promotion (the shape `@aws-sdk/client-eventbridge` takes). */
export interface KeyRotatedEntry {
  readonly Source: typeof KEY_ROTATED_EVENT.source;
  readonly DetailType: typeof KEY_ROTATED_EVENT.detailType;
  readonly EventBusName: typeof KEY_ROTATED_EVENT.eventBusName;
  readonly Resources: [string];
  readonly Detail: string;
}

/**
 * Builds the `PutEvents` entry. Throws if the detail does not match the
 * schema (a bug, not a run-time state); the message names fields, never values.
 */
export function keyRotatedEntry(detail: KeyRotatedDetail): KeyRotatedEntry {
  const parsed = keyRotatedDetailSchema.safeParse(detail);
  if (!parsed.success) {
    throw new Error(
      `The KeyRotated event's detail does not match its contract: ${parsed.error.issues.map((i) => `${i.path.join(".") || "detail"}: ${i.message}`).join("; ")}.`,
    );
  }
  const checked = parsed.data;
  return {
    Source: KEY_ROTATED_EVENT.source,
    DetailType: KEY_ROTATED_EVENT.detailType,
    EventBusName: KEY_ROTATED_EVENT.eventBusName,
    Resources: [checked.secretArn],
    Detail: JSON.stringify(checked),
  };
}

/** The event pattern a consumer's rule uses to react to one secret's rotations. */
export function keyRotatedPattern(secretArn: string): {
  readonly source: readonly string[];
  readonly "detail-type": readonly string[];
  readonly resources: readonly string[];
} {
  return {
    source: [KEY_ROTATED_EVENT.source],
    "detail-type": [KEY_ROTATED_EVENT.detailType],
    resources: [secretArn],
  };
}
