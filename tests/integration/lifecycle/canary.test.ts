import { TagResourceCommand } from "@aws-sdk/client-secrets-manager";
import { CANARY_TAG, CANARY_TAG_VALUE } from "../../../lambdas/contract/canary";
import { CanaryMetrics } from "../../../lambdas/contract/metricNames";
import { act } from "../../../harness/lifecycle";
import { useScenario, type Scenario } from "../../../harness/scenario";

interface EmfRecord {
  _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }>; Dimensions: string[][] }> };
  [key: string]: unknown;
}

interface CanaryRunReport {
  canary?: {
    secretName: string;
    detectable: boolean;
    used?: Array<{ keyId: string; stage: string; lastUsedAt: string }>;
    skipped?: string;
  };
}

/** Marks the world's secret as a canary, as the component's `canary: true` does. */
async function tagAsCanary(s: Scenario): Promise<void> {
  await s.world.client.send(
    new TagResourceCommand({
      SecretId: s.world.secretArn,
      Tags: [{ Key: CANARY_TAG, Value: CANARY_TAG_VALUE }],
    }),
  );
}

/** The `CanaryKeyUsed` EMF records written since the test started. */
function canaryRecords(s: Scenario): EmfRecord[] {
  return s.output
    .lines()
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as EmfRecord)
    .filter((r) => r._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name === CanaryMetrics.CanaryKeyUsed);
}

