import type fc from "fast-check";
import { captureOutput } from "../../captureOutput";
import { STEPS, type RotationOutcome } from "../../orchestrator";
import { checkAfterCommand, NO_EFFECTS, stagesLine, type CommandEffects } from "../modelChecks";
import type { ModelConsumer } from "../modelConsumer";
import { armFault, clearFaults, describeFault, isLossy, type Fault } from "../modelFaults";
import { observe, takeSnapshot, type LifecycleModel } from "../modelState";
import type { ModelWorld } from "../modelWorld";

/** The real system a command runs against. */
export interface ModelReal {
  readonly mw: ModelWorld;
  readonly consumer: ModelConsumer;
  readonly scheduler: fc.Scheduler;
  /** Counts commands run (for the soak figures). */
  readonly stats: { commands: number };
}

/** A broken invariant, with the commands that led to it. */
export class ModelViolation extends Error {
  public constructor(
    public readonly problems: readonly string[],
    public readonly history: readonly string[],
  ) {
    super(
      `${problems.length} invariant violation(s):\n  - ${problems.join("\n  - ")}\nHistory:\n  ${history.join("\n  ")}`,
    );
    this.name = "ModelViolation";
  }
}

/** What a command body reports back. */
export interface BodyResult extends Partial<CommandEffects> {
  readonly note: string;
}

/**
 * Runs one command: snapshot, the body, faults disarmed, snapshot, the model
 * brought up to date, the consumer's call, then every check; throws a
 * {@link ModelViolation} listing what broke.
 */
export async function execute(
  model: LifecycleModel,
  real: ModelReal,
  name: string,
  body: () => Promise<BodyResult>,
): Promise<void> {
  real.stats.commands += 1;
  const { mw } = real;
  const before = await takeSnapshot(mw);
  // What the test process itself prints joins the workers' output in the leak scan.
  const printed = captureOutput({ passThrough: true });
  let result: BodyResult;
  try {
    result = await body();
  } finally {
    printed.restore();
    mw.output.push(printed.text());
    clearFaults(mw);
    mw.setGate(undefined);
  }
  const after = await takeSnapshot(mw);
  const left = model.current;
  observe(model, before, after);
  if (result.rollback === true && left !== undefined && model.current !== left)
    model.rolledBackFrom.add(left);
  const consumer = model.firstKey ? await real.consumer.call() : undefined;
  model.history.push(`${name}: ${result.note} → ${stagesLine(after)}`);
  const effects = { ...NO_EFFECTS, ...result };
  const problems = await checkAfterCommand(mw, model, before, after, effects, consumer);
  if (problems.length > 0) throw new ModelViolation(problems, model.history);
}

/** A rotation outcome in a few words. */
export function summary(outcome: RotationOutcome): string {
  if (outcome.ok) return `ok (${outcome.steps.map((s) => s.step).join(",")})`;
  const killed = (outcome.error as { killed?: string } | undefined)?.killed;
  return `${outcome.failedStep ?? "?"} failed${killed ? ` (${killed})` : ""}: ${(outcome.error?.message ?? "").slice(0, 160)}`;
}

/** The invocations of an outcome that overran their budget. */
export function overran(outcomes: readonly RotationOutcome[]): string[] {
  return outcomes
    .filter((o) => (o.error as { killed?: string } | undefined)?.killed === "timeout")
    .map((o) => `${o.failedStep ?? "a step"} of token ${o.token}`);
}

/** Runs `steps` for `token` with `fault` armed, as Secrets Manager invokes them. */
export async function runSteps(
  model: LifecycleModel,
  real: ModelReal,
  token: string,
  fault: Fault,
  steps: readonly string[] = STEPS,
): Promise<RotationOutcome> {
  if (isLossy(fault)) model.lossyTokens.add(token);
  armFault(real.mw, fault);
  const outcome = await real.mw.orchestrator.runSteps(real.mw.world.secretArn, token, steps);
  const killed = (outcome.error as { killed?: string } | undefined)?.killed;
  if (killed !== undefined && outcome.failedStep !== undefined)
    model.lastKilled = { token, step: outcome.failedStep };
  return outcome;
}

/** Arms `fault` (for `token`'s attempts), then runs `work`. */
export function armThen<T>(
  model: LifecycleModel,
  real: ModelReal,
  token: string | undefined,
  fault: Fault,
  work: () => Promise<T>,
): Promise<T> {
  if (token !== undefined && isLossy(fault)) model.lossyTokens.add(token);
  armFault(real.mw, fault);
  return work();
}

/** `RotateSecret` through the orchestrator; the pending token when a previous rotation isn't complete. */
export async function beginRotation(
  model: LifecycleModel,
  real: ModelReal,
  options: Parameters<ModelReal["mw"]["orchestrator"]["begin"]>[1] = {},
): Promise<{ token: string; reattempt: boolean }> {
  try {
    const token = await real.mw.orchestrator.begin(real.mw.world.secretArn, options);
    real.mw.versions.note(token, Date.now());
    return { token, reattempt: false };
  } catch (error) {
    if (model.pending === undefined) throw error;
    return { token: model.pending, reattempt: true };
  }
}

/**
 * Runs `tasks` at once with every vendor and Secrets Manager answer held
 * until the fast-check scheduler releases it, so the scheduler picks the
 * order in which the concurrent invocations see their answers.
 */
export async function interleave<T>(
  real: ModelReal,
  tasks: ReadonlyArray<() => Promise<T>>,
): Promise<Array<PromiseSettledResult<T>>> {
  const s = real.scheduler;
  real.mw.setGate(async (label) => {
    await s.schedule(Promise.resolve(label), label);
  });
  let running = tasks.length;
  const all = Promise.allSettled(
    tasks.map((task) =>
      task().finally(() => {
        running -= 1;
      }),
    ),
  );
  let done = false;
  void all.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    // Give every running invocation a moment to reach its next external call.
    for (let waited = 0; waited < 15 && s.count() < running && !done; waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 1));
    if (s.count() > 0) await s.waitNext(1);
    else await new Promise((resolve) => setTimeout(resolve, 1));
  }
  real.mw.setGate(undefined);
  while (s.count() > 0) await s.waitNext(1);
  return all;
}

export { describeFault };
