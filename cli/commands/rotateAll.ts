import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { VENDOR_TAG } from "../../lambdas/contract/managedSecrets";
import type { EmergencyMode } from "../../lambdas/contract/secretTags";
import type { Clients } from "../clients";
import { CliError, describeCliError } from "../errors";
import { countRetries } from "../fleet/attemptCounter";
import type { Confirm } from "../fleet/confirm";
import {
  countOutcomes,
  forEachBounded,
  type FleetItem,
  type FleetRun,
  type Progress,
} from "../fleet/fleetRun";
import { DEFAULT_MAX_RATE, paceClients } from "../fleet/requestPacer";
import { defaultStatePath, openRunState, saveRunState } from "../fleet/runState";
import {
  describeFilters,
  listManagedSecrets,
  type FleetFilters,
  type ManagedSecret,
} from "../fleet/selectSecrets";
import { checkRotateOptions, failedStep, startRotation } from "./rotate";

export interface RotateAllOptions {
  readonly filters: FleetFilters;
  readonly emergency?: boolean;
  readonly reason?: string;
  readonly revokeFirst?: boolean;
  readonly requestedBy: string;
  /** Rotations in flight at once. */
  readonly concurrency: number;
  /**
   * The most `RotateSecret` (and `TagResource`) requests per second the run
   * sends; it slows down on throttles and climbs back to this.
   * @default DEFAULT_MAX_RATE
   */
  readonly maxRate?: number;
  /** Follow every rotation until its version is `AWSCURRENT`. */
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly dryRun: boolean;
  /** Skip the confirmation. */
  readonly yes: boolean;
  /** The run's state file. @default defaultStatePath(run) */
  readonly statePath?: string;
  /** Ignore an unfinished earlier run of the same command. */
  readonly fresh: boolean;
  readonly confirm: Confirm;
  readonly progress: Progress;
}

/** How often an unfinished rotation is looked at while waiting. */
const POLL_MS = 1000;

/**
 * `rotate --all`: starts a rotation of every managed secret the filters
 * select, each one exactly as `rotate <secret>` does (`startRotation`: the
 * request tags bound to the rotation's token, then `RotateSecret`, without a
 * second `DescribeSecret`: the listing has the ARN and function), with at
 * most `concurrency` in flight, each write quota paced at `maxRate` (AIMD on
 * throttles) and the adaptive clients' retries as the safety net. Every
 * token is recorded in the run's state, in one atomic write, before the first
 * call, so a re-run skips what is done or running and retries only what never
 * started (its token has no version) or failed.
 */
export async function rotateAll(clients: Clients, options: RotateAllOptions): Promise<FleetRun> {
  checkRotateOptions(options);
  const emergency = options.emergency === true;
  const mode: EmergencyMode | undefined = emergency
    ? options.revokeFirst
      ? "revoke-first"
      : "replace-then-revoke"
    : undefined;
  const selection = describeFilters(options.filters);
  const selected = await listManagedSecrets(clients.secrets, options.filters);
  if (selected.length === 0) throw new CliError(`no managed secret matches (${selection}).`);
  let runStarted = Date.now();
  const base = {
    operation: "rotate" as const,
    emergency,
    ...(mode === undefined ? {} : { mode }),
    selection,
  };
  if (options.dryRun) {
    const items = selected.map((s) => planned(s));
    return {
      ...base,
      startedAt: new Date(runStarted).toISOString(),
      dryRun: true,
      durationMs: 0,
      retries: 0,
      counts: countOutcomes(items),
      secrets: items,
    };
  }
  const what = emergency ? `emergency-rotate (${mode})` : "rotate";
  if (
    !options.yes &&
    !(await options.confirm(`${what} ${selected.length} secret(s): ${selection}?`))
  ) {
    throw new CliError("not confirmed: nothing was rotated.");
  }
  const run = JSON.stringify({
    command: "rotate --all",
    mode: mode ?? "scheduled",
    selection,
    at: accountOf(selected),
  });
  const statePath = options.statePath ?? defaultStatePath(run);
  const state = openRunState(statePath, run, options.fresh);
  saveRunState(statePath, state);

  const items = new Map<string, FleetItem>();
  const todo: ManagedSecret[] = [];
  for (const secret of selected) {
    const item: FleetItem = {
      secret: secret.name,
      vendor: vendorTag(secret),
      outcome: "skipped",
      detail: "",
    };
    items.set(secret.arn, item);
    const earlier = state.tokens[secret.arn];
    const stages = earlier === undefined ? [] : (secret.versionIdsToStages[earlier.token] ?? []);
    if (earlier !== undefined && stages.length > 0) {
      item.token = earlier.token;
      item.outcome = stages.includes("AWSPENDING") ? "started" : "rotated";
      item.detail = `started by an earlier run at ${earlier.at}`;
      if (item.outcome === "started") item.startedMs = 0;
    } else {
      todo.push(secret);
    }
  }
  // One write before any call, not one per secret: a token recorded for a
  // call that never happened has no version, so a re-run rotates that secret.
  const tokens = new Map<string, string>();
  const assignedAt = new Date().toISOString();
  for (const secret of todo) {
    const token = randomUUID();
    tokens.set(secret.arn, token);
    state.tokens[secret.arn] = { token, at: assignedAt };
  }
  if (todo.length > 0) saveRunState(statePath, state);

  // Timings run from the first request, not from the listing or the prompt.
  runStarted = Date.now();
  const writeClients = [clients.quotaScoped.rotating, clients.quotaScoped.tagging];
  const retries = countRetries(writeClients);
  const pacing = paceClients(writeClients, { maxRate: options.maxRate ?? DEFAULT_MAX_RATE });
  const startTimes: number[] = [];
  let failed = 0;
  const tick = () =>
    options.progress.update(
      `${what}: ${startTimes.length}/${todo.length} started${failed ? `, ${failed} failed` : ""}` +
        (retries.retries ? `, ${retries.retries} throttled call(s) retried` : ""),
    );
  try {
    await forEachBounded(todo, options.concurrency, async (secret) => {
      const item = items.get(secret.arn) as FleetItem;
      const token = tokens.get(secret.arn) as string;
      try {
        await startRotation(
          clients,
          secret.arn,
          {
            ...(emergency ? { emergency: true, reason: options.reason ?? "" } : {}),
            ...(options.revokeFirst ? { revokeFirst: true } : {}),
            requestedBy: options.requestedBy,
          },
          token,
          secret.functionArn === "" ? undefined : secret,
        );
        item.outcome = "started";
        item.token = token;
        item.startedMs = Date.now() - runStarted;
        item.detail = "RotateSecret accepted";
        startTimes.push(Date.now());
      } catch (error) {
        item.outcome = "failed";
        item.detail = describeCliError(error);
        failed += 1;
      }
      tick();
    });
  } finally {
    pacing.stop();
    retries.stop();
  }
  const startRatePerSecond = ratePerSecond(startTimes, runStarted);
  if (options.wait) await followAll(clients, selected, items, runStarted, options);
  const list = selected.map((s) => items.get(s.arn) as FleetItem);
  const contained =
    emergency && options.wait && list.every((i) => i.outcome === "rotated")
      ? Math.max(0, ...list.map((i) => i.finishedMs ?? 0))
      : undefined;
  if (list.every((i) => i.outcome !== "failed")) {
    state.completedAt = new Date().toISOString();
    saveRunState(statePath, state);
  }
  return {
    ...base,
    startedAt: new Date(runStarted).toISOString(),
    dryRun: false,
    durationMs: Date.now() - runStarted,
    ...(startRatePerSecond === undefined ? {} : { startRatePerSecond }),
    ...(contained === undefined ? {} : { timeToContainMs: contained }),
    retries: retries.retries,
    counts: countOutcomes(list),
    stateFile: statePath,
    secrets: list,
  };
}

