import fc from "fast-check";
import { INVOCATION_LIFECYCLE_KEY, retireInput } from "../../../lambdas/contract/events";
import { faultArb, type Fault } from "../modelFaults";
import type { LifecycleModel } from "../modelState";
import { armThen, describeFault, execute, ModelViolation, type ModelReal } from "./commandBase";

type Command = fc.AsyncCommand<LifecycleModel, ModelReal>;

/**
 * Commands a sequence runs before `pulumi destroy` may come: the key has had
 * a life first. Retire ends the component's life, so every other command is
 * off once it has run (see {@link untilRetired}).
 */
export const RETIRE_AFTER_COMMANDS = 6;

/**
 * `pulumi destroy`: the component's aws.lambda.Invocation is deleted, so the
 * function gets `{"action":"retire", …, "tf":{"action":"delete"}}`, with a
 * fault armed (a crash or vendor failure part-way stops the destroy, and the
 * next Retire is its rerun). From the first attempt on the model expects the
 * component to be going away; once one succeeds, no key of ours is live (the
 * checks' `retired` rule), and a further Retire must change nothing.
 */
export class Retire implements Command {
  /** @param after Commands the key's life must have had first (the final retire of a sequence takes 1). */
  public constructor(
    private readonly fault: Fault,
    private readonly after = RETIRE_AFTER_COMMANDS,
  ) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.history.length >= this.after;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const wasRetired = m.retired;
      const before = statuses(r);
      const input = retireInput(r.mw.world.secretArn);
      const outcome = await armThen(m, r, undefined, this.fault, () =>
        r.mw.action({
          ...input,
          [INVOCATION_LIFECYCLE_KEY]: { action: "delete", prev_input: input },
        }),
      );
      m.retiring = true;
      if (outcome.ok) m.retired = true;
      const after = statuses(r);
      if (wasRetired && JSON.stringify(before) !== JSON.stringify(after)) {
        throw new ModelViolation(
          [
            `5: a second retire changed vendor keys (${JSON.stringify(before)} → ${JSON.stringify(after)})`,
          ],
          m.history,
        );
      }
      return {
        note: outcome.ok
          ? `retired ${JSON.stringify(outcome.result).slice(0, 160)}`
          : `retire failed${outcome.killed ? ` (${outcome.killed})` : ""}: ${(outcome.error?.message ?? "").slice(0, 160)}`,
        overran: outcome.killed === "timeout" ? ["the retire action"] : [],
      };
    });
  public toString = (): string => `Retire(${describeFault(this.fault)})`;
}

function statuses(r: ModelReal): Record<string, string> {
  return Object.fromEntries(r.mw.world.sim.keys().map((k) => [k.id, k.status]));
}

/**
 * A command that no longer applies once a retire was attempted: the component
 * is being destroyed, and its rotation schedule (`SecretRotation`) is deleted
 * before the retire invocation runs, so no rotation starts after it.
 */
export class UntilRetired implements Command {
  public constructor(private readonly inner: Command) {}
  public check = (m: Readonly<LifecycleModel>): boolean => !m.retiring && this.inner.check(m);
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> => this.inner.run(m, r);
  public toString = (): string => this.inner.toString();
}

export function untilRetired(arb: fc.Arbitrary<Command>): fc.Arbitrary<Command> {
  return arb.map((command) => new UntilRetired(command));
}

export const retireCommandArbs = [faultArb.map((f) => new Retire(f))];

/** A retire at the end of every sequence (after a life of at least one command), with a fault. */
export const finalRetireArb = faultArb.map((f) => new Retire(f, 1));
