import { ROTATION_STEPS } from "../../lambdas/contract/events";
import {
  FleetMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
  MonitorMetrics,
  RotationMetrics,
} from "../../lambdas/contract/metricNames";
import { fleetDimensions, offendersQuery } from "./fleetAlarms";
import { playbookRow, PLAYBOOK_ROW_HEIGHT } from "./fleetPlaybookWidgets";

/** What the fleet dashboard shows. */
export interface FleetDashboardInput {
  readonly fleetName: string;
  readonly region: string;
  readonly functionName: string;
  readonly logGroupName: string;
  readonly gaugePeriodSeconds: number;
  readonly keyExpiryDays: number;
  readonly alarmArns: readonly string[];
}

type Widget = Record<string, unknown>;

/**
 * One dashboard for the whole fleet: alarm status, the playbook's figures
 * over the dashboard's time range (see fleetPlaybookWidgets.ts), step outcomes, the worst
 * key expiry and key age over all members, the maintenance runs, and two
 * log tables that name the members (failures, and the keys closest to
 * expiry) — the per-secret view costs log queries, not per-key metrics.
 */
export function fleetDashboardBody(input: FleetDashboardInput): { widgets: Widget[] } {
  const dims = fleetDimensions(input.fleetName);
  const metric = (name: string, extra: Record<string, string>, stat: string, label: string) => [
    METRIC_NAMESPACE,
    name,
    ...Object.entries({ ...dims, ...extra }).flat(),
    { stat, label },
  ];
  const graph = (
    title: string,
    metrics: unknown[][],
    y: number,
    x: number,
    period = 300,
  ): Widget => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: input.region, view: "timeSeries", period, metrics },
  });
  const logs = (title: string, query: string, y: number): Widget => ({
    type: "log",
    x: 0,
    y,
    width: 24,
    height: 6,
    properties: {
      title,
      region: input.region,
      view: "table",
      query: `SOURCE '${input.logGroupName}' | ${query}`,
    },
  });
  // Rows below the alarms and the playbook.
  const top = 3 + PLAYBOOK_ROW_HEIGHT;
  return {
    widgets: [
      {
        type: "alarm",
        x: 0,
        y: 0,
        width: 24,
        height: 3,
        properties: { title: `Fleet ${input.fleetName}: alarms`, alarms: [...input.alarmArns] },
      },
      ...playbookRow(input.fleetName, input.region, 3),
      graph(
        "Rotation steps failed, by step (every member)",
        ROTATION_STEPS.map((step) =>
          metric(RotationMetrics.StepFailed, { [MetricDimensions.Step]: step }, "Sum", step),
        ),
        top,
        0,
      ),
      graph(
        "Rotations succeeded (every member)",
        [metric(RotationMetrics.RotationSucceeded, {}, "Sum", "rotations")],
        top,
        12,
      ),
      graph(
        `Days until the soonest key expiry (alarm below ${input.keyExpiryDays})`,
        [metric(MonitorMetrics.DaysUntilKeyExpiry, {}, "Minimum", "soonest expiry")],
        top + 6,
        0,
        input.gaugePeriodSeconds,
      ),
      graph(
        "Hours since the oldest rotation",
        [metric(MonitorMetrics.HoursSinceLastRotation, {}, "Maximum", "oldest key")],
        top + 6,
        12,
        input.gaugePeriodSeconds,
      ),
      graph(
        "Maintenance runs: members maintained, failed, deferred",
        [
          metric(FleetMetrics.MembersMaintained, {}, "Sum", "maintained"),
          metric(FleetMetrics.MemberMaintenanceFailed, {}, "Sum", "failed"),
          metric(FleetMetrics.MembersDeferred, {}, "Sum", "deferred"),
        ],
        top + 12,
        0,
        input.gaugePeriodSeconds,
      ),
      graph(
        "Fleet function errors and duration",
        [
          ["AWS/Lambda", "Errors", "FunctionName", input.functionName, { stat: "Sum" }],
          ["AWS/Lambda", "Duration", "FunctionName", input.functionName, { stat: "Maximum" }],
        ],
        top + 12,
        12,
      ),
      logs(
        "Members that failed (steps and maintenance)",
        offendersQuery('level = "ERROR"'),
        top + 18,
      ),
      logs(
        "Keys closest to expiry",
        'fields secretName, monitor.daysUntilKeyExpiry as days, monitor.hoursSinceLastRotation as hours | filter message = "monitor published" | stats min(days) as daysLeft, max(hours) as ageHours by secretName | sort daysLeft asc | limit 50',
        top + 24,
      ),
    ],
  };
}
