import fc from "fast-check";
import type { ModelReal } from "./commands/commandBase";
import { ModelConsumer } from "./modelConsumer";
import { emptyModel, type LifecycleModel } from "./modelState";
import { createModelWorld, modelWorkers, type ModelWorldOptions } from "./modelWorld";
import type { OffsetClock } from "./offsetClock";

/** What a fixed sequence ended with. */
export interface ScenarioResult {
  /** The violation, or undefined when every check held after every command. */
  readonly violation: string | undefined;
  readonly history: readonly string[];
}

/**
 * Runs one fixed command sequence through the same world, commands and
 * checks as the random model: a readable regression test for a defect the
 * model once found (or could find), with a seeded scheduler for its
 * concurrent commands.
 */
export async function runScenario(
  clock: OffsetClock,
  commands: ReadonlyArray<fc.AsyncCommand<LifecycleModel, ModelReal>>,
  seed = 1,
  options: ModelWorldOptions = {},
): Promise<ScenarioResult> {
  const workers = modelWorkers(clock);
  const mw = await createModelWorld("scenario", clock, workers, options);
  const model = emptyModel();
  const consumer = new ModelConsumer(mw, model);
  const [scheduler] = fc.sample(fc.scheduler(), { seed, numRuns: 1 });
  const stats = { commands: 0 };
  try {
    await fc.asyncModelRun(
      () => ({ model, real: { mw, consumer, scheduler: scheduler as fc.Scheduler, stats } }),
      commands,
    );
    return { violation: undefined, history: model.history };
  } catch (error) {
    return {
      violation: error instanceof Error ? error.message : String(error),
      history: model.history,
    };
  } finally {
    if (process.env.MODEL_VERBOSE === "1")
      process.stderr.write(`scenario:\n  ${model.history.join("\n  ")}\n`);
    consumer.close();
    await mw.stop();
    await workers.close();
  }
}