/** Structured log lines whose message starts with `prefix`. */
function logLines(s: Scenario, prefix: string): Array<Record<string, unknown>> {
  return s.output.lines().flatMap((l) => {
    try {
      const parsed = JSON.parse(l) as Record<string, unknown>;
      return String(parsed.message ?? "").startsWith(prefix) ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** No key the simulator ever issued appears in what the test wrote. */
function expectNoKeyMaterial(s: Scenario): void {
  const text = s.output.text();
  expect(s.world.sim.issuedSecrets().filter((secret) => text.includes(secret))).toEqual([]);
}

describe("a canary key at a vendor that reports last use (Datadog simulator), through the bundle", () => {
  const s = useScenario("canary-datadog", { vendor: "datadog" });

  it("before the first rotation (no promoted key), warns and publishes no CanaryKeyUsed", async () => {
    // Prepare
    await tagAsCanary(s);
    // Act
    const report = await act<CanaryRunReport>(s.world, "maintain");
    // Assess
    expect(report.canary).toEqual({
      secretName: s.world.secretName,
      detectable: true,
      skipped: "the current key has no promotion record yet; judged from the next run",
    });
    expect(canaryRecords(s)).toEqual([]);
    expect(logLines(s, "canary:").map((l) => [l.level, l.message])).toEqual([
      ["WARN", "canary: the current key has no promotion record yet; judged from the next run"],
    ]);
  });

  it("rotates like any key, and an unused canary publishes CanaryKeyUsed=0", async () => {
    // Prepare
    await tagAsCanary(s);
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    // Act
    const report = await act<CanaryRunReport>(s.world, "maintain");
    // Assess: the rotation's own verification calls (before promotion) are not a use
    expect(report.canary).toEqual({
      secretName: s.world.secretName,
      detectable: true,
      used: [],
    });
    const records = canaryRecords(s);
    expect(records.map((r) => [r[CanaryMetrics.CanaryKeyUsed], r.SecretName])).toEqual([
      [0, s.world.secretName],
    ]);
    expect(records[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([["service", "SecretName"]]);
    expect(logLines(s, "canary:")).toEqual([]);
    await s.expectInvariants();
  });

  it("a request with the canary key at the vendor → CanaryKeyUsed=1 and an error naming the secret and key id, never the key", async () => {
    // Prepare: the vendor's last-use time has one-second resolution; use the key after the promotion's second
    const current = await s.world.readValue("AWSCURRENT");
    const previous = await s.world.readValue("AWSPREVIOUS");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const res = await fetch(`${s.world.sim.baseUrl}/api/v1/validate`, {
      headers: { "DD-API-KEY": current?.apiKey ?? "" },
    });
    expect(res.status).toBe(200);
    // Act
    const report = await act<CanaryRunReport>(s.world, "maintain");
    // Assess
    expect(report.canary?.used?.map((u) => [u.keyId, u.stage])).toEqual([
      [current?.keyId, "AWSCURRENT"],
    ]);
    expect(canaryRecords(s).map((r) => r[CanaryMetrics.CanaryKeyUsed])).toEqual([1]);
    const errors = logLines(s, "canary: key");
    expect(errors.map((e) => [e.level, e.secretName, e.keyId, e.stage])).toEqual([
      ["ERROR", s.world.secretName, current?.keyId, "AWSCURRENT"],
    ]);
    expect(String(errors[0]?.message)).toContain(
      `canary: key ${String(current?.keyId)} (AWSCURRENT) of canary secret ${s.world.secretName} was used at `,
    );
    expect(JSON.stringify(errors)).not.toContain(String(previous?.keyId));
    expectNoKeyMaterial(s);
    await s.expectInvariants();
  });

  it("after the next rotation, judges from the new promotion: an earlier use is not reported again, a use of the previous key is", async () => {
    // Prepare: the key used in the last test becomes AWSPREVIOUS
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const previous = await s.world.readValue("AWSPREVIOUS");
    const quiet = await act<CanaryRunReport>(s.world, "maintain");
    expect(quiet.canary?.used).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const res = await fetch(`${s.world.sim.baseUrl}/api/v1/validate`, {
      headers: { "DD-API-KEY": previous?.apiKey ?? "" },
    });
    expect(res.status).toBe(200);
    // Act
    const report = await act<CanaryRunReport>(s.world, "maintain");
    // Assess
    expect(report.canary?.used?.map((u) => [u.keyId, u.stage])).toEqual([
      [previous?.keyId, "AWSPREVIOUS"],
    ]);
    expect(canaryRecords(s).map((r) => r[CanaryMetrics.CanaryKeyUsed])).toEqual([0, 1]);
    expectNoKeyMaterial(s);
    await s.expectInvariants();
  });

  it("when the vendor's key list fails, warns and publishes no CanaryKeyUsed (no guess)", async () => {
    // Prepare
    s.world.sim.faults.failNext("list", 50, 500);
    // Act: the lifecycle fails too, so the run throws after the monitor and the canary check
    await expect(act(s.world, "maintain")).rejects.toThrow();
    s.world.sim.faults.clear();
    // Assess
    expect(canaryRecords(s)).toEqual([]);
    expect(logLines(s, "canary:").map((l) => [l.level, l.message, l.secretName])).toEqual([
      ["WARN", "canary: the vendor's key list could not be read (VendorError)", s.world.secretName],
    ]);
    expectNoKeyMaterial(s);
  });
});

describe("a canary key at a vendor without last-use data (SendGrid simulator), through the bundle", () => {
  const s = useScenario("canary-sendgrid", { vendor: "sendgrid" });

  it("rotates like any key, publishes no CanaryKeyUsed and warns that use cannot be detected from the vendor", async () => {
    // Prepare
    await tagAsCanary(s);
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    // Act
    const report = await act<CanaryRunReport>(s.world, "maintain");
    // Assess
    expect(report.canary).toEqual({ secretName: s.world.secretName, detectable: false });
    expect(canaryRecords(s)).toEqual([]);
    expect(logLines(s, "canary:").map((l) => [l.level, l.message])).toEqual([
      [
        "WARN",
        `canary: sendgrid does not report when a key was last used, so use of the canary key of secret ${s.world.secretName} cannot be detected from the vendor; only reads of the secret (the CloudTrail rule, see docs/canaries.md) can reveal a leak.`,
      ],
    ]);
    expectNoKeyMaterial(s);
    await s.expectInvariants();
  });
});
