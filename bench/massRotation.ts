import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { quotaScopedClients, type Clients } from "../cli/clients";
import { rotateAll } from "../cli/commands/rotateAll";
import { silentProgress, type FleetRun } from "../cli/fleet/fleetRun";
import { DEFAULT_MAX_RATE } from "../cli/fleet/requestPacer";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../harness/aws/motoClients";
import { startThrottleProxy, type ThrottleProxy } from "../harness/aws/throttleProxy";
import { startFleetEmulator } from "../harness/fleetOps/fleetEmulator";
import { createFleetWorld, type FleetSecret } from "../harness/fleetOps/fleetWorld";
import { readStage } from "../harness/rotationWorld";

export interface MassRotationRun {
  readonly started: number;
  readonly failed: number;
  readonly startedPerSecond: number | null;
  /** `ThrottlingException` answers the proxy gave (each one retried by the SDK after a backoff). */
  readonly throttledResponses: number;
  readonly sdkRetries: number;
  /** Most requests the proxy admitted in any 1-second window, per quota. */
  readonly peakAdmittedPerSecond: { readonly RotateSecret: number; readonly TagResource: number };
  readonly durationSeconds: number;
}

/** Several runs of one scenario on a loaded machine: the median run's figures, and the spread. */
export interface RepeatedRuns {
  readonly runs: number;
  readonly startedPerSecond: {
    readonly median: number;
    readonly min: number;
    readonly max: number;
  };
  /** Per run, in order. */
  readonly startedPerSecondEach: readonly (number | null)[];
  readonly throttledResponsesEach: readonly number[];
  readonly failedEach: readonly number[];
}

export interface MassRotationResult {
  readonly secrets: number;
  readonly quotaPerSecond: number;
  readonly concurrency: number;
  /** `--max-rate`: the CLI's pace per write quota. */
  readonly maxRate: number;
  /** Every run of `quotaBound` (its figures are the median run's). */
  readonly quotaBoundRuns: RepeatedRuns;
  /** Every run of `scheduled` (its figures are the median run's). */
  readonly scheduledRuns: RepeatedRuns;
  /**
   * `rotate --all --no-wait` with the proxy answering every admitted
   * `RotateSecret`/`TagResource` itself: the CLI's rate limiting against the
   * quota alone, without moto's speed on a loaded machine in the way.
   */
  readonly quotaBound: MassRotationRun;
  /** `rotate --all`: every `RotateSecret` through the throttling proxy, not waiting for the steps. */
  readonly scheduled: MassRotationRun;
  /** `rotate --all --emergency`: the steps run (the bundle, 8 warm environments per vendor) and the CLI waits. */
  readonly emergency: MassRotationRun & {
    /** How the steps were run (see `emergencyOutOfProcess` in the results for the out-of-process figure). */
    readonly ranAs: string;
    /** From the first request to the last rotation seen finished: every old key revoked. */
    readonly timeToContainSeconds: number | null;
    /** Old keys the vendor simulators still accept afterwards (must be 0). */
    readonly oldKeysStillAccepted: number;
  };
}

/**
 * The break-glass benchmark: 200 managed secrets in moto behind a proxy that
 * enforces Secrets Manager's 50 requests/s `RotateSecret` and
 * `TagResource` quotas with real `ThrottlingException` answers. The CLI's
 * `rotateAll` runs in-process with the clients `rotated-api-key` builds
 * (adaptive retry per write quota, bounded concurrency).
 */
