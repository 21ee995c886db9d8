import { readFileSync } from "node:fs";
import path from "node:path";
import { AlarmDefaults as D } from "../../../components/alarms/alarmArgs";
import { ROTATION_FAILURE_EVENTS } from "../../../components/alarms/eventPatterns";
import { MonitorMetrics } from "../../../lambdas/contract/metricNames";
import { defaultArgs } from "../componentArgs";
import { deploy } from "../componentHarness";
import { installPulumiMocks } from "../pulumiMocks";
import { M } from "./alarmHarness";

const mocks = installPulumiMocks();
/** The alarms page. */
const DOC = readFileSync(path.resolve(__dirname, "..", "..", "..", "docs", "alarms.md"), "utf8");

/** The rows of the first table after `heading`, cells trimmed. */
function tableAfter(heading: string): string[][] {
  const lines = DOC.split("\n");
  const start = lines.findIndex((l, i) => i > lines.indexOf(heading) && l.startsWith("|"));
  const rows: string[][] = [];
  for (let i = start; (lines[i] ?? "").startsWith("|"); i++) {
    rows.push(
      (lines[i] as string)
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

describe("the alarms documentation", () => {
  it("lists every alarm the component creates by default, by resource name", async () => {
    // Prepare
    await deploy(mocks, "nylas-key", defaultArgs);
    const created = mocks.ofType(M.alarm).map((a) => a.name.replace("nylas-key", "<name>"));
    // Act
    const documented = tableAfter("## What alarms exist, what fires them, where they go").map(
      (row) => /`(<name>-[a-z-]+)`/.exec(row[0] ?? "")?.[1],
    );
    // Assess
    expect(documented.sort()).toEqual(created.sort());
  });

  it("states the defaults the component applies", () => {
    const alarms = tableAfter("## What alarms exist, what fires them, where they go")
      .map((row) => row.join(" | "))
      .join("\n");
    expect(alarms).toContain(`\`< ${D.keyExpiryThresholdDays}\``);
    expect(alarms).toContain(`**${D.overdueRotationSlackHours} h** slack`);
    expect(alarms).toContain(`\`>= ${D.functionErrorsThreshold}\` in one 5-minute period`);
    expect(alarms).toContain(
      `\`>= ${D.authFailureThreshold}\` per minute in ${D.authFailureDatapointsToAlarm} of ${D.authFailureEvaluationPeriods} minutes`,
    );
    expect(alarms).toContain(`anomaly band (${D.anomalyBandWidth} standard deviations`);
    expect(DOC).toContain("`cron(17 * * * ? *)`");
    for (const event of ROTATION_FAILURE_EVENTS) expect(DOC).toContain(`\`${event}\``);
  });

  it("describes every gauge the monitor publishes", () => {
    const gauges = tableAfter("## The monitor").map((row) => row[0]);
    expect(gauges).toEqual(Object.values(MonitorMetrics).map((m) => `\`${m}\``));
  });
});
