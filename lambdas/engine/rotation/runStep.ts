import { parseRotationEvent, type RotationStep } from "../../contract/events";
import { presentRequestTags } from "../../contract/secretTags";
import { describeError } from "../core/describeError";
import { PlaybookMetrics } from "../../contract/metricNames";
import { logger, recordPlaybookCount, recordStep } from "../core/observability";
import { getRuntime } from "../core/runtime";
import { createSecret } from "./createSecret";
import { entryCheck } from "./entryChecks";
import { finishSecret } from "./finishSecret";
import { setSecret } from "./setSecret";
import type { StepContext } from "./stepContext";
import { testSecret } from "./testSecret";

const STEPS: Record<RotationStep, (ctx: StepContext) => Promise<void>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};

/**
 * Runs one Secrets Manager rotation step: parses the event, makes AWS's entry
 * checks, runs the step, and records its outcome and duration.
 */
export async function runRotationStep(event: unknown, remainingMs: () => number): Promise<void> {
  const started = performance.now();
  let secretName =
    typeof (event as { SecretId?: unknown })?.SecretId === "string"
      ? (event as { SecretId: string }).SecretId
      : "unknown";
  let step =
    typeof (event as { Step?: unknown })?.Step === "string"
      ? String((event as { Step: string }).Step).slice(0, 40)
      : "unknown";
  try {
    const parsed = parseRotationEvent(event);
    step = parsed.Step;
    logger.appendKeys({ step, secretId: parsed.SecretId, token: parsed.ClientRequestToken });
    const { store, adapter, configFor } = getRuntime();
    const description = await store.describe(parsed.SecretId);
    secretName = description.name;
    const config = configFor(description);
    const entry = entryCheck(description, parsed.ClientRequestToken, step);
    const unfinishedRequest = step === "finishSecret" && presentRequestTags(description).length > 0;
    if (entry === "done" && !unfinishedRequest) {
      logger.info(`${step}: version is already AWSCURRENT; nothing to do`);
    } else {
      await STEPS[parsed.Step]({
        secretId: description.arn,
        token: parsed.ClientRequestToken,
        ...(parsed.RotationToken === undefined ? {} : { rotationToken: parsed.RotationToken }),
        description,
        store,
        adapter,
        config,
        logger,
        remainingMs,
        now: () => new Date(),
      });
    }
    recordStep(secretName, step, true, performance.now() - started);
    logger.info(`${step} succeeded`, { durationMs: Math.round(performance.now() - started) });
  } catch (error) {
    recordStep(secretName, step, false, performance.now() - started);
    recordPlaybookCount(secretName, PlaybookMetrics.RotationFailed);
    logger.error(`${step} failed`, { error: describeError(error) });
    throw error;
  } finally {
    logger.removeKeys(["step", "secretId", "token"]);
  }
}
