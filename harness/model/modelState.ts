import { PROMOTION_TAG } from "../../lambdas/contract/secretTags";
import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { readVersion, type StoredValue } from "../rotationWorld";
import type { SimKey } from "../simulators/vendorSimulator";
import type { ModelWorld } from "./modelWorld";

/** What the model remembers of one version of the secret. */
export interface VersionRecord {
  readonly versionId: string;
  keyId?: string;
  /** Model time the version became AWSCURRENT (the start of the command that moved it). */
  promotedAt?: number;
  /** Model time it left AWSCURRENT (the start of the command that moved it: the earliest it can have). */
  demotedAt?: number;
}

/**
 * The model of the key lifecycle: small, and updated from what the real
 * system is seen to do (rotations can fail or crash at any step), plus what
 * only the model knows: when each version was promoted and demoted, which keys
 * an emergency condemned, who used which key when, and which tokens had an
 * attempt whose outcome was lost (a second key for them is no idempotence bug).
 */
export interface LifecycleModel {
  /** A first key exists (the consumer must work from then on, outside emergencies). */
  firstKey: boolean;
  current?: string;
  previous?: string;
  /** AWSPENDING on a version other than AWSCURRENT: a rotation in progress or abandoned. */
  pending?: string;
  readonly versions: Map<string, VersionRecord>;
  /** Keys an emergency request allows to be revoked at any time (the key it replaces). */
  readonly condemned: Set<string>;
  /** Versions an operator's rollback moved AWSCURRENT away from. */
  readonly rolledBackFrom: Set<string>;
  /** The last step invocation killed mid-way (crash or timeout): Lambda retries such an invocation later. */
  lastKilled?: { readonly token: string; readonly step: string };
  /** Tokens that had a crashed, faulted or concurrent attempt. */
  readonly lossyTokens: Set<string>;
  /** Tokens an emergency request was bound to (their rotation is `Mode=emergency`). */
  readonly emergencyTokens: Set<string>;
  /** Model time each key was last used by a consumer of ours. */
  readonly lastUse: Map<string, number>;
  /** Keys created per token (name suffix), revoked ones included. */
  readonly createdPerToken: Map<string, Set<string>>;
  /** What happened, one line per command (printed with a failure). */
  readonly history: string[];
  /** A retire (`pulumi destroy`) was attempted: the component is going away, no other command runs. */
  retiring: boolean;
  /** A retire succeeded: no key of ours may be live any more. */
  retired: boolean;
}

export function emptyModel(): LifecycleModel {
  return {
    firstKey: false,
    versions: new Map(),
    condemned: new Set(),
    rolledBackFrom: new Set(),
    lossyTokens: new Set(),
    emergencyTokens: new Set(),
    lastUse: new Map(),
    createdPerToken: new Map(),
    history: [],
    retiring: false,
    retired: false,
  };
}

/** The real state at one moment: labels, the values of labelled versions, every vendor key. */
export interface Snapshot {
  readonly at: number;
  readonly stages: Readonly<Record<string, readonly string[]>>;
  readonly values: Readonly<Record<string, StoredValue | undefined>>;
  readonly keys: readonly SimKey[];
  /** The promotion record tag's value (`RotatedApiKey:CurrentSince`), if any. */
  readonly promotionRecord?: string;
}

export async function takeSnapshot(mw: ModelWorld): Promise<Snapshot> {
  const arn = mw.world.secretArn;
  const d = await mw.moto.send(new DescribeSecretCommand({ SecretId: arn }));
  const stages: Record<string, readonly string[]> = {};
  const values: Record<string, StoredValue | undefined> = {};
  for (const [versionId, s] of Object.entries(d.VersionIdsToStages ?? {})) {
    if (s.length === 0) continue;
    stages[versionId] = s;
    values[versionId] = await readVersion(mw.moto, arn, versionId).catch(() => undefined);
  }
  const promotionRecord = d.Tags?.find((t) => t.Key === PROMOTION_TAG)?.Value;
  return {
    at: Date.now(),
    stages,
    values,
    keys: mw.world.sim.keys(),
    ...(promotionRecord === undefined ? {} : { promotionRecord }),
  };
}

export function versionWith(snapshot: Snapshot, stage: string): string | undefined {
  return Object.entries(snapshot.stages).find(([, s]) => s.includes(stage))?.[0];
}

/** The key id a labelled version holds (undefined for a valueless version). */
export function keyOf(snapshot: Snapshot, stage: string): string | undefined {
  const versionId = versionWith(snapshot, stage);
  return versionId === undefined ? undefined : snapshot.values[versionId]?.keyId;
}

/** The token a vendor key was created for (`<prefix>-<10 hex>-<token>`). */
export function tokenOfKey(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*-[0-9a-f]{10}-(.+)$/.exec(name)?.[1];
}

/** Brings the model up to date with what a command did (labels, promotions, created keys). */
export function observe(model: LifecycleModel, before: Snapshot, after: Snapshot): void {
  const record = (versionId: string): VersionRecord => {
    let r = model.versions.get(versionId);
    if (r === undefined) {
      r = { versionId };
      model.versions.set(versionId, r);
    }
    const keyId = after.values[versionId]?.keyId ?? before.values[versionId]?.keyId;
    if (keyId !== undefined) r.keyId = keyId;
    return r;
  };
  for (const versionId of new Set([...Object.keys(before.stages), ...Object.keys(after.stages)]))
    record(versionId);
  const was = versionWith(before, "AWSCURRENT");
  const now = versionWith(after, "AWSCURRENT");
  if (was !== now) {
    if (was !== undefined) record(was).demotedAt = before.at;
    if (now !== undefined) {
      const r = record(now);
      r.promotedAt = before.at;
      r.demotedAt = undefined;
    }
  }
  model.current = now;
  model.previous = versionWith(after, "AWSPREVIOUS");
  const pending = versionWith(after, "AWSPENDING");
  model.pending = pending !== undefined && pending !== now ? pending : undefined;
  if (now !== undefined && after.values[now] !== undefined) model.firstKey = true;
  for (const key of after.keys) {
    const token = tokenOfKey(key.name);
    if (token === undefined) continue;
    const created = model.createdPerToken.get(token) ?? new Set<string>();
    created.add(key.id);
    model.createdPerToken.set(token, created);
  }
}
