import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { RotationConfig } from "../../contract/config";
import { msUntilDeadline } from "../../contract/deadline";
import { FLEET_TAG, MAINTAINED_TAG } from "../../contract/fleet";
import { checkKeyPolicy } from "../../contract/keyPolicy";
import { DEFAULT_MAX_KEY_AGE_DAYS } from "../../contract/managedSecrets";
import { FleetMetrics, MetricDimensions } from "../../contract/metricNames";
import type { VendorAdapter } from "../../vendors/kit/adapter";
import { describeError } from "../core/describeError";
import { metrics } from "../core/observability";
import { runPool } from "../core/pool";
import type { SecretsStore, TaggedSecretSummary } from "../core/secretsStore";
import { createMaintenanceContext, runMaintenanceAction } from "./maintain";
import type { MaintenanceContext } from "./maintenanceContext";

/** No member is started with less than this left before the deadline, however fast the others were. */
export const MIN_MEMBER_MS = 1_000;
/** A member is started only if the time left is this many times the slowest member so far. */
export const MEMBER_TIME_FACTOR = 1.5;

/** One run of a fleet's scheduled maintenance: counts and the names of the members that failed. */
export interface FleetMaintenanceReport {
  readonly fleet: string;
  /** Members found (secrets tagged with the fleet's name). */
  readonly members: number;
  /** Members whose maintenance finished. */
  readonly maintained: number;
  /** Members whose maintenance failed: the secret's name and the error's name and message (masked). */
  readonly failed: readonly { readonly secretName: string; readonly error: string }[];
  /** Members left for the next run: the deadline came first. The next run takes them first. */
  readonly deferred: number;
  /** Members whose key was checked against the key policy (every member whose state could be read). */
  readonly keysChecked: number;
  /** Of those, keys within the policy (lambdas/contract/keyPolicy.ts, with the default maximum key age). */
  readonly keysWithinPolicy: number;
}

export interface FleetMaintenanceDeps {
  readonly fleetName: string;
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
  readonly configFor: (secret: TaggedSecretSummary) => RotationConfig;
  readonly concurrency: number;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/**
 * The fleet's scheduled maintenance: every member (ListSecrets by the
 * membership tag, all pages) gets the same lifecycle and monitor run as a
 * key's own function gives its key, with its own settings, at most
 * `concurrency` at once. Members are taken oldest attempt first (the
 * {@link MAINTAINED_TAG} each attempt writes), and none is started unless
 * the time left before the invocation's deadline covers it: a run cut short
 * leaves the rest for the next run, which takes them first. A member's
 * failure is logged with its name, counted, and stops nothing else.
 */
export async function maintainFleet(deps: FleetMaintenanceDeps): Promise<FleetMaintenanceReport> {
  const now = deps.now ?? (() => new Date());
  const members = orderForMaintenance(await deps.store.listTagged(FLEET_TAG, deps.fleetName));
  let slowestMs = 0;
  const verdicts: boolean[] = [];
  const mayStart = (): boolean => {
    const left = msUntilDeadline();
    return left === undefined || left > Math.max(MIN_MEMBER_MS, slowestMs * MEMBER_TIME_FACTOR);
  };
  const outcomes = await runPool(
    members,
    deps.concurrency,
    async (member) => {
      const started = performance.now();
      const logger = deps.logger.createChild({ persistentKeys: { secretName: member.name } });
      let ctx: MaintenanceContext | undefined;
      try {
        const description = await deps.store.describe(member.arn);
        const config = deps.configFor(description);
        ctx = createMaintenanceContext({ ...deps, config, logger, now });
        await runMaintenanceAction({ action: "maintain" }, ctx);
      } finally {
        const verdict = await withinPolicy(ctx, now());
        if (verdict !== undefined) verdicts.push(verdict);
        slowestMs = Math.max(slowestMs, performance.now() - started);
        await recordAttempt(deps.store, member, now(), logger);
      }
    },
    mayStart,
  );

  const failed = outcomes.flatMap((o) =>
    o.status === "rejected" ? [{ secretName: o.item.name, error: errorText(o.reason) }] : [],
  );
  const report: FleetMaintenanceReport = {
    fleet: deps.fleetName,
    members: members.length,
    maintained: outcomes.filter((o) => o.status === "fulfilled").length,
    failed,
    deferred: outcomes.filter((o) => o.status === "skipped").length,
    keysChecked: verdicts.length,
    keysWithinPolicy: verdicts.filter((v) => v).length,
  };
  for (const failure of failed) {
    deps.logger.error("fleet: maintenance of a member failed", failure);
  }
  publish(deps.fleetName, report);
  deps.logger.info("fleet: maintenance run done", { fleetReport: report });
  return report;
}

/** Never-attempted members first, then the longest-unattended; by name among equals, so runs are repeatable. */
export function orderForMaintenance(
  members: readonly TaggedSecretSummary[],
): TaggedSecretSummary[] {
  const at = (m: TaggedSecretSummary): number => {
    const time = Date.parse(m.tags[MAINTAINED_TAG] ?? "");
    return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
  };
  return [...members].sort((a, b) => at(a) - at(b) || a.name.localeCompare(b.name));
}

/**
 * Whether the member's key keeps to the key policy, judged on the state its
 * maintenance run read last (no extra call); `undefined` when there is none.
 */
async function withinPolicy(
  ctx: MaintenanceContext | undefined,
  at: Date,
): Promise<boolean | undefined> {
  if (ctx === undefined) return undefined;
  try {
    const { description, current } = await ctx.state();
    return checkKeyPolicy(
      {
        currentKeyId: current?.keyId,
        createdAt: current?.createdAt,
        expiresAt: current?.expiresAt,
        rotationEnabled: description.rotationEnabled,
        nextRotationDate: description.nextRotationDate,
      },
      DEFAULT_MAX_KEY_AGE_DAYS,
      at.getTime(),
    ).compliant;
  } catch {
    return undefined; // the run's own failure is reported with the member's name
  }
}

/** Writes the attempt time; a failure to write it is logged, not thrown (the member is merely retried first next run). */
async function recordAttempt(
  store: SecretsStore,
  member: TaggedSecretSummary,
  at: Date,
  logger: Logger,
): Promise<void> {
  try {
    await store.tag(member.arn, { [MAINTAINED_TAG]: at.toISOString() });
  } catch (error) {
    logger.warn("fleet: could not record the maintenance attempt", {
      error: describeError(error),
    });
  }
}

function errorText(error: unknown): string {
  const { name, message } = describeError(error);
  return `${String(name)}: ${String(message)}`;
}

function publish(fleetName: string, report: FleetMaintenanceReport): void {
  const values: [string, number][] = [
    [FleetMetrics.MembersMaintained, report.maintained],
    [FleetMetrics.MemberMaintenanceFailed, report.failed.length],
    [FleetMetrics.MembersDeferred, report.deferred],
    [FleetMetrics.KeysChecked, report.keysChecked],
    [FleetMetrics.KeysWithinPolicy, report.keysWithinPolicy],
  ];
  for (const [name, value] of values) {
    const single = metrics.singleMetric();
    single.addDimensions({ [MetricDimensions.Fleet]: fleetName });
    single.addMetric(name, MetricUnit.Count, value);
  }
}
