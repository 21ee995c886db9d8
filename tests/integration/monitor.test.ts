import { Logger } from "@aws-lambda-powertools/logger";
import { rotationDimensions } from "../../components/alarms/alarmMetrics";
import { planRotatedApiKey } from "../../components/validateArgs";
import { createMaintenanceContext } from "../../lambdas/engine/lifecycle/maintain";
import type { MaintenanceContext } from "../../lambdas/engine/lifecycle/maintenanceContext";
import { runMonitor } from "../../lambdas/engine/lifecycle/monitor";
import { ConfigEnv, loadConfig } from "../../lambdas/contract/config";
import { SecretsStore } from "../../lambdas/engine/core/secretsStore";
import { METRIC_NAMESPACE, MonitorMetrics } from "../../lambdas/contract/metricNames";
import { createAdapter } from "../../lambdas/vendors/registry";
import { defaultArgs } from "../components/componentArgs";
import { emfMetrics, emfViolations, isEmfLine } from "../lambdas/engine/lifecycle/emfSpec";
import { useScenario } from "../../harness/scenario";

const DAY_MS = 86_400_000;

describe("the monitor against moto and the Nylas simulator", () => {
  const s = useScenario("monitor", { vendor: "nylas" });

  /**
   * The context the `maintain` action builds in the Lambda: the world's
   * configuration plus ROTATION_SECRET_ARN (the component sets it), a
   * SecretsStore over moto and the vendor adapter with the simulator's admin
   * credential. `offsetMs` moves the monitor's clock.
   */
  function maintenanceContext(offsetMs = 0): MaintenanceContext {
    const config = loadConfig({ ...s.world.env, [ConfigEnv.secretArn]: s.world.secretArn });
    return createMaintenanceContext({
      store: new SecretsStore(s.world.client),
      adapter: createAdapter(config, () => Promise.resolve(s.world.sim.adminCredentialJson)),
      config,
      logger: new Logger({ serviceName: "rotated-api-key" }),
      now: () => new Date(Date.now() + offsetMs),
    });
  }

  /** No key the simulator ever issued appears in what the test wrote. */
  function expectNoKeyMaterial(): void {
    const text = s.output.text();
    expect(s.world.sim.issuedSecrets().filter((secret) => text.includes(secret))).toEqual([]);
  }

  /** The EMF records written since the test started, each checked against the specification. */
  function emfRecords(): ReturnType<typeof emfMetrics> {
    const lines = s.output.lines().filter(isEmfLine);
    expect(lines.map(emfViolations)).toEqual(lines.map(() => []));
    return lines.flatMap(emfMetrics);
  }

  it("publishes only the vendor figures before the first rotation, so the expiry and overdue alarms see missing data", async () => {
    // Act
    const report = await runMonitor(maintenanceContext());
    // Assess
    expect(report).toEqual({
      secretName: s.world.secretName,
      activeVendorKeys: 0,
      previousKeyActive: false,
      published: [MonitorMetrics.ActiveVendorKeys, MonitorMetrics.PreviousKeyActive],
    });
  });

  it("after the first rotation, publishes four conforming EMF records with the alarms' dimensions", async () => {
    // Prepare
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);
    expect(outcome.error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    // Act
    const report = await runMonitor(maintenanceContext());
    // Assess
    expect(report).toMatchObject({
      secretName: s.world.secretName,
      expirySource: "vendor",
      activeVendorKeys: 1,
      previousKeyActive: false,
    });
    expect(report.daysUntilKeyExpiry).toBeCloseTo(90, 1);
    expect(report.hoursSinceLastRotation).toBeLessThan(0.1);
    expect(Date.parse(current?.expiresAt ?? "")).toBeGreaterThan(Date.now() + 89.9 * DAY_MS);
    const records = emfRecords().filter((m) =>
      (Object.values(MonitorMetrics) as string[]).includes(m.name),
    );
    expect(records.map((m) => [m.namespace, m.name, m.unit, m.dimensionSets])).toEqual(
      [
        [MonitorMetrics.DaysUntilKeyExpiry, "None"],
        [MonitorMetrics.HoursSinceLastRotation, "None"],
        [MonitorMetrics.ActiveVendorKeys, "Count"],
        [MonitorMetrics.PreviousKeyActive, "Count"],
      ].map(([name, unit]) => [
        METRIC_NAMESPACE,
        name,
        unit,
        [rotationDimensions(s.world.secretName)],
      ]),
    );
    expect(records.map((m) => m.value)).toEqual([
      report.daysUntilKeyExpiry,
      report.hoursSinceLastRotation,
      1,
      0,
    ]);
  });

  it("counts both keys and sees the previous one active during the overlap", async () => {
    // Prepare
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    // Act
    const report = await runMonitor(maintenanceContext());
    // Assess
    expect(report).toMatchObject({ activeVendorKeys: 2, previousKeyActive: true });
  });

  it("80 days without a rotation, reports figures past the default expiry and overdue thresholds", async () => {
    // Prepare
    const alarms = planRotatedApiKey("nylas-key", defaultArgs).monitoring.alarms;
    // Act
    const report = await runMonitor(maintenanceContext(80 * DAY_MS));
    // Assess
    expect(report.daysUntilKeyExpiry).toBeCloseTo(10, 1);
    expect(report.daysUntilKeyExpiry).toBeLessThan(alarms?.keyExpiry?.thresholdDays ?? 0);
    expect(report.hoursSinceLastRotation).toBeGreaterThan(
      alarms?.overdueRotation?.thresholdHours ?? Infinity,
    );
  });

  it("publishes the Secrets Manager figures, from the stored expiry, while the vendor answers 503", async () => {
    // Prepare
    s.world.sim.faults.failNext("list", 4, 503);
    // Act
    const report = await runMonitor(maintenanceContext());
    // Assess
    expect(report.published).toEqual([
      MonitorMetrics.DaysUntilKeyExpiry,
      MonitorMetrics.HoursSinceLastRotation,
    ]);
    expect(report).toMatchObject({ expirySource: "stored" });
    expect(report.vendorError).toMatch(/503/);
    s.world.sim.faults.clear();
    // All six invariants, the leak scan of everything written included.
    await s.expectInvariants();
  });

  // The last two tests revoke keys behind the engine's back (as an operator in the vendor's
  // console would), which breaks invariant 2 on purpose: they check key material only.
  it("sees a previous key revoked at the vendor as no longer active", async () => {
    // Prepare
    const previous = await s.world.readValue("AWSPREVIOUS");
    s.world.sim.revokeOutOfBand(previous?.keyId ?? "");
    // Act
    const report = await runMonitor(maintenanceContext());
    // Assess
    expect(report).toMatchObject({ activeVendorKeys: 1, previousKeyActive: false });
    expectNoKeyMaterial();
  });

  it("reports 0 days left when the current key was revoked at the vendor", async () => {
    // Prepare
    const current = await s.world.readValue("AWSCURRENT");
    s.world.sim.revokeOutOfBand(current?.keyId ?? "");
    // Act
    const report = await runMonitor(maintenanceContext());
    // Assess
    expect(report).toMatchObject({
      daysUntilKeyExpiry: 0,
      expirySource: "not-active-at-vendor",
      activeVendorKeys: 0,
    });
    expectNoKeyMaterial();
  });
});
