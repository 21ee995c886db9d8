import {
  FleetMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
  PlaybookMetrics,
  RotationMetrics,
  RotationModes,
} from "../../lambdas/contract/metricNames";
import { fleetDimensions } from "./fleetAlarms";

/** Height of the playbook row, in dashboard grid units. */
export const PLAYBOOK_ROW_HEIGHT = 4;

type Widget = Record<string, unknown>;

/**
 * The playbook's figures (issue 14; what `report` computes from the audit
 * records) for the whole fleet, each a single value over the dashboard's own
 * time range (`setPeriodToTimeRange`), so the time-range picker is the
 * period. They read the metrics a fleet function emits at the source
 * (`PlaybookMetrics`, and the maintenance run's policy gauges); docs/fleets.md
 * says where each figure comes from and how it differs from `report`.
 */
export function playbookRow(fleetName: string, region: string, y: number): Widget[] {
  const dims = fleetDimensions(fleetName);
  const metric = (
    name: string,
    options: Record<string, unknown>,
    extra: Record<string, string> = {},
  ) => [METRIC_NAMESPACE, name, ...Object.entries({ ...dims, ...extra }).flat(), options];
  const single = (title: string, x: number, metrics: unknown[][]): Widget => ({
    type: "metric",
    x,
    y,
    width: 4,
    height: PLAYBOOK_ROW_HEIGHT,
    properties: {
      title,
      region,
      view: "singleValue",
      setPeriodToTimeRange: true,
      metrics,
    },
  });
  const timeToRotate = (mode: string, x: number) =>
    single(`Time to rotate, ${mode} (s)`, x, [
      metric(
        PlaybookMetrics.TimeToRotate,
        { stat: "p50", label: "median" },
        { [MetricDimensions.Mode]: mode },
      ),
      metric(
        PlaybookMetrics.TimeToRotate,
        { stat: "SampleCount", label: "rotations" },
        { [MetricDimensions.Mode]: mode },
      ),
    ]);
  return [
    single("Rotations without outage (%)", 0, [
      [
        {
          expression: "100 * (FILL(ok, 0) - FILL(outage, 0)) / (FILL(ok, 0) + FILL(failed, 0))",
          label: "success without outage %",
          id: "rate",
        },
      ],
      metric(RotationMetrics.RotationSucceeded, { id: "ok", stat: "Sum", label: "succeeded" }),
      metric(PlaybookMetrics.RotationFailed, {
        id: "failed",
        stat: "Sum",
        label: "failed attempts",
      }),
      metric(PlaybookMetrics.RotationOutage, { id: "outage", stat: "Sum", label: "outages" }),
    ]),
    timeToRotate(RotationModes.scheduled, 4),
    timeToRotate(RotationModes.emergency, 8),
    single("Keys within policy (%)", 12, [
      [
        {
          expression: "100 * within / checked",
          label: "within policy % (member checks)",
          id: "share",
        },
      ],
      metric(FleetMetrics.KeysWithinPolicy, { id: "within", stat: "Sum", visible: false }),
      metric(FleetMetrics.KeysChecked, { id: "checked", stat: "Sum", visible: false }),
    ]),
    single("Unused previous keys revoked", 16, [
      metric(PlaybookMetrics.UnusedPreviousKeyRevoked, { stat: "Sum", label: "revoked" }),
    ]),
    single("Time to contain (s)", 20, [
      metric(PlaybookMetrics.TimeToContain, { stat: "p50", label: "median" }),
      metric(PlaybookMetrics.TimeToContain, { stat: "Maximum", label: "max" }),
    ]),
  ];
}
