import fc from "fast-check";
import * as rotateCommand from "../../../cli/commands/rotate";
import { TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { STEPS, type TestVersionValue } from "../../orchestrator";
import { readStage } from "../../rotationWorld";
import { faultArb, type Fault } from "../modelFaults";
import type { LifecycleModel } from "../modelState";
import {
  armThen,
  beginRotation,
  describeFault,
  execute,
  interleave,
  overran,
  runSteps,
  summary,
  type ModelReal,
} from "./commandBase";

type Command = fc.AsyncCommand<LifecycleModel, ModelReal>;

/** The schedule (or the console's "Rotate immediately"): RotateSecret, then the four steps. */
export class ScheduledRotation implements Command {
  public constructor(private readonly fault: Fault) {}
  public check = (): boolean => true;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const { token, reattempt } = await beginRotation(m, r);
      const outcome = await runSteps(m, r, token, this.fault);
      return {
        note: `${reattempt ? "previous rotation reattempted" : "rotated"} ${token.slice(0, 8)}: ${summary(outcome)}`,
        overran: overran([outcome]),
      };
    });
  public toString = (): string => `ScheduledRotation(${describeFault(this.fault)})`;
}

/** Secrets Manager's retry of a failed rotation: the four steps again, same token. */
export class RetryRotation implements Command {
  public constructor(private readonly fault: Fault) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.pending !== undefined;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const token = m.pending ?? "";
      const outcome = await runSteps(m, r, token, this.fault);
      return {
        note: `retried ${token.slice(0, 8)}: ${summary(outcome)}`,
        overran: overran([outcome]),
      };
    });
  public toString = (): string => `RetryRotation(${describeFault(this.fault)})`;
}

/**
 * The console with RotateImmediately=false: AWS tests the configuration by
 * running only testSecret against a new AWSPENDING version (empty, or a copy
 * of AWSCURRENT: undocumented), then removes that version's label.
 */
export class ConsoleTest implements Command {
  public constructor(
    private readonly version: TestVersionValue,
    private readonly keepLabelOnFailure: boolean,
    private readonly fault: Fault,
  ) {}
  public check = (): boolean => true;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const secretId = r.mw.world.secretArn;
      let token: string;
      try {
        token = await r.mw.orchestrator.begin(secretId, {
          rotateImmediately: false,
          testVersion: this.version,
        });
      } catch (error) {
        return { note: `RotateSecret refused: ${(error as Error).message.slice(0, 80)}` };
      }
      r.mw.versions.note(token, Date.now());
      const outcome = await runSteps(m, r, token, this.fault, ["testSecret"]);
      if (outcome.ok || !this.keepLabelOnFailure) await r.mw.orchestrator.complete(secretId, token);
      return {
        note: `tested ${token.slice(0, 8)}: ${summary(outcome)}`,
        overran: overran([outcome]),
      };
    });
  public toString = (): string =>
    `ConsoleTest(${this.version}${this.keepLabelOnFailure ? ", label kept on failure" : ""}, ${describeFault(this.fault)})`;
}

type StartRotation = (
  clients: { secrets: ModelReal["mw"]["viaProxy"] },
  secretId: string,
  options: { emergency: boolean; reason: string; revokeFirst: boolean; requestedBy: string },
) => Promise<{ token: string }>;

/**
 * The operator CLI's emergency request: tags bound to one ClientRequestToken,
 * RotateSecret with it (which fails while a previous rotation isn't complete,
 * and then the tags must go), then the four steps.
 */
export class EmergencyRotation implements Command {
  public constructor(
    private readonly mode: "replace-then-revoke" | "revoke-first",
    private readonly fault: Fault,
  ) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.firstKey;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const current = await readStage(r.mw.moto, r.mw.world.secretArn, "AWSCURRENT");
      let token: string;
      try {
        token = await startEmergency(r, this.mode === "revoke-first");
      } catch (error) {
        return { note: `request refused: ${(error as Error).message.slice(0, 80)}` };
      }
      if (current !== undefined) m.condemned.add(current.keyId);
      m.emergencyTokens.add(token);
      r.mw.versions.note(token, Date.now());
      const outcome = await runSteps(m, r, token, this.fault);
      return {
        note: `emergency ${token.slice(0, 8)}: ${summary(outcome)}`,
        overran: overran([outcome]),
      };
    });
  public toString = (): string => `EmergencyRotation(${this.mode}, ${describeFault(this.fault)})`;
}

