import type { Logger } from "@aws-lambda-powertools/logger";
import type { VendorAdapter, VendorKey } from "../../vendors/kit/adapter";
import type { RotationConfig } from "../../contract/config";
import { ConfigEnv } from "../../contract/config";
import { ConfigurationError } from "../../contract/errors";
import type { MaintenanceEvent } from "../../contract/events";
import type { SecretsStore } from "../core/secretsStore";
import type { MaintenanceContext } from "./maintenanceContext";
import { readSecretState, type SecretState } from "./secretState";
import { runLifecycle, type LifecycleReport } from "./lifecycle";
import { runMonitor, type MonitorReport } from "./monitor";
import { runCanaryCheck, type CanaryReport } from "./canaryCheck";
import { revokePreviousKey } from "./revokePrevious";
import { autoRollback, rollback } from "./rollback";
import { maintainAtDeploy } from "./deployRun";
import { status } from "./status";

/** Builds the per-run context: state and the vendor key list are read once and shared. */
export function createMaintenanceContext(deps: {
  readonly store: SecretsStore;
  readonly adapter: VendorAdapter;
  readonly config: RotationConfig;
  readonly logger: Logger;
  readonly now?: () => Date;
}): MaintenanceContext {
  const secretArn = deps.config.secretArn;
  if (secretArn === undefined) {
    throw new ConfigurationError(
      `${ConfigEnv.secretArn} is required for maintenance events: set it to the ARN of the secret this function rotates.`,
      [`${ConfigEnv.secretArn} is required for maintenance events`],
    );
  }
  let state: Promise<SecretState> | undefined;
  let keys: Promise<readonly VendorKey[]> | undefined;
  return {
    secretArn,
    secretId: secretArn,
    store: deps.store,
    adapter: deps.adapter,
    config: deps.config,
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    state: () => (state ??= readSecretState(deps.store, secretArn)),
    vendorKeys: () => (keys ??= deps.adapter.listKeys()),
    refresh: () => {
      state = undefined;
      keys = undefined;
    },
  };
}

/** Runs one maintenance action and returns its report (ids, times and decisions only). */
export async function runMaintenanceAction(
  event: MaintenanceEvent,
  ctx: MaintenanceContext,
): Promise<unknown> {
  const trigger = event.requestedBy === undefined ? "operator" : `cli:${event.requestedBy}`;
  switch (event.action) {
    case "maintain":
      return event.deploy === true ? maintainAtDeploy(ctx, maintain) : maintain(ctx);
    case "status":
      return status(ctx);
    case "revokePrevious":
      return revokePreviousKey(ctx, {
        mode: "operator",
        trigger,
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        ...(event.force === undefined ? {} : { force: event.force }),
      });
    case "rollback":
      return rollback(ctx, {
        trigger,
        ...(event.reason === undefined ? {} : { reason: event.reason }),
      });
    case "autoRollback":
      return autoRollback(ctx, event.alarmName ?? "unknown alarm");
  }
}

/**
 * The scheduled run: lifecycle first (revocation, repairs), then the monitor,
 * on fresh state so its gauges show the result. The monitor runs even when
 * the lifecycle fails, so a broken vendor does not also blind the alarms; the
 * lifecycle's error is rethrown afterwards (the function's error alarm fires).
 */
export async function maintain(
  ctx: MaintenanceContext,
  onLifecycleFailure: (error: unknown, monitor: MonitorReport) => MaintainReport = (error) => {
    throw error;
  },
): Promise<MaintainReport> {
  let lifecycle: LifecycleReport | undefined;
  let failure: unknown;
  try {
    lifecycle = await runLifecycle(ctx);
  } catch (error) {
    failure = error;
  }
  ctx.refresh();
  const monitor = await runMonitor(ctx);
  const canary = await runCanaryCheck(ctx);
  if (lifecycle === undefined) return onLifecycleFailure(failure, monitor);
  return { lifecycle, monitor, ...(canary === undefined ? {} : { canary }) };
}

/** What a maintenance run returns: both reports, or (at deploy) the monitor's and why the rest waits. */
export interface MaintainReport {
  readonly lifecycle?: LifecycleReport;
  readonly monitor?: MonitorReport;
  /** For a canary key: whether the vendor reported a use of it. */
  readonly canary?: CanaryReport;
  /** At deploy only: the transient failure that left the rest to the next scheduled run. */
  readonly deferred?: string;
}
