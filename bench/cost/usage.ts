/**
 * What one key does in a month, besides existing: the usage side of the cost
 * model. Figures measured by `npm run bench` come from bench/results.json;
 * the rest are stated assumptions, each with its reason.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FleetSettings } from "../../lambdas/contract/fleet";
import {
  FleetMetrics,
  LifecycleMetrics,
  MonitorMetrics,
  PlaybookMetrics,
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
  /** How a fleet function's maintenance run scales with its members; absent for keys with their own function. */
  readonly fleet?: FleetUsage;
}

/**
 * A fleet's maintenance: one schedule, each run walking every member. The
 * monitor's gauges and the rotation metrics carry the `Fleet` dimension, so
 * they are one set of metrics per fleet, not per key.
 */
export interface FleetUsage {
  /** Secrets Manager calls per member per run, `ListSecrets` left out (measured: bench/results.json). */
  readonly secretsManagerCallsPerMemberPerRun: number;
  /** Members one `ListSecrets` page returns (one call per page per run). */
  readonly membersPerListPage: number;
  /** Log bytes (JSON logs and EMF records) per member per run (measured: bench/results.json). */
  readonly logBytesPerMemberPerRun: number;
  /** Members one run works on at once: a run lasts ⌈members / concurrency⌉ × a member's time. */
  readonly concurrency: number;
  /** Fleet metrics every run publishes (`FleetMetrics`, `Fleet` dimension). */
  readonly metricsPerRun: number;
  /**
   * Playbook metrics (`PlaybookMetrics`, `Fleet` dimension) a routine
   * rotation adds, in the hour it runs: `TimeToRotate` (`Mode` scheduled) and
   * `UnusedPreviousKeyRevoked` when maintenance revokes the key it replaced.
   * Failures, outages and emergencies add theirs only in the hours they happen.
   */
  readonly playbookMetricsPerRotation: number;
}

/** The fleet's maintenance figures `npm run bench` measured against moto. */
export interface FleetMaintenanceFigures {
  readonly secretsManagerCallsPerMemberPerRun: number;
  readonly logBytesPerMemberPerRun: number;
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

/** The fleet maintenance figures as `npm run bench` last measured them (`fleetMaintenance`). */
export function measuredFleetMaintenance(): FleetMaintenanceFigures {
  const results = JSON.parse(readFileSync(RESULTS, "utf8")) as Record<string, unknown>;
  const figures = results.fleetMaintenance as Partial<FleetMaintenanceFigures> | undefined;
  if (
    typeof figures?.secretsManagerCallsPerMemberPerRun !== "number" ||
    typeof figures.logBytesPerMemberPerRun !== "number"
  ) {
    throw new Error(
      `${path.relative(process.cwd(), RESULTS)} has no fleetMaintenance figures: run \`npm run bench\`.`,
    );
  }
  return {
    secretsManagerCallsPerMemberPerRun: figures.secretsManagerCallsPerMemberPerRun,
    logBytesPerMemberPerRun: figures.logBytesPerMemberPerRun,
  };
}

/** The fleet usage the README's cost table uses: `figures` measured, the rest the fleet's defaults. */
export function defaultFleetUsage(
  figures: FleetMaintenanceFigures = measuredFleetMaintenance(),
): FleetUsage {
  return {
    ...figures,
    // lambdas/engine/core/secretsStore.ts listTagged: MaxResults 100.
    membersPerListPage: 100,
    concurrency: FleetSettings.maintenanceConcurrency.default,
    metricsPerRun: Object.keys(FleetMetrics).length,
    playbookMetricsPerRotation: [
      PlaybookMetrics.TimeToRotate,
      PlaybookMetrics.UnusedPreviousKeyRevoked,
    ].length,
  };
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
