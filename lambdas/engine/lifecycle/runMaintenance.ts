import { parseMaintenanceEvent } from "../../contract/events";
import { describeError } from "../core/describeError";
import { logger } from "../core/observability";
import { getRuntime } from "../core/runtime";
import { createMaintenanceContext, runMaintenanceAction } from "./maintain";

/** Runs one maintenance action (`{"action": …}`) and returns its report. */
export async function runMaintenance(event: unknown): Promise<unknown> {
  const started = performance.now();
  let action = "unknown";
  try {
    const parsed = parseMaintenanceEvent(event);
    action = parsed.action;
    logger.appendKeys({ action });
    const { config, store, adapter } = getRuntime();
    const ctx = createMaintenanceContext({ store, adapter, config, logger });
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
