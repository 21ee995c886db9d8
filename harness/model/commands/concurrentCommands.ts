import fc from "fast-check";
import { STEPS, type RotationOutcome } from "../../orchestrator";
import type { LifecycleModel } from "../modelState";
import type { InvocationOutcome } from "../stepWorkers";
import {
  beginRotation,
  execute,
  interleave,
  overran,
  summary,
  type ModelReal,
} from "./commandBase";

type Command = fc.AsyncCommand<LifecycleModel, ModelReal>;

/**
 * A rotation whose every step is delivered twice at once (Lambda may run a
 * step again while the first invocation still runs); the scheduler orders
 * their calls. Stops at a step both copies failed, as Secrets Manager would.
 */
export class DuplicateDelivery implements Command {
  public check = (): boolean => true;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const { token } = await beginRotation(m, r);
      m.lossyTokens.add(token);
      const secretId = r.mw.world.secretArn;
      const notes: string[] = [];
      const all: RotationOutcome[] = [];
      for (const step of STEPS) {
        const deliver = () => r.mw.orchestrator.runSteps(secretId, token, [step]);
        const settled = await interleave(r, [deliver, deliver]);
        const outcomes = settled.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
        all.push(...outcomes);
        notes.push(`${step}: ${outcomes.map(summary).join(" | ")}`);
        if (!outcomes.some((o) => o.ok)) break;
        if (step === "finishSecret") await r.mw.orchestrator.complete(secretId, token);
      }
      return { note: `${token.slice(0, 8)} ${notes.join("; ")}`, overran: overran(all) };
    });
  public toString = (): string => "DuplicateDelivery";
}

type Companion = "rotation" | "retry" | "rollback" | "revokePrevious";

/**
 * The scheduled maintenance run at the same time as another invocation (a
 * rotation's steps, Secrets Manager's retry of the pending one, an operator's
 * rollback or revocation); the scheduler orders their calls.
 */
export class MaintenanceDuring implements Command {
  public constructor(private readonly companion: Companion) {}
  public check = (m: Readonly<LifecycleModel>): boolean =>
    this.companion === "retry"
      ? m.pending !== undefined
      : this.companion === "rotation" || m.firstKey;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const secretId = r.mw.world.secretArn;
      let other: () => Promise<RotationOutcome | InvocationOutcome>;
      if (this.companion === "rotation" || this.companion === "retry") {
        const token =
          this.companion === "retry" ? (m.pending ?? "") : (await beginRotation(m, r)).token;
        m.lossyTokens.add(token);
        other = async () => {
          const outcome = await r.mw.orchestrator.runSteps(secretId, token, STEPS);
          return outcome;
        };
      } else {
        const event =
          this.companion === "rollback"
            ? { action: "rollback", reason: "model test" }
            : { action: "revokePrevious", reason: "model test" };
        other = () => r.mw.action(event);
      }
      const maintain = () => r.mw.action({ action: "maintain" });
      const [first, second] = await interleave<RotationOutcome | InvocationOutcome>(r, [
        maintain,
        other,
      ]);
      const maintenance =
        first?.status === "fulfilled" ? (first.value as InvocationOutcome) : undefined;
      const companion = second?.status === "fulfilled" ? second.value : undefined;
      const rotation = companion !== undefined && "token" in companion ? companion : undefined;
      if (rotation?.ok) await r.mw.orchestrator.complete(secretId, rotation.token);
      const overruns = [
        ...(maintenance?.killed === "timeout" ? ["the maintain action"] : []),
        ...(rotation !== undefined ? overran([rotation]) : []),
        ...(companion !== undefined && !("token" in companion) && companion.killed === "timeout"
          ? [`the ${this.companion} action`]
          : []),
      ];
      return {
        note: `maintain ${maintenance?.ok ? "ok" : "failed"} | ${this.companion} ${
          rotation !== undefined
            ? summary(rotation)
            : companion !== undefined && "ok" in companion && companion.ok
              ? "ok"
              : "failed"
        }`,
        overran: overruns,
        // An operator revocation running alongside may revoke the previous key.
        ...(this.companion === "revokePrevious" ? { operatorRevocable: previousKeyOf(m) } : {}),
        ...(this.companion === "rollback" ? { rollback: true } : {}),
      };
    });
  public toString = (): string => `MaintenanceDuring(${this.companion})`;
}

function previousKeyOf(m: LifecycleModel): ReadonlySet<string> {
  const keyId = m.previous === undefined ? undefined : m.versions.get(m.previous)?.keyId;
  return new Set(keyId === undefined ? [] : [keyId]);
}

export const concurrentCommandArbs = [
  fc.constant(new DuplicateDelivery()),
  fc
    .constantFrom<Companion>("rotation", "retry", "rollback", "revokePrevious")
    .map((c) => new MaintenanceDuring(c)),
];
