import { parsePromotionTag } from "../../lambdas/contract/secretTags";
import { invariantViolations, liveKeysPerTokenViolations } from "../invariants";
import type { ConsumerResult } from "./modelConsumer";
import { keyOf, tokenOfKey, versionWith, type LifecycleModel, type Snapshot } from "./modelState";
import { MODEL_CONFIG, type ModelWorld } from "./modelWorld";
import { playbookViolations } from "./playbookChecks";

const HOUR_MS = 3_600_000;

/** What a command tells the checks besides the two snapshots. */
export interface CommandEffects {
  /** Keys the command's operator action was allowed to revoke (revokePrevious: the AWSPREVIOUS key). */
  readonly operatorRevocable: ReadonlySet<string>;
  /** Whether that operator action overrides the usage gate (`force`). */
  readonly operatorForce: boolean;
  /** Invocations killed for overrunning their budget (the engine ignored its deadline). */
  readonly overran: readonly string[];
  /** An operator's rollback ran: AWSCURRENT may move back to a version it left before. */
  readonly rollback: boolean;
  /** A maintenance run without an armed fault succeeded: what it repairs must be repaired. */
  readonly maintained: boolean;
}

export const NO_EFFECTS: CommandEffects = {
  operatorRevocable: new Set(),
  operatorForce: false,
  overran: [],
  rollback: false,
  maintained: false,
};

/**
 * Everything that must hold after every command: the six ROTATION.md
 * invariants (invariants.ts, against moto and the simulator), at most one
 * live key per token, no second key for a token whose attempts all had a
 * known outcome, no revocation inside the overlap window measured from
 * PROMOTION, no revocation of a key in use before the hard limit, no
 * invocation past its deadline, and a consumer that authenticates outside
 * emergencies. Once a retire (`pulumi destroy`) was attempted, the rules
 * about live keys (1, 2, the window, the usage gate, the consumer) give way
 * to "no key of ours is live" after it succeeds. Returns the violations
 * (empty = all hold).
 */
export async function checkAfterCommand(
  mw: ModelWorld,
  model: LifecycleModel,
  before: Snapshot,
  after: Snapshot,
  effects: CommandEffects,
  consumer: ConsumerResult | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  const quiescent = model.pending === undefined;
  problems.push(
    ...(await invariantViolations(mw.world, mw.output.join("\n"), {
      condemnedKeyIds: model.condemned,
      skipWindow: true,
      skipOrphans: !quiescent,
      retiring: model.retiring,
    })),
  );
  if (model.retired) problems.push(...retiredViolations(mw));
  problems.push(...liveKeysPerTokenViolations(mw.world));
  for (const [token, keys] of model.createdPerToken) {
    if (keys.size > 1 && !model.lossyTokens.has(token)) {
      problems.push(
        `5: ${keys.size} vendor keys were created for token ${token} although no attempt lost its outcome (a retry made a second key)`,
      );
    }
  }
  // Once the component is being destroyed, revoking inside the window or despite use is the point.
  if (!model.retiring) problems.push(...revocationViolations(model, before, after, effects));
  problems.push(...keyRotatedViolations(mw, model, await mw.keyRotatedEvents.events()));
  problems.push(...promotionRecordViolations(before, after));
  problems.push(...returnViolations(model, before, after, effects));
  if (effects.maintained) problems.push(...leakedKeyViolations(mw, model, after));
  problems.push(...playbookViolations(mw, model));
  for (const overrun of effects.overran)
    problems.push(`deadline: ${overrun} ran past its time budget and was killed`);
  const currentKey = keyOf(after, "AWSCURRENT");
  if (
    consumer !== undefined &&
    !consumer.ok &&
    !model.retiring &&
    model.firstKey &&
    !(currentKey !== undefined && model.condemned.has(currentKey))
  ) {
    problems.push(
      `consumer: failed to authenticate outside an emergency (${consumer.detail.slice(0, 300)})`,
    );
  }
  return problems;
}

