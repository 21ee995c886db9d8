import { rotationDimensions } from "../../../../components/alarms/alarmMetrics";
import { runMonitor } from "../../../../lambdas/engine/lifecycle/monitor";
import { METRIC_NAMESPACE, MonitorMetrics } from "../../../../lambdas/contract/metricNames";
import { captureOutput, type CapturedOutput } from "../../../../harness/captureOutput";
import { emfMetrics, emfViolations, isEmfLine } from "./emfSpec";
import { SECRET_NAME, monitorContext, vendorKeyFor, type StoredFixture } from "./monitorFixtures";

/** Rotated 10 hours before NOW; the stored expiry is 90 days after creation. */
const current: StoredFixture = {
  versionId: "22222222-2222-4222-8222-222222222222",
  keyId: "key-current",
  createdAt: "2030-05-10T02:00:00.000Z",
  expiresAt: "2030-08-08T02:00:00.000Z",
};
const previous: StoredFixture = {
  versionId: "11111111-1111-4111-8111-111111111111",
  keyId: "key-previous",
  createdAt: "2030-04-10T02:00:00.000Z",
  expiresAt: "2030-07-09T02:00:00.000Z",
};
/** A key of another secret, listed by the same admin credential. */
const foreignKey = { id: "key-foreign", name: "rotated-ffffffffff-33333333" };

/** `name=value unit` of each EMF metric written, in order. */
function published(output: CapturedOutput): string[] {
  return output
    .lines()
    .filter(isEmfLine)
    .flatMap(emfMetrics)
    .map((m) => `${m.name}=${String(m.value)} ${m.unit ?? ""}`);
}

