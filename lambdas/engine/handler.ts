import type { Context } from "aws-lambda";
import { lambdaDeadline, runWithDeadline } from "../contract/deadline";
import { isMaintenanceEvent } from "../contract/events";
import { maskError } from "../contract/secretMask";
import { runRotationStep } from "./rotation/runStep";

/**
 * Maintenance code is loaded only for maintenance events: esbuild turns this
 * `require` into a lazy initialiser, so a rotation step's cold start never
 * evaluates it (see vendors/registry.ts for the same trick).
 */
function maintenanceModule(): typeof import("./lifecycle/runMaintenance") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose
  return require("./lifecycle/runMaintenance") as typeof import("./lifecycle/runMaintenance");
}

/** The time a caller without a Lambda context (tests, the drill) gives an invocation. */
const DEFAULT_REMAINING_MS = 60_000;

/**
 * The rotation Lambda's entry point: one Secrets Manager rotation step per
 * invocation, or a maintenance action (`{"action": ...}`: the scheduled run,
 * an operator's CLI request, the 401-alarm auto-rollback, the component's
 * destroy-time `retire`). It only
 * dispatches, under the invocation's deadline, and masks what it throws.
 */
export async function handler(
  event: unknown,
  context?: Pick<Context, "getRemainingTimeInMillis">,
): Promise<unknown> {
  const remainingMs = () => context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
  try {
    return await runWithDeadline(lambdaDeadline(remainingMs()), async () => {
      if (isMaintenanceEvent(event)) return maintenanceModule().runMaintenance(event);
      await runRotationStep(event, remainingMs);
      return undefined;
    });
  } catch (error) {
    // Last line of defence: no key or credential this invocation saw leaves in an error.
    throw maskError(error);
  }
}
