import {
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
} from "@aws-sdk/client-secrets-manager";
import { readVersion, type RotationWorld, type StoredValue } from "./rotationWorld";

/**
 * The six invariants of ROTATION.md, checked against the real state in moto
 * and at the simulated vendor. Returns the problems found (empty = all hold),
 * so a failing test prints every broken invariant at once.
 */
export interface InvariantOptions {
  readonly emergency?: boolean;
  readonly now?: number;
  /**
   * Keys an emergency condemned: AWSCURRENT may hold one of them revoked
   * (revoke-first mode) without breaking invariants 1 and 2.
   */
  readonly condemnedKeyIds?: ReadonlySet<string>;
  /** Skip the window part of invariant 2 (a caller that measures it from promotion itself). */
  readonly skipWindow?: boolean;
  /** Skip invariant 3 (a rotation is still in progress: its key is not stored yet). */
  readonly skipOrphans?: boolean;
  /**
   * The component is being destroyed (a retire ran): no key of ours is meant
   * to stay live, so invariants 1 and 2 (a working AWSCURRENT, AWSPREVIOUS
   * kept through its window) do not apply.
   */
  readonly retiring?: boolean;
}

/** What the invariant checks read of a world: one secret, its settings and the vendor simulator. */
export type InvariantWorld = Pick<RotationWorld, "client" | "secretArn" | "sim" | "options">;

export async function invariantViolations(
  world: InvariantWorld,
  capturedText: string,
  options: InvariantOptions = {},
): Promise<string[]> {
  const problems: string[] = [];
  const now = options.now ?? Date.now();
  const d = await world.client.send(new DescribeSecretCommand({ SecretId: world.secretArn }));
  const labelled: Record<string, StoredValue | undefined> = {};
  const stagesOf: Record<string, readonly string[]> = {};
  for (const [versionId, stages] of Object.entries(d.VersionIdsToStages ?? {})) {
    if (stages.length === 0) continue;
    stagesOf[versionId] = stages;
    labelled[versionId] = await readVersion(world.client, world.secretArn, versionId);
  }
  const byStage = (stage: string) =>
    Object.entries(stagesOf).find(([, s]) => s.includes(stage))?.[0] as string | undefined;
  const current = byStage("AWSCURRENT") ? labelled[byStage("AWSCURRENT") ?? ""] : undefined;
  const previous = byStage("AWSPREVIOUS") ? labelled[byStage("AWSPREVIOUS") ?? ""] : undefined;

  const condemned = (keyId: string | undefined) =>
    keyId !== undefined && options.condemnedKeyIds?.has(keyId) === true;
  // 1. AWSCURRENT always holds a key that works at the vendor.
  if (
    !options.retiring &&
    byStage("AWSCURRENT") !== undefined &&
    !condemned(current?.keyId) &&
    (current === undefined || !world.sim.isKeyAccepted(current.apiKey))
  ) {
    problems.push(
      `1: AWSCURRENT (${byStage("AWSCURRENT")}) does not hold a key the vendor accepts`,
    );
  }
  // 2. No key revoked while AWSCURRENT, or AWSPREVIOUS inside its overlap window.
  const simKeys = world.sim.keys();
  const revoked = (keyId: string) => simKeys.find((k) => k.id === keyId)?.status === "revoked";
  if (current && revoked(current.keyId) && !condemned(current.keyId) && !options.retiring)
    problems.push(`2: the AWSCURRENT key ${current.keyId} is revoked`);
  if (previous && current && !options.emergency && !options.skipWindow && !options.retiring) {
    const windowEnd = Date.parse(current.createdAt) + world.options.overlapHours * 3_600_000;
    if (now < windowEnd && revoked(previous.keyId)) {
      problems.push(
        `2: the AWSPREVIOUS key ${previous.keyId} was revoked inside its overlap window`,
      );
    }
  }
  // 3. Every vendor key we created is referenced by a version or revoked. Keys of
  // versions that lost their labels were stored and handed out; they await
  // revocation after their window (lifecycle), they are not orphans. An
  // orphan is a key created but never stored: its secret is lost for good.
  const versions = await world.client.send(
    new ListSecretVersionIdsCommand({ SecretId: world.secretArn, IncludeDeprecated: true }),
  );
  const referenced = new Set<string>();
  for (const v of versions.Versions ?? []) {
    const stored =
      labelled[v.VersionId ?? ""] ??
      (await readVersion(world.client, world.secretArn, v.VersionId ?? ""));
    if (stored) referenced.add(stored.keyId);
  }
  for (const key of options.skipOrphans ? [] : simKeys) {
    if (!key.name.startsWith(`${world.options.keyNamePrefix}-`)) continue;
    if (key.status === "active" && !referenced.has(key.id)) {
      problems.push(
        `3: vendor key ${key.id} (${key.name}) is active but was never stored in a version (orphan)`,
      );
    }
  }
  // 4. The number of active vendor keys never exceeds the vendor's cap.
  const active = world.sim.activeKeys().length;
  if (active > world.sim.faults.maxActiveKeys) {
    problems.push(`4: ${active} active keys exceed the cap of ${world.sim.faults.maxActiveKeys}`);
  }
  // 5. (checked by the scenarios that run steps twice) — here: no two labelled versions share a key.
  const keyIds = Object.values(labelled).flatMap((v) => (v ? [v.keyId] : []));
  const pendingIsCopy =
    byStage("AWSPENDING") !== undefined && byStage("AWSPENDING") !== byStage("AWSCURRENT");
  if (!pendingIsCopy && new Set(keyIds).size !== keyIds.length) {
    problems.push(`5: two labelled versions hold the same vendor key (${keyIds.join(", ")})`);
  }
  // 6. No secret material in logs, errors or metrics.
  for (const key of simKeys) {
    if (capturedText.includes(key.secret))
      problems.push(`6: the secret of vendor key ${key.id} appears in the output`);
  }
  for (const secret of adminSecrets(world.sim.adminCredentialJson)) {
    if (capturedText.includes(secret))
      problems.push("6: part of the admin credential appears in the output");
  }
  return problems;
}

/**
 * At most one live vendor key per rotation token: key names end with the
 * token (`<prefix>-<10 hex>-<token>`), and a retry must revoke an unstored
 * key of its token before it creates another.
 */
export function liveKeysPerTokenViolations(world: InvariantWorld): string[] {
  const perToken = new Map<string, string[]>();
  const prefix = `${world.options.keyNamePrefix}-`;
  for (const key of world.sim.activeKeys()) {
    if (!key.name.startsWith(prefix)) continue;
    const token = key.name.slice(prefix.length + 11);
    perToken.set(token, [...(perToken.get(token) ?? []), key.id]);
  }
  return [...perToken.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(
      ([token, ids]) =>
        `5: ${ids.length} live vendor keys for token ${token} (${ids.join(", ")}); at most one may be live`,
    );
}

/**
 * The parts of an admin credential that must never be seen: every string
 * value of 16+ characters, and each line of a PEM body.
 */
function adminSecrets(json: string): string[] {
  const values: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string" && v.length >= 16) {
      values.push(
        ...v.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----")),
      );
    } else if (typeof v === "object" && v !== null) {
      Object.values(v).forEach(walk);
    }
  };
  walk(JSON.parse(json) as unknown);
  return values;
}