export async function massRotationBench(
  motoEndpoint: string,
  size = 200,
  concurrency = 64,
  runs = 5,
): Promise<MassRotationResult> {
  const world = await createFleetWorld(motoEndpoint, "bench-mass", { size });
  const emulator = await startFleetEmulator(world);
  const throttle = await startThrottleProxy(emulator.endpoint, { ratePerSecond: 50 });
  const stateDir = mkdtempSync(path.join(tmpdir(), "mass-bench-"));
  try {
    await Promise.all(world.secrets.map((s) => emulator.rotate(s)));
    const common = {
      filters: { tags: [], namePrefix: `${world.label}/` },
      requestedBy: "bench",
      concurrency,
      timeoutSeconds: 600,
      dryRun: false,
      yes: true,
      fresh: true,
      confirm: async () => true,
      progress: silentProgress,
    };

    const quotaOnly = await startThrottleProxy(emulator.endpoint, {
      ratePerSecond: 50,
      answer: (operation, body) => {
        const request = JSON.parse(body) as { SecretId: string; ClientRequestToken?: string };
        if (operation === "TagResource") return "{}";
        if (operation !== "RotateSecret") return undefined;
        const secret = world.secrets.find((s) => s.arn === request.SecretId);
        return JSON.stringify({
          ARN: secret?.arn,
          Name: secret?.name,
          VersionId: request.ClientRequestToken,
        });
      },
    });
    const quotaBoundAll: MassRotationRun[] = [];
    for (let i = 0; i < runs; i++) {
      quotaOnly.reset();
      // Fresh clients each run, as each CLI invocation builds its own.
      const run = await rotateAll(cliClients(quotaOnly.endpoint), {
        ...common,
        wait: false,
        statePath: path.join(stateDir, `quota-${i}.json`),
      });
      quotaBoundAll.push(figures(run, quotaOnly));
      await pause(QUOTA_WINDOW_MS);
    }
    await quotaOnly.close();

    emulator.setRunSteps(false);
    const scheduledAll: MassRotationRun[] = [];
    for (let i = 0; i < runs; i++) {
      throttle.reset();
      const scheduled = await rotateAll(cliClients(throttle.endpoint), {
        ...common,
        wait: false,
        statePath: path.join(stateDir, `scheduled-${i}.json`),
      });
      scheduledAll.push(figures(scheduled, throttle));
      // Finish those rotations (Secrets Manager would run the steps), so the next run can start.
      await Promise.all(
        scheduled.secrets.map((item) => {
          const secret = world.secrets.find((s) => s.name === item.secret) as FleetSecret;
          return emulator.finish(secret, item.token ?? "");
        }),
      );
      await pause(QUOTA_WINDOW_MS);
    }

    emulator.setRunSteps(true);
    throttle.reset();
    const leaked = await Promise.all(
      world.secrets.map((s) => readStage(world.client, s.arn, "AWSCURRENT")),
    );
    const emergency = await rotateAll(cliClients(throttle.endpoint), {
      ...common,
      emergency: true,
      reason: "benchmark: every key leaked",
      wait: true,
      statePath: path.join(stateDir, "emergency.json"),
    });
    await emulator.idle();
    const stillAccepted = world.secrets.filter((s, i) =>
      world.sims[s.vendor]?.isKeyAccepted(leaked[i]?.apiKey ?? ""),
    ).length;
    return {
      secrets: size,
      quotaPerSecond: 50,
      concurrency,
      maxRate: DEFAULT_MAX_RATE,
      quotaBound: medianRun(quotaBoundAll),
      quotaBoundRuns: spread(quotaBoundAll),
      scheduled: medianRun(scheduledAll),
      scheduledRuns: spread(scheduledAll),
      emergency: {
        ranAs: IN_PROCESS,
        ...figures(emergency, throttle),
        timeToContainSeconds:
          emergency.timeToContainMs === undefined ? null : round(emergency.timeToContainMs / 1000),
        oldKeysStillAccepted: stillAccepted,
      },
    };
  } finally {
    await throttle.close();
    await emulator.idle();
    await emulator.close();
    await world.stop();
  }
}

const IN_PROCESS =
  "in process, 1 run: the CLI, the emulator and every step in the bench process (8 warm environments per vendor), moto its own process";

/** The clients `createClients` builds, pointed at `endpoint`. */
export function cliClients(endpoint: string): Clients {
  const config = { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  return {
    secrets: new SecretsManagerClient(config),
    lambda: new LambdaClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudwatch: new CloudWatchClient(config),
    quotaScoped: quotaScopedClients(config),
  };
}

function figures(run: FleetRun, throttle: ThrottleProxy): MassRotationRun {
  return {
    started: run.secrets.filter((s) => s.token !== undefined).length,
    failed: run.counts.failed ?? 0,
    startedPerSecond: run.startRatePerSecond ?? null,
    throttledResponses: Object.values(throttle.throttled).reduce((a, b) => a + b, 0),
    sdkRetries: run.retries,
    peakAdmittedPerSecond: {
      RotateSecret: throttle.peakPerSecond("RotateSecret"),
      TagResource: throttle.peakPerSecond("TagResource"),
    },
    durationSeconds: round(run.durationMs / 1000),
  };
}

/** Lets the proxy's one-second window empty between runs, as between two CLI invocations. */
const QUOTA_WINDOW_MS = 1000;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The run with the median start rate (the lower middle of an even count). */
function medianRun(all: readonly MassRotationRun[]): MassRotationRun {
  const sorted = [...all].sort((a, b) => (a.startedPerSecond ?? 0) - (b.startedPerSecond ?? 0));
  return sorted[Math.floor((sorted.length - 1) / 2)] as MassRotationRun;
}

function spread(all: readonly MassRotationRun[]): RepeatedRuns {
  const rates = all.map((r) => r.startedPerSecond ?? 0);
  return {
    runs: all.length,
    startedPerSecond: {
      median: medianRun(all).startedPerSecond ?? 0,
      min: Math.min(...rates),
      max: Math.max(...rates),
    },
    startedPerSecondEach: all.map((r) => r.startedPerSecond),
    throttledResponsesEach: all.map((r) => r.throttledResponses),
    failedEach: all.map((r) => r.failed),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
