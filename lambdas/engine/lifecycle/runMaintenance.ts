import {
  RETIRE_ACTION,
  isRetireEvent,
  parseMaintenanceEvent,
  parseRetireEvent,
} from "../../contract/events";
import { describeError } from "../core/describeError";
import { logger } from "../core/observability";
import { getRuntime } from "../core/runtime";
import { createMaintenanceContext, runMaintenanceAction } from "./maintain";
import type { MaintenanceContext } from "./maintenanceContext";
import { retire } from "./retire";

/** Runs one maintenance action (`{"action": …}`) and returns its report. */
export async function runMaintenance(event: unknown): Promise<unknown> {
  const started = performance.now();
  let action = "unknown";
  try {
    // `retire` has its own shape (the destroy-time invocation's) and is never a maintenance action.
    let run: (ctx: MaintenanceContext) => Promise<unknown>;
    if (isRetireEvent(event)) {
      const order = parseRetireEvent(event);
      action = RETIRE_ACTION;
      run = (ctx) => retire(ctx, order);
    } else {
      const parsed = parseMaintenanceEvent(event);
      action = parsed.action;
      run = (ctx) => runMaintenanceAction(parsed, ctx);
    }
    logger.appendKeys({ action });
    const { config, store, adapter } = getRuntime();
    const report = await run(createMaintenanceContext({ store, adapter, config, logger }));
    logger.info(`${action} done`, { durationMs: Math.round(performance.now() - started) });
    return report;
  } catch (error) {
    logger.error(`${action} failed`, { error: describeError(error) });
    throw error;
  } finally {
    logger.removeKeys(["action"]);
  }
}
