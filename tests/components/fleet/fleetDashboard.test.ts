import { only } from "../componentHarness";
import { M } from "../alarms/alarmHarness";
import { REGION, installPulumiMocks } from "../pulumiMocks";
import { deployFleet } from "./fleetHarness";

const mocks = installPulumiMocks();

interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const NS = "RotatedApiKey";
const DIMS = ["service", "rotated-api-key", "Fleet", "nylas-prod"];

describe("the fleet dashboard's playbook row", () => {
  let widgets: Widget[];
  beforeAll(async () => {
    await deployFleet(mocks, "nylas-prod");
    const body = only(mocks, M.dashboard, "nylas-prod-fleet-dashboard").inputs.dashboardBody;
    widgets = (JSON.parse(body as string) as { widgets: Widget[] }).widgets;
  });

  it("shows the playbook's figures right under the alarms, each over the dashboard's time range", () => {
    // Act
    const row = widgets.filter((w) => w.y === 3);

    // Assess
    const single = (title: string, x: number, metrics: unknown[]) => ({
      type: "metric",
      x,
      y: 3,
      width: 4,
      height: 4,
      properties: {
        title,
        region: REGION,
        view: "singleValue",
        setPeriodToTimeRange: true,
        metrics,
      },
    });
    expect(row).toEqual([
      single("Rotations without outage (%)", 0, [
        [
          {
            expression: "100 * (FILL(ok, 0) - FILL(outage, 0)) / (FILL(ok, 0) + FILL(failed, 0))",
            label: "success without outage %",
            id: "rate",
          },
        ],
        [NS, "RotationSucceeded", ...DIMS, { id: "ok", stat: "Sum", label: "succeeded" }],
        [NS, "RotationFailed", ...DIMS, { id: "failed", stat: "Sum", label: "failed attempts" }],
        [NS, "RotationOutage", ...DIMS, { id: "outage", stat: "Sum", label: "outages" }],
      ]),
      single("Time to rotate, scheduled (s)", 4, [
        [NS, "TimeToRotate", ...DIMS, "Mode", "scheduled", { stat: "p50", label: "median" }],
        [
          NS,
          "TimeToRotate",
          ...DIMS,
          "Mode",
          "scheduled",
          { stat: "SampleCount", label: "rotations" },
        ],
      ]),
      single("Time to rotate, emergency (s)", 8, [
        [NS, "TimeToRotate", ...DIMS, "Mode", "emergency", { stat: "p50", label: "median" }],
        [
          NS,
          "TimeToRotate",
          ...DIMS,
          "Mode",
          "emergency",
          { stat: "SampleCount", label: "rotations" },
        ],
      ]),
      single("Keys within policy (%)", 12, [
        [
          {
            expression: "100 * within / checked",
            label: "within policy % (member checks)",
            id: "share",
          },
        ],
        [NS, "FleetKeysWithinPolicy", ...DIMS, { id: "within", stat: "Sum", visible: false }],
        [NS, "FleetKeysChecked", ...DIMS, { id: "checked", stat: "Sum", visible: false }],
      ]),
      single("Unused previous keys revoked", 16, [
        [NS, "UnusedPreviousKeyRevoked", ...DIMS, { stat: "Sum", label: "revoked" }],
      ]),
      single("Time to contain (s)", 20, [
        [NS, "TimeToContain", ...DIMS, { stat: "p50", label: "median" }],
        [NS, "TimeToContain", ...DIMS, { stat: "Maximum", label: "max" }],
      ]),
    ]);
  });

  it("keeps every widget on the 24-column grid without overlaps, the older rows below the playbook", () => {
    // Act
    const cells = new Map<string, string>();
    const clashes: string[] = [];
    for (const w of widgets) {
      const title = String(w.properties.title);
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          const taken = cells.get(`${x},${y}`);
          if (taken !== undefined) clashes.push(`${title} overlaps ${taken}`);
          cells.set(`${x},${y}`, title);
        }
    }

    // Assess
    expect(clashes).toEqual([]);
    expect(widgets.filter((w) => w.x + w.width > 24)).toEqual([]);
    expect(widgets.map((w) => [w.y, w.properties.title]).slice(7)).toEqual([
      [7, "Rotation steps failed, by step (every member)"],
      [7, "Rotations succeeded (every member)"],
      [13, "Days until the soonest key expiry (alarm below 14)"],
      [13, "Hours since the oldest rotation"],
      [19, "Maintenance runs: members maintained, failed, deferred"],
      [19, "Fleet function errors and duration"],
      [25, "Members that failed (steps and maintenance)"],
      [31, "Keys closest to expiry"],
    ]);
  });
});