describe("runMonitor", () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it("publishes the four gauges of a healthy key, expiry as the vendor reports it", async () => {
    // Prepare: the vendor's expiry (2030-07-29) differs from the stored one, and wins.
    const ctx = monitorContext({
      current,
      previous,
      vendorKeys: [
        vendorKeyFor(current, "2030-07-29T02:00:00.000Z"),
        vendorKeyFor(previous),
        foreignKey,
      ],
    });
    // Act
    const report = await runMonitor(ctx);
    // Assess
    expect(report).toEqual({
      secretName: SECRET_NAME,
      daysUntilKeyExpiry: 79.58,
      expirySource: "vendor",
      hoursSinceLastRotation: 10,
      activeVendorKeys: 2,
      previousKeyActive: true,
      published: [
        "DaysUntilKeyExpiry",
        "HoursSinceLastRotation",
        "ActiveVendorKeys",
        "PreviousKeyActive",
      ],
    });
    expect(published(output)).toEqual([
      "DaysUntilKeyExpiry=79.58 None",
      "HoursSinceLastRotation=10 None",
      "ActiveVendorKeys=2 Count",
      "PreviousKeyActive=1 Count",
    ]);
  });

  it("writes one EMF record per metric that conforms to the specification, with the alarms' namespace and dimensions", async () => {
    // Prepare
    const ctx = monitorContext({
      current,
      previous,
      vendorKeys: [vendorKeyFor(current), vendorKeyFor(previous)],
    });
    // Act
    await runMonitor(ctx);
    const lines = output.lines().filter(isEmfLine);
    // Assess
    expect(lines).toHaveLength(4);
    expect(lines.map(emfViolations)).toEqual([[], [], [], []]);
    const metrics = lines.flatMap(emfMetrics);
    expect(metrics.map((m) => m.name)).toEqual(Object.values(MonitorMetrics));
    for (const m of metrics) {
      expect(m.namespace).toBe(METRIC_NAMESPACE);
      expect(m.dimensionSets).toEqual([rotationDimensions(SECRET_NAME)]);
    }
  });

  it("falls back to the stored expiry when the vendor reports none", async () => {
    // Prepare
    const ctx = monitorContext({ current, vendorKeys: [vendorKeyFor(current)] });
    // Act
    const report = await runMonitor(ctx);
    // Assess
    expect(report).toEqual({
      secretName: SECRET_NAME,
      daysUntilKeyExpiry: 89.58,
      expirySource: "stored",
      hoursSinceLastRotation: 10,
      activeVendorKeys: 1,
      previousKeyActive: false,
      published: Object.values(MonitorMetrics),
    });
    expect(published(output)).toContain("PreviousKeyActive=0 Count");
  });

  it("reports 0 days left when the vendor no longer lists the current key", async () => {
    // Prepare: revoked out of band; the previous key is still there.
    const ctx = monitorContext({ current, previous, vendorKeys: [vendorKeyFor(previous)] });
    // Act
    const report = await runMonitor(ctx);
    // Assess
    expect(report).toMatchObject({
      daysUntilKeyExpiry: 0,
      expirySource: "not-active-at-vendor",
      activeVendorKeys: 1,
      previousKeyActive: true,
    });
    expect(published(output)[0]).toBe("DaysUntilKeyExpiry=0 None");
  });

  it("leaves the expiry out for a key that never expires", async () => {
    // Prepare
    const { expiresAt: _stored, ...neverExpires } = current;
    const ctx = monitorContext({ current: neverExpires, vendorKeys: [vendorKeyFor(current)] });
    // Act
    const report = await runMonitor(ctx);
    // Assess
    expect(report.published).toEqual([
      "HoursSinceLastRotation",
      "ActiveVendorKeys",
      "PreviousKeyActive",
    ]);
    expect(report).not.toHaveProperty("daysUntilKeyExpiry");
  });

  it("still publishes the Secrets Manager figures, from the stored expiry, when the vendor cannot list keys", async () => {
    // Prepare
    const outage = Object.assign(new Error("Nylas answered 503"), { name: "VendorError" });
    const ctx = monitorContext({ current, previous, vendorKeys: outage });
    // Act
    const report = await runMonitor(ctx);
    // Assess
    expect(report).toEqual({
      secretName: SECRET_NAME,
      daysUntilKeyExpiry: 89.58,
      expirySource: "stored",
      hoursSinceLastRotation: 10,
      vendorError: "VendorError: Nylas answered 503",
      published: ["DaysUntilKeyExpiry", "HoursSinceLastRotation"],
    });
    const warning = output
      .lines()
      .filter((l) => !isEmfLine(l))
      .map((l) => JSON.parse(l) as { level: string; message: string; vendorError?: string })
      .find((l) => l.level === "WARN");
    expect(warning).toMatchObject({
      message: "monitor: the vendor's key list could not be read",
      vendorError: "VendorError: Nylas answered 503",
    });
  });

  it("publishes no expiry or rotation age before the first rotation, so those alarms see missing data", async () => {
    // Prepare: the component creates the secret empty.
    const ctx = monitorContext({ vendorKeys: [] });
    // Act
    const report = await runMonitor(ctx);
    // Assess
    expect(report).toEqual({
      secretName: SECRET_NAME,
      activeVendorKeys: 0,
      previousKeyActive: false,
      published: ["ActiveVendorKeys", "PreviousKeyActive"],
    });
  });

  it("throws, publishing nothing, when Secrets Manager cannot be read", async () => {
    // Prepare
    const ctx = monitorContext({ current, vendorKeys: [], secretsManagerDown: true });
    // Act
    const run = runMonitor(ctx);
    // Assess
    await expect(run).rejects.toThrow("Secrets Manager is unreachable");
    expect(output.lines().filter(isEmfLine)).toEqual([]);
  });

  it("writes no key material: only ids, names, counts and times", async () => {
    // Prepare
    const ctx = monitorContext({ current, previous, vendorKeys: [vendorKeyFor(current)] });
    // Act
    await runMonitor(ctx);
    // Assess
    expect(output.text()).not.toContain("fixture-key-");
  });
});
