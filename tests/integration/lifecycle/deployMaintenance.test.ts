import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { maintenanceEvent } from "../../../lambdas/contract/events";
import { MonitorMetrics } from "../../../lambdas/contract/metricNames";
import { useScenario } from "../../../harness/scenario";

/**
 * The maintenance run the component invokes once at deploy (issue 13,
 * misfire 2): `{"action":"maintain","deploy":true}`, sent by the
 * `aws.lambda.Invocation` when the stack is created or the function changes.
 * It must succeed on a fresh secret with no key yet and while the first
 * rotation is in flight, and a transient failure must not fail the deploy.
 */
describe("maintenance at deploy", () => {
  const s = useScenario("deploy-maintain", { overlapHours: 24 });
  const deployEvent = maintenanceEvent("maintain", { deploy: true });

  interface DeployReport {
    readonly lifecycle?: { readonly revocation: { readonly action: string } };
    readonly monitor?: { readonly published: readonly string[] };
    readonly deferred?: string;
  }

  async function stages(): Promise<Record<string, string[]>> {
    const d = await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn }));
    return d.VersionIdsToStages ?? {};
  }

  it("is the schedule's event plus deploy: true", () => {
    // Assess
    expect(deployEvent).toEqual({ action: "maintain", deploy: true });
  });

  it("succeeds on a fresh secret with no key yet, publishing the vendor figures", async () => {
    // Act
    const report = (await s.world.handler(deployEvent)) as DeployReport;

    // Assess
    expect(report.deferred).toBeUndefined();
    expect(report.lifecycle?.revocation.action).toBe("none");
    expect(report.monitor?.published).toEqual([
      MonitorMetrics.ActiveVendorKeys,
      MonitorMetrics.PreviousKeyActive,
    ]);
  });

  it("succeeds while the first rotation is in flight, and leaves that rotation to finish", async () => {
    // Prepare: RotateSecret created the valueless AWSPENDING version; no step ran yet.
    const token = await s.world.orchestrator.begin(s.world.secretArn);

    // Act
    const report = (await s.world.handler(deployEvent)) as DeployReport;
    const rotation = await s.world.orchestrator.retry(s.world.secretArn, token);

    // Assess
    expect(report.deferred).toBeUndefined();
    expect(rotation.error).toBeUndefined();
    expect((await stages())[token]).toContain("AWSCURRENT");
    await s.expectInvariants();
  });

  it("reports a transient vendor failure instead of failing the deploy; the schedule's run still fails", async () => {
    // Prepare
    s.world.sim.faults.failNext("list", 1_000, 503);

    // Act
    const atDeploy = (await s.world.handler(deployEvent)) as DeployReport;
    const scheduled = s.world.handler(maintenanceEvent("maintain"));

    // Assess
    await expect(scheduled).rejects.toThrow(/503/);
    expect(atDeploy.deferred).toMatch(
      /^maintenance at deploy deferred to the next scheduled run: VendorError: nylas listKeys failed with HTTP 503/,
    );
    expect(atDeploy.monitor?.published).toEqual([
      MonitorMetrics.DaysUntilKeyExpiry,
      MonitorMetrics.HoursSinceLastRotation,
    ]);
    s.world.sim.faults.clear();
  });
});
