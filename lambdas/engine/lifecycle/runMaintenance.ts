import { ConfigEnv, type RotationConfig } from "../../contract/config";
import { InvalidEventError } from "../../contract/errors";
import { parseMaintenanceEvent, type MaintenanceEvent } from "../../contract/events";
import { fleetConcurrency } from "../../contract/fleet";
import { describeError } from "../core/describeError";
import { logger } from "../core/observability";
import { getRuntime, type Runtime } from "../core/runtime";
import { maintainFleet } from "./fleetMaintenance";
import { createMaintenanceContext, runMaintenanceAction } from "./maintain";

/**
 * Runs one maintenance action (`{"action": …}`) and returns its report. A
 * fleet function runs the scheduled `maintain` over every member; any other
 * action (or `maintain` of one member) names its secret in `secretId`.
 */
export async function runMaintenance(event: unknown): Promise<unknown> {
  const started = performance.now();
  let action = "unknown";
  try {
    const parsed = parseMaintenanceEvent(event);
    action = parsed.action;
    logger.appendKeys({ action });
    const runtime = getRuntime();
    const { config, store, adapter, configFor } = runtime;
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
    const secretConfig = await configForEvent(parsed, runtime);
    const ctx = createMaintenanceContext({ store, adapter, config: secretConfig, logger });
    const report = await runMaintenanceAction(parsed, ctx);
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
async function configForEvent(event: MaintenanceEvent, runtime: Runtime): Promise<RotationConfig> {
  if (event.secretId === undefined) return runtime.config;
  const description = await runtime.store.describe(event.secretId);
  if (runtime.config.fleetName === undefined && description.arn !== runtime.config.secretArn) {
    throw new InvalidEventError(
      `\`secretId\` ${description.name} is not the secret this function rotates (${ConfigEnv.secretArn}); invoke that secret's own function.`,
    );
  }
  return runtime.configFor(description);
}
