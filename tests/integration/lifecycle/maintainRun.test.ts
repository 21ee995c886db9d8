import { MonitorMetrics } from "../../../lambdas/contract/metricNames";
import { act } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";

interface EmfRecord {
  _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }>; Dimensions: string[][] }> };
  [key: string]: unknown;
}

describe("the scheduled maintenance run, through the bundle", () => {
  const s = useScenario("maintain-run", { overlapHours: 24 });

  it("runs the lifecycle, then publishes the monitor's gauges for the alarms", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);

    // Act
    const report = await act<{
      lifecycle: { revocation: { action: string } };
      monitor: { activeVendorKeys: number; previousKeyActive: boolean; published: string[] };
    }>(s.world, "maintain");

    // Assess
    expect(report.lifecycle.revocation.action).toBe("waiting");
    expect(report.monitor).toMatchObject({ activeVendorKeys: 2, previousKeyActive: true });
    const gauges = s.output
      .lines()
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as EmfRecord)
      .filter((r) =>
        Object.values(MonitorMetrics).includes(
          r._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name as never,
        ),
      );
    expect(gauges.map((r) => r._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name)).toEqual(
      report.monitor.published,
    );
    for (const r of gauges) {
      expect(r._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([["service", "SecretName"]]);
      expect(r.SecretName).toBe(s.world.secretName);
    }
    expect(
      gauges.find(
        (r) => r._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name === MonitorMetrics.ActiveVendorKeys,
      )?.[MonitorMetrics.ActiveVendorKeys],
    ).toBe(2);
    await s.expectInvariants();
  });
});