/**
 * The `KeyRotated` events so far: each names a version the model saw become
 * AWSCURRENT, and none carries a key the vendor ever issued (6). Publishing is
 * at least once (the SDK retries a `PutEvents` whose answer timed out, and
 * EventBridge itself delivers at least once), so a promotion may be announced
 * twice with the same `versionId`: consumers deduplicate on it (docs/notifications.md).
 */
function keyRotatedViolations(
  mw: ModelWorld,
  model: LifecycleModel,
  events: readonly Record<string, unknown>[],
): string[] {
  const problems: string[] = [];
  for (const event of events) {
    const versionId = String((event.detail as { versionId?: unknown } | undefined)?.versionId);
    if (model.versions.get(versionId)?.promotedAt === undefined) {
      problems.push(
        `KeyRotated: an event names version ${versionId}, which never became AWSCURRENT`,
      );
    }
  }
  const text = JSON.stringify(events);
  for (const key of mw.world.sim.keys()) {
    if (text.includes(key.secret))
      problems.push(`6: the secret of vendor key ${key.id} appears in a KeyRotated event`);
  }
  return problems;
}

/**
 * The promotion record's last-rotation time (what the overdue gauge measures
 * from): never after the promotion it is recorded with, and carried unchanged
 * by a rollback (AWSCURRENT moved back to the version that was AWSPREVIOUS
 * and is not the pending one of a rotation finishing now).
 */
function promotionRecordViolations(before: Snapshot, after: Snapshot): string[] {
  const was = parsePromotionTag(before.promotionRecord);
  const now = parsePromotionTag(after.promotionRecord);
  if (now === undefined) return [];
  const problems: string[] = [];
  if (now.lastRotationAt > now.at) {
    problems.push(
      `overdue gauge: the promotion record of ${now.versionId} says the last rotation (${new Date(now.lastRotationAt).toISOString()}) came after its promotion (${new Date(now.at).toISOString()})`,
    );
  }
  const rolledBack =
    was !== undefined &&
    now.versionId !== was.versionId &&
    was.versionId === versionWith(before, "AWSCURRENT") &&
    now.versionId === versionWith(before, "AWSPREVIOUS") &&
    now.versionId === versionWith(after, "AWSCURRENT") &&
    // finishSecret completing a rotation whose version a rollback had left
    // AWSPENDING + AWSPREVIOUS is a rotation, recorded at its own promotion.
    !(before.stages[now.versionId] ?? []).includes("AWSPENDING");
  if (rolledBack && now.lastRotationAt !== was.lastRotationAt) {
    problems.push(
      `overdue gauge: a rollback to ${now.versionId} recorded the last rotation at ${new Date(now.lastRotationAt).toISOString()}, not the undone rotation's ${new Date(was.lastRotationAt).toISOString()}`,
    );
  }
  return problems;
}

/**
 * Keys and versions that must not come back as AWSCURRENT: a key an emergency
 * condemned (it leaked) never again, and a version an operator rolled back
 * from only by another rollback (a retry of its rotation must not undo it).
 */
function returnViolations(
  model: LifecycleModel,
  before: Snapshot,
  after: Snapshot,
  effects: CommandEffects,
): string[] {
  const was = versionWith(before, "AWSCURRENT");
  const now = versionWith(after, "AWSCURRENT");
  if (now === undefined || now === was) return [];
  const problems: string[] = [];
  const key = keyOf(after, "AWSCURRENT");
  if (key !== undefined && model.condemned.has(key)) {
    problems.push(
      `emergency: key ${key}, which an emergency rotation replaced because it leaked, became AWSCURRENT again (version ${now})`,
    );
  }
  if (model.rolledBackFrom.has(now) && !effects.rollback) {
    problems.push(
      `rollback: version ${now}, which an operator rolled back from, became AWSCURRENT again without a rollback (a retry of its rotation undid the rollback)`,
    );
  }
  return problems;
}

/**
 * After a clean maintenance run no key an emergency replaced is still live as
 * AWSPREVIOUS: an emergency whose finishSecret died after the promotion is
 * finished by maintenance, not left to a retry that may never come.
 */