/**
 * Follows every started rotation until its version is `AWSCURRENT` with no
 * `AWSPENDING` left (for an emergency: the old key is revoked by then), or
 * the timeout; then asks the function's logs why each unfinished one is
 * stuck. Reads only (`DescribeSecret`'s quota is in the thousands per second).
 */
async function followAll(
  clients: Clients,
  selected: readonly ManagedSecret[],
  items: Map<string, FleetItem>,
  runStarted: number,
  options: RotateAllOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let open = selected.filter((s) => items.get(s.arn)?.outcome === "started");
  const total = open.length;
  while (open.length > 0 && Date.now() <= deadline) {
    options.progress.update(`waiting: ${total - open.length}/${total} rotations finished`);
    await forEachBounded(open, options.concurrency, async (secret) => {
      const item = items.get(secret.arn) as FleetItem;
      const d = await clients.secrets.send(new DescribeSecretCommand({ SecretId: secret.arn }));
      const stages = d.VersionIdsToStages?.[item.token ?? ""] ?? [];
      if (stages.includes("AWSCURRENT") && !stages.includes("AWSPENDING")) {
        item.outcome = "rotated";
        item.finishedMs = Date.now() - runStarted;
        item.detail = options.emergency
          ? "AWSCURRENT; the previous key is revoked"
          : "AWSCURRENT; the previous key stays valid for the overlap window";
      }
    });
    open = open.filter((s) => items.get(s.arn)?.outcome === "started");
    if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await forEachBounded(open, options.concurrency, async (secret) => {
    const item = items.get(secret.arn) as FleetItem;
    const failure = await failedStep(
      clients,
      secret.functionArn,
      item.token ?? "",
      runStarted - 60_000,
    );
    item.outcome = "failed";
    item.detail =
      failure === undefined
        ? `did not finish within ${options.timeoutSeconds} s; it may still complete`
        : `rotation failed: ${failure} Secrets Manager will retry it with the same version.`;
  });
}

function planned(secret: ManagedSecret): FleetItem {
  const pending = Object.entries(secret.versionIdsToStages).find(
    ([, stages]) => stages.includes("AWSPENDING") && !stages.includes("AWSCURRENT"),
  );
  return {
    secret: secret.name,
    vendor: vendorTag(secret),
    outcome: "would-rotate",
    detail:
      pending === undefined
        ? `last rotated ${secret.lastRotatedDate?.toISOString() ?? "never"}`
        : `a rotation is in progress (version ${pending[0]}): RotateSecret would be refused`,
  };
}

function vendorTag(secret: ManagedSecret): string {
  return secret.tags[VENDOR_TAG] ?? "-";
}

/** `arn:aws:secretsmanager:<region>:<account>` of the listing: a run is per account and region. */
function accountOf(selected: readonly ManagedSecret[]): string {
  return (selected[0]?.arn ?? "").split(":").slice(0, 5).join(":");
}

function ratePerSecond(times: readonly number[], runStarted: number): number | undefined {
  if (times.length === 0) return undefined;
  const seconds = (Math.max(...times) - runStarted) / 1000;
  return seconds <= 0 ? undefined : Math.round((times.length / seconds) * 10) / 10;
}
