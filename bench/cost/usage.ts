/**
 * What one key does in a month, besides existing: the usage side of the cost
 * model. Figures measured by `npm run bench` come from bench/results.json;
 * the rest are stated assumptions, each with its reason.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  LifecycleMetrics,
  MonitorMetrics,
  RotationMetrics,
} from "../../lambdas/contract/metricNames";
import { HOURS_PER_MONTH } from "./schedules";

/** The usage the model prices, per key and month. */
export interface UsageAssumptions {
  /** Rotations a month; from the schedule unless given. */
  readonly rotationsPerMonth?: number;
  /** Secrets Manager API calls of one rotation (measured: bench/results.json). */
  readonly secretsManagerCallsPerRotation: number;
  /** Secrets Manager API calls of one maintenance run, cold (measured: bench/results.json). */
  readonly secretsManagerCallsPerMaintenanceRun: number;
  /** Lambda invocations of one rotation: one per step. */
  readonly invocationsPerRotation: number;
  /** Billed duration of one invocation, in ms (estimate: vendor round trips dominate). */
  readonly billedMsPerInvocation: number;
  /** Log bytes (JSON logs and EMF records) one invocation writes (estimate). */
  readonly logBytesPerInvocation: number;
  /** Custom metrics (name × dimensions) every maintenance run publishes. */
  readonly metricsPerMaintenanceRun: number;
  /** Custom metrics a successful rotation publishes (in the hour it runs). */
  readonly metricsPerRotation: number;
  /** Notifications (SNS publishes, one email each) a month. */
  readonly notificationsPerMonth: number;
}

const RESULTS = path.resolve(__dirname, "..", "results.json");
const STEPS = 4;

/** The figures of bench/results.json the model reads. */
export type MeasuredFigure =
  "secretsManagerCallsPerRotation" | "secretsManagerCallsPerMaintenanceRun";

/** A figure as `npm run bench` last measured it. */
export function measured(figure: MeasuredFigure): number {
  const results = JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>;
  const value = results[figure];
  if (typeof value !== "number") {
    throw new Error(
      `${path.relative(process.cwd(), RESULTS)} has no ${figure}: run \`npm run bench\`.`,
    );
  }
  return value;
}

/** The assumptions the README's cost table uses. */
export function defaultUsage(): UsageAssumptions {
  return {
    secretsManagerCallsPerRotation: measured("secretsManagerCallsPerRotation"),
    secretsManagerCallsPerMaintenanceRun: measured("secretsManagerCallsPerMaintenanceRun"),
    invocationsPerRotation: STEPS,
    billedMsPerInvocation: 1000,
    logBytesPerInvocation: 4096,
    metricsPerMaintenanceRun: Object.keys(MonitorMetrics).length,
    // Per step: StepSucceeded and StepDurationMs; per rotation: RotationSucceeded and TestSecretAttempts,
    // and PreviousKeyRevoked when maintenance revokes the key it replaced.
    metricsPerRotation:
      STEPS * [RotationMetrics.StepSucceeded, RotationMetrics.StepDurationMs].length +
      [
        RotationMetrics.RotationSucceeded,
        RotationMetrics.TestAttempts,
        LifecycleMetrics.PreviousKeyRevoked,
      ].length,
    notificationsPerMonth: 2,
  };
}

/** Rotations a month for a schedule whose longest gap is `intervalHours`. */
export function rotationsPerMonth(intervalHours: number): number {
  return HOURS_PER_MONTH / intervalHours;
}
