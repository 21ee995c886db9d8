import fc from "fast-check";
import { readStage } from "../../rotationWorld";
import { faultArb, type Fault } from "../modelFaults";
import type { LifecycleModel } from "../modelState";
import { MODEL_CONFIG } from "../modelWorld";
import type { InvocationOutcome } from "../stepWorkers";
import { armThen, describeFault, execute, type ModelReal } from "./commandBase";

type Command = fc.AsyncCommand<LifecycleModel, ModelReal>;

/** An action's outcome in a few words. */
function outcomeLine(outcome: InvocationOutcome): string {
  if (outcome.ok) return `ok ${JSON.stringify(outcome.result).slice(0, 160)}`;
  return `failed${outcome.killed ? ` (${outcome.killed})` : ""}: ${(outcome.error?.message ?? "").slice(0, 160)}`;
}

function overranAction(name: string, outcome: InvocationOutcome): string[] {
  return outcome.killed === "timeout" ? [`the ${name} action`] : [];
}

/** The scheduled maintenance run (`{action: "maintain"}`): reconciliation, then revocation when due and safe. */
export class Maintain implements Command {
  public constructor(private readonly fault: Fault) {}
  public check = (): boolean => true;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const outcome = await armThen(m, r, m.pending, this.fault, () =>
        r.mw.action({ action: "maintain" }),
      );
      return {
        note: outcomeLine(outcome),
        overran: overranAction("maintain", outcome),
        maintained: outcome.ok && this.fault.kind === "none",
      };
    });
  public toString = (): string => `Maintain(${describeFault(this.fault)})`;
}

/** An operator's rollback (`{action: "rollback"}`): AWSCURRENT back to the previous key while it is valid. */
export class Rollback implements Command {
  public constructor(private readonly fault: Fault) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.firstKey;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const outcome = await armThen(m, r, undefined, this.fault, () =>
        r.mw.action({ action: "rollback", reason: "model test", requestedBy: "model" }),
      );
      return {
        note: outcomeLine(outcome),
        overran: overranAction("rollback", outcome),
        rollback: true,
      };
    });
  public toString = (): string => `Rollback(${describeFault(this.fault)})`;
}

/** An operator's explicit revocation of the previous key (exempt from the window rule; `force` overrides the usage gate). */
export class RevokePrevious implements Command {
  public constructor(private readonly force: boolean) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.firstKey;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const previous = await readStage(r.mw.moto, r.mw.world.secretArn, "AWSPREVIOUS");
      const outcome = await r.mw.action({
        action: "revokePrevious",
        reason: "model test",
        requestedBy: "model",
        ...(this.force ? { force: true } : {}),
      });
      return {
        note: outcomeLine(outcome),
        operatorRevocable: new Set(previous === undefined ? [] : [previous.keyId]),
        operatorForce: this.force,
        overran: overranAction("revokePrevious", outcome),
      };
    });
  public toString = (): string => `RevokePrevious(${this.force ? "force" : "no force"})`;
}

/** Time passes (minutes to days) on the model clock: test process and step workers alike. */
export class AdvanceClock implements Command {
  public constructor(private readonly minutes: number) {}
  public check = (): boolean => true;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      await r.mw.advanceClock(this.minutes * 60_000);
      return { note: `clock +${this.minutes} min` };
    });
  public toString = (): string => `AdvanceClock(${this.minutes} min)`;
}

/** A service that has not moved over calls the vendor with the AWSPREVIOUS key (usage the engine must respect). */
export class OldServiceUsesPrevious implements Command {
  public check = (m: Readonly<LifecycleModel>): boolean => m.previous !== undefined;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const result = await r.consumer.usePrevious();
      return { note: result.detail };
    });
  public toString = (): string => "OldServiceUsesPrevious";
}

/**
 * A service in another region (declared in ROTATION_CONSUMER_REGIONS) calls
 * the vendor with the AWSPREVIOUS key; its fallback lands in its own region's
 * CloudWatch, which the engine must read before revoking (issue 13, misfire 4).
 */
export class RemoteServiceUsesPrevious implements Command {
  public check = (m: Readonly<LifecycleModel>): boolean => m.previous !== undefined;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const result = await r.consumer.usePrevious(MODEL_CONFIG.consumerRegion);
      return { note: result.detail };
    });
  public toString = (): string => `RemoteServiceUsesPrevious(${MODEL_CONFIG.consumerRegion})`;
}

export const operatorCommandArbs = [
  faultArb.map((f) => new Maintain(f)),
  faultArb.map((f) => new Rollback(f)),
  fc.boolean().map((force) => new RevokePrevious(force)),
  fc
    .constantFrom(5, 45, 6 * 60, 23 * 60, 25 * 60, 3 * 24 * 60)
    .map((minutes) => new AdvanceClock(minutes)),
  fc.constant(new OldServiceUsesPrevious()),
  fc.constant(new RemoteServiceUsesPrevious()),
];
