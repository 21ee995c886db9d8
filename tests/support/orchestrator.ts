import {
  DescribeSecretCommand,
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
 * Does what Secrets Manager does around a rotation Lambda: `RotateSecret`
 * (moto creates the valueless AWSPENDING version for the token), then each
 * step in order with the same event shape; on failure it stops (AWS marks the
 * rotation failed) and `retry` replays the whole sequence with the same token;
 * after `finishSecret` succeeds it removes AWSPENDING, as the service does.
 */
export class RotationOrchestrator {
  public constructor(private readonly options: OrchestratorOptions) {}

  /** Starts a rotation like the schedule or the console's "Rotate immediately". */
  public async rotate(
    secretId: string,
    opts: { token?: string; rotateImmediately?: boolean } = {},
  ): Promise<RotationOutcome> {
    const token = await this.begin(secretId, opts);
    const steps = opts.rotateImmediately === false ? (["testSecret"] as const) : STEPS;
    return this.run(secretId, token, steps);
  }

  /** Only the `RotateSecret` call: moto creates the valueless AWSPENDING version. Returns the token. */
  public async begin(
    secretId: string,
    opts: { token?: string; rotateImmediately?: boolean } = {},
  ): Promise<string> {
    const pending = await this.pendingVersion(secretId);
    if (pending !== undefined) {
      throw new Error(
        `A previous rotation isn't complete (version ${pending} holds AWSPENDING). That rotation will be reattempted.`,
      );
    }
    const token = opts.token ?? randomUUID();
    await this.options.client.send(
      new RotateSecretCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        RotationLambdaARN: this.options.rotationLambdaArn,
        RotationRules: { AutomaticallyAfterDays: this.options.rotationDays ?? 30 },
        RotateImmediately: opts.rotateImmediately ?? true,
      }),
    );
    return token;
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