function leakedKeyViolations(mw: ModelWorld, model: LifecycleModel, after: Snapshot): string[] {
  const previous = keyOf(after, "AWSPREVIOUS");
  if (previous === undefined || !model.condemned.has(previous)) return [];
  if (previous === keyOf(after, "AWSCURRENT") || previous === keyOf(after, "AWSPENDING")) return [];
  return mw.world.sim.activeKeys().some((k) => k.id === previous)
    ? [`emergency: the leaked key ${previous} is still live as AWSPREVIOUS after a maintenance run`]
    : [];
}

/**
 * After a successful retire the model's expectation is "no key of ours is
 * live": every vendor key named with this secret's prefix is revoked.
 */
function retiredViolations(mw: ModelWorld): string[] {
  const prefix = `${mw.world.options.keyNamePrefix}-`;
  return mw.world.sim
    .activeKeys()
    .filter((k) => k.name.startsWith(prefix))
    .map((k) => `retire: vendor key ${k.id} (${k.name}) is still live after a successful retire`);
}

/** Revocations the command made that the window or the usage gate forbid. */
function revocationViolations(
  model: LifecycleModel,
  before: Snapshot,
  after: Snapshot,
  effects: CommandEffects,
): string[] {
  const problems: string[] = [];
  const wasActive = new Set(before.keys.filter((k) => k.status === "active").map((k) => k.id));
  const revoked = after.keys.filter((k) => k.status === "revoked" && wasActive.has(k.id));
  const overlapMs = MODEL_CONFIG.overlapHours * HOUR_MS;
  for (const key of revoked) {
    if (model.condemned.has(key.id)) continue;
    const version = [...model.versions.values()].find((v) => v.keyId === key.id);
    const label = `key ${key.id} (token ${tokenOfKey(key.name) ?? "?"})`;
    const currentNow = keyOf(after, "AWSCURRENT") === key.id;
    const currentBefore = keyOf(before, "AWSCURRENT") === key.id;
    if (currentNow) {
      problems.push(`2: ${label} was revoked while it is AWSCURRENT`);
      continue;
    }
    if (effects.operatorRevocable.has(key.id)) {
      if (!effects.operatorForce)
        problems.push(
          ...usageProblem(
            model,
            key.id,
            label,
            after,
            version?.demotedAt,
            "an operator revocation without force",
          ),
        );
      continue;
    }
    if (version?.demotedAt === undefined) continue; // never AWSCURRENT: a pending key or an orphan
    if (currentBefore || after.at < version.demotedAt + overlapMs) {
      const hours = ((after.at - version.demotedAt) / HOUR_MS).toFixed(1);
      problems.push(
        `2: ${label} was revoked at most ${hours} h after its version ${version.versionId} left AWSCURRENT, inside the ${MODEL_CONFIG.overlapHours} h overlap window measured from promotion`,
      );
      continue;
    }
    problems.push(...usageProblem(model, key.id, label, after, version.demotedAt, "revocation"));
  }
  return problems;
}

/** The usage gate: a key used within the quiet period is not revoked before the hard limit. */
function usageProblem(
  model: LifecycleModel,
  keyId: string,
  label: string,
  after: Snapshot,
  demotedAt: number | undefined,
  what: string,
): string[] {
  const used = model.lastUse.get(keyId);
  if (used === undefined || after.at - used >= MODEL_CONFIG.usageQuietMinutes * 60_000) return [];
  const hardEnd =
    (demotedAt ?? Number.NEGATIVE_INFINITY) +
    (MODEL_CONFIG.overlapHours + MODEL_CONFIG.revokeHardLimitHours) * HOUR_MS;
  if (after.at >= hardEnd) return [];
  const minutes = Math.round((after.at - used) / 60_000);
  return [
    `2: ${label} was revoked by ${what} although a consumer used it at most ${minutes} min earlier (usage gate, before the hard limit)`,
  ];
}

/** The stage names of a version in a snapshot, for messages. */
export function stagesLine(snapshot: Snapshot): string {
  const current = versionWith(snapshot, "AWSCURRENT");
  return Object.entries(snapshot.stages)
    .map(([v, s]) => `${v.slice(0, 8)}=${s.join("+")}${v === current ? "" : ""}`)
    .join(" ");
}
