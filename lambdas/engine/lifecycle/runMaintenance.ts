import { ConfigEnv, type RotationConfig } from "../../contract/config";
import { InvalidEventError } from "../../contract/errors";
import {
  RETIRE_ACTION,
  isRetireEvent,
  parseMaintenanceEvent,
  parseRetireEvent,
  type MaintenanceEvent,
} from "../../contract/events";
import { fleetConcurrency } from "../../contract/fleet";
import { describeError } from "../core/describeError";
import { logger } from "../core/observability";
import { getRuntime, type Runtime } from "../core/runtime";
import { maintainFleet } from "./fleetMaintenance";
import { createMaintenanceContext, runMaintenanceAction } from "./maintain";
import type { MaintenanceContext } from "./maintenanceContext";
import { retire, retireOfNonMember } from "./retire";

/**
 * Runs one maintenance action (`{"action": …}`) and returns its report. A
 * fleet function runs the scheduled `maintain` over every member; any other
 * action (or `maintain` of one member) names its secret in `secretId`.
 */
export async function runMaintenance(event: unknown): Promise<unknown> {
  const started = performance.now();
  let action = "unknown";
  try {
    const runtime = getRuntime();
    const { config, store, adapter, configFor } = runtime;
    // `retire` has its own shape (the destroy-time invocation's) and is never a maintenance action.
    let run: (ctx: MaintenanceContext) => Promise<unknown>;
    let secretId: string | undefined;
    if (isRetireEvent(event)) {
      const order = parseRetireEvent(event);
      action = RETIRE_ACTION;
      logger.appendKeys({ action });
      run = (ctx) => retire(ctx, order);
      // A fleet function retires the member the order names; a key's own function checks it is its secret.
      if (config.fleetName !== undefined) {
        const skipped = await retireOfNonMember(store, config.fleetName, order);
        if (skipped !== undefined) {
          logger.warn(`${action}: nothing revoked`, {
            secretId: order.secretArn,
            reason: skipped.reason,
          });
          return skipped;
        }
        secretId = order.secretArn;
      }
    } else {
      const parsed = parseMaintenanceEvent(event);
      action = parsed.action;
      logger.appendKeys({ action });
      if (config.fleetName !== undefined && parsed.secretId === undefined) {
        if (parsed.action !== "maintain") {
          throw new InvalidEventError(
            `\`secretId\` is required for \`${parsed.action}\`: fleet ${config.fleetName} serves many secrets; name the one to act on.`,
          );
        }
        const report = await maintainFleet({
          fleetName: config.fleetName,
          store,
          adapter,
          configFor,
          concurrency: fleetConcurrency(process.env),
          logger,
        });
        logger.info(`${action} done`, { durationMs: Math.round(performance.now() - started) });
        return report;
      }
      secretId = parsed.secretId;
      run = (ctx) => runMaintenanceAction(parsed, ctx);
    }
    const secretConfig = await configForEvent(secretId, runtime);
    const report = await run(
      createMaintenanceContext({ store, adapter, config: secretConfig, logger }),
    );
    logger.info(`${action} done`, { durationMs: Math.round(performance.now() - started) });
    return report;
  } catch (error) {
    logger.error(`${action} failed`, { error: describeError(error) });
    throw error;
  } finally {
    logger.removeKeys(["action"]);
  }
}

/** The configuration of the secret the event names: a fleet member's own, or this function's (which must be that secret). */
async function configForEvent(
  secretId: MaintenanceEvent["secretId"],
  runtime: Runtime,
): Promise<RotationConfig> {
  if (secretId === undefined) return runtime.config;
  const description = await runtime.store.describe(secretId);
  if (runtime.config.fleetName === undefined && description.arn !== runtime.config.secretArn) {
    throw new InvalidEventError(
      `\`secretId\` ${description.name} is not the secret this function rotates (${ConfigEnv.secretArn}); invoke that secret's own function.`,
    );
  }
  return runtime.configFor(description);
}