async function startEmergency(r: ModelReal, revokeFirst: boolean): Promise<string> {
  const options = { emergency: true, reason: "model test", revokeFirst, requestedBy: "model" };
  const start = (rotateCommand as Record<string, unknown>).startRotation as
    StartRotation | undefined;
  if (start !== undefined) {
    return (await start({ secrets: r.mw.viaProxy }, r.mw.world.secretArn, options)).token;
  }
  // The contract of cli/commands/rotate.ts `startRotation`, until it is exported.
  const secretId = r.mw.world.secretArn;
  const token = randomUUID();
  const tags = [
    { Key: "RotatedApiKey:RequestToken", Value: token },
    { Key: "RotatedApiKey:RequestedBy", Value: options.requestedBy },
    { Key: "RotatedApiKey:Emergency", Value: options.reason },
    {
      Key: "RotatedApiKey:EmergencyMode",
      Value: revokeFirst ? "revoke-first" : "replace-then-revoke",
    },
  ];
  await r.mw.viaProxy.send(new TagResourceCommand({ SecretId: secretId, Tags: tags }));
  try {
    await r.mw.orchestrator.begin(secretId, { token });
  } catch (error) {
    await r.mw.viaProxy.send(
      new UntagResourceCommand({ SecretId: secretId, TagKeys: tags.map((t) => t.Key) }),
    );
    throw error;
  }
  return token;
}

/** A late or duplicated delivery of one step for the rotation in progress (copies=2: at once). */
export class DeliverStep implements Command {
  public constructor(
    private readonly step: (typeof STEPS)[number],
    private readonly copies: 1 | 2,
    private readonly fault: Fault,
  ) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.pending !== undefined;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const token = m.pending ?? "";
      if (this.copies === 2) m.lossyTokens.add(token);
      const secretId = r.mw.world.secretArn;
      const deliver = () => r.mw.orchestrator.runSteps(secretId, token, [this.step]);
      const outcomes =
        this.copies === 1
          ? [await runSteps(m, r, token, this.fault, [this.step])]
          : (
              await armThen(m, r, token, this.fault, () => interleave(r, [deliver, deliver]))
            ).flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      if (outcomes.some((o) => o.ok) && this.step === "finishSecret")
        await r.mw.orchestrator.complete(r.mw.world.secretArn, token);
      return {
        note: `${this.step}×${this.copies} for ${token.slice(0, 8)}: ${outcomes.map(summary).join(" | ")}`,
        overran: overran(outcomes),
      };
    });
  public toString = (): string =>
    `DeliverStep(${this.step}, ×${this.copies}, ${describeFault(this.fault)})`;
}

/**
 * Lambda's own retry of an asynchronous invocation that was killed (it
 * retries twice, minutes later): the killed step again, for its token,
 * whatever has happened to that version since (a rollback, a newer rotation).
 */
export class LateRetry implements Command {
  public constructor(private readonly fault: Fault) {}
  public check = (m: Readonly<LifecycleModel>): boolean => m.lastKilled !== undefined;
  public run = (m: LifecycleModel, r: ModelReal): Promise<void> =>
    execute(m, r, this.toString(), async () => {
      const { token, step } = m.lastKilled ?? { token: "", step: "createSecret" };
      m.lossyTokens.add(token);
      const outcome = await runSteps(m, r, token, this.fault, [step]);
      if (outcome.ok && step === "finishSecret")
        await r.mw.orchestrator.complete(r.mw.world.secretArn, token);
      return {
        note: `${step} retried for ${token.slice(0, 8)}: ${summary(outcome)}`,
        overran: overran([outcome]),
      };
    });
  public toString = (): string => `LateRetry(${describeFault(this.fault)})`;
}

export const rotationCommandArbs = [
  faultArb.map((f) => new ScheduledRotation(f)),
  faultArb.map((f) => new RetryRotation(f)),
  fc
    .tuple(fc.constantFrom<TestVersionValue>("empty", "copy"), fc.boolean(), faultArb)
    .map(([v, keep, f]) => new ConsoleTest(v, keep, f)),
  fc
    .tuple(fc.constantFrom("replace-then-revoke" as const, "revoke-first" as const), faultArb)
    .map(([mode, f]) => new EmergencyRotation(mode, f)),
  fc
    .tuple(fc.constantFrom(...STEPS), fc.constantFrom(1 as const, 2 as const), faultArb)
    .map(([step, copies, f]) => new DeliverStep(step, copies, f)),
  faultArb.map((f) => new LateRetry(f)),
];
