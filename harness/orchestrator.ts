import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import type { RotationHandler } from "./bundle";

export const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

export interface StepTiming {
  readonly step: string;
  readonly ms: number;
  readonly error?: string;
}

export interface RotationOutcome {
  readonly token: string;
  readonly ok: boolean;
  readonly steps: readonly StepTiming[];
  readonly failedStep?: string;
  readonly error?: Error;
  readonly totalMs: number;
}

export interface OrchestratorOptions {
  readonly client: SecretsManagerClient;
  readonly handler: RotationHandler;
  /** ARN of the stub function registered in moto. */
  readonly rotationLambdaArn: string;
  /** @default 30 */
  readonly rotationDays?: number;
  /** Time the handler is given per step (a number, or per step name). @default 60000 */
  readonly stepTimeoutMs?: number | Partial<Record<string, number>>;
}

/**
 * What the version of a configuration test (`RotateImmediately=false`)
 * holds, which AWS does not document: nothing, or a copy of `AWSCURRENT`.
 */
export type TestVersionValue = "empty" | "copy";

export interface RotateOptions {
  readonly token?: string;
  readonly rotateImmediately?: boolean;
  /** With `rotateImmediately: false`. @default "copy" */
  readonly testVersion?: TestVersionValue;
  /**
   * With `rotateImmediately: false`: leave AWSPENDING on the test version when
   * `testSecret` fails (AWS may leave it on a version after a failure). @default false
   */
  readonly keepLabelOnFailure?: boolean;
}

/**
 * Does what Secrets Manager does around a rotation Lambda: `RotateSecret`
 * (moto creates the valueless AWSPENDING version for the token), then each
 * step in order with the same event shape; on failure it stops (AWS marks the
 * rotation failed) and `retry` replays the whole sequence with the same token;
 * after `finishSecret` succeeds it removes AWSPENDING, as the service does.
 * With `rotateImmediately: false` it runs only `testSecret` against the new
 * AWSPENDING version, then removes that version's label, as AWS's
 * configuration test does.
 */
export class RotationOrchestrator {
  public constructor(private readonly options: OrchestratorOptions) {}

  /** Starts a rotation like the schedule or the console's "Rotate immediately". */
  public async rotate(secretId: string, opts: RotateOptions = {}): Promise<RotationOutcome> {
    const token = await this.begin(secretId, opts);
    if (opts.rotateImmediately !== false) return this.run(secretId, token, STEPS);
    const outcome = await this.run(secretId, token, ["testSecret"]);
    if (outcome.ok || opts.keepLabelOnFailure !== true) await this.clearPending(secretId, token);
    return outcome;
  }

  /**
   * Only the `RotateSecret` call: moto creates the valueless AWSPENDING version
   * for the token. For a configuration test (`rotateImmediately: false`) the
   * version then gets a copy of AWSCURRENT's value, unless `testVersion` is
   * `"empty"` (moto copies only the value the secret was created with). Returns the token.
   */
  public async begin(secretId: string, opts: RotateOptions = {}): Promise<string> {
    const pending = await this.pendingVersion(secretId);
    if (pending !== undefined) {
      throw new Error(
        `A previous rotation isn't complete (version ${pending} holds AWSPENDING). That rotation will be reattempted.`,
      );
    }
    await this.releasePendingOnCurrent(secretId);
    const token = opts.token ?? randomUUID();
    const immediately = opts.rotateImmediately !== false;
    await this.options.client.send(
      new RotateSecretCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        RotationLambdaARN: this.options.rotationLambdaArn,
        RotationRules: { AutomaticallyAfterDays: this.options.rotationDays ?? 30 },
        RotateImmediately: immediately,
      }),
    );
    if (!immediately && opts.testVersion !== "empty") await this.copyCurrentInto(secretId, token);
    return token;
  }

  private async copyCurrentInto(secretId: string, token: string): Promise<void> {
    let current: string | undefined;
    try {
      const out = await this.options.client.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }),
      );
      current = out.SecretString;
    } catch {
      return; // no AWSCURRENT value yet: the test version stays empty
    }
    if (current === undefined) return;
    await this.options.client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        VersionStages: ["AWSPENDING"],
        SecretString: current,
      }),
    );
  }

  /**
   * AWS accepts a new `RotateSecret` while AWSPENDING sits on the AWSCURRENT
   * version (a finished rotation); moto refuses it, so the label is released first.
   */
  public async releasePendingOnCurrent(secretId: string): Promise<void> {
    const d = await this.options.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    const both = Object.entries(d.VersionIdsToStages ?? {}).find(
      ([, s]) => s.includes("AWSPENDING") && s.includes("AWSCURRENT"),
    );
    if (both !== undefined) await this.clearPending(secretId, both[0]);
  }

  /** Runs some steps in order for a token, as a partial or late delivery would. */
  public runSteps(
    secretId: string,
    token: string,
    steps: readonly string[],
  ): Promise<RotationOutcome> {
    return this.run(secretId, token, steps);
  }

  /** Secrets Manager's retry of a failed rotation: the four steps again, same token. */
  public retry(secretId: string, token: string): Promise<RotationOutcome> {
    return this.run(secretId, token, STEPS);
  }

  /** Removes AWSPENDING after a successful finish, as the service does. */
  public async complete(secretId: string, token: string): Promise<void> {
    await this.clearPending(secretId, token);
  }

  /** Invokes one step directly (e.g. to run it twice). */
  public async invoke(secretId: string, token: string, step: string): Promise<void> {
    const timeout = this.options.stepTimeoutMs;
    const deadline =
      Date.now() + ((typeof timeout === "number" ? timeout : timeout?.[step]) ?? 60_000);
    await this.options.handler(
      { Step: step, SecretId: secretId, ClientRequestToken: token },
      { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) },
    );
  }

  private async run(
    secretId: string,
    token: string,
    steps: readonly string[],
  ): Promise<RotationOutcome> {
    const timings: StepTiming[] = [];
    const started = performance.now();
    for (const step of steps) {
      const t0 = performance.now();
      try {
        await this.invoke(secretId, token, step);
        timings.push({ step, ms: performance.now() - t0 });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        timings.push({ step, ms: performance.now() - t0, error: err.message });
        return {
          token,
          ok: false,
          steps: timings,
          failedStep: step,
          error: err,
          totalMs: performance.now() - started,
        };
      }
    }
    if (steps.includes("finishSecret")) await this.clearPending(secretId, token);
    return { token, ok: true, steps: timings, totalMs: performance.now() - started };
  }

  private async pendingVersion(secretId: string): Promise<string | undefined> {
    const d = await this.options.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    const entries = Object.entries(d.VersionIdsToStages ?? {});
    const pending = entries.find(([, s]) => s.includes("AWSPENDING") && !s.includes("AWSCURRENT"));
    return pending?.[0];
  }

  private async clearPending(secretId: string, token: string): Promise<void> {
    const d = await this.options.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    if ((d.VersionIdsToStages?.[token] ?? []).includes("AWSPENDING")) {
      await this.options.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: "AWSPENDING",
          RemoveFromVersionId: token,
        }),
      );
    }
  }
}
