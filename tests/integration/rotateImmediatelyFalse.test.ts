import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { RotationMetrics } from "../../lambdas/contract/metricNames";
import { useScenario } from "../../harness/scenario";
import { emfMetrics, isEmfLine } from "../lambdas/engine/lifecycle/emfSpec";

/**
 * `rotateImmediately: false` (issue 13, misfire 1): Secrets Manager runs only
 * `testSecret` against an AWSPENDING version it creates, then removes the
 * label. Neither on a fresh secret nor after rotations may that raise a
 * failure: no error, no failed-step metric, no key created or revoked, the
 * label gone afterwards and the next real rotation free to start.
 */
describe("configuring rotation with rotateImmediately: false", () => {
  const s = useScenario("rotate-later", { overlapHours: 24 });

  async function stagesOf(): Promise<Record<string, string[]>> {
    const d = await s.world.client.send(new DescribeSecretCommand({ SecretId: s.world.secretArn }));
    return d.VersionIdsToStages ?? {};
  }

  /** Every step metric the function emitted in this test, as [name, step]. */
  function stepMetrics(): Array<[string, string | undefined]> {
    return s.output
      .lines()
      .filter(isEmfLine)
      .flatMap(emfMetrics)
      .filter((m) =>
        [RotationMetrics.StepSucceeded, RotationMetrics.StepFailed].includes(m.name as never),
      )
      .map((m) => [m.name, m.dimensionSets[0]?.["Step"]]);
  }

  it("on a fresh secret with no key yet, passes, changes nothing and leaves no AWSPENDING", async () => {
    // Prepare
    const before = await stagesOf();

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, {
      rotateImmediately: false,
      testVersion: "empty",
    });

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(outcome.steps.map((t) => [t.step, t.error])).toEqual([["testSecret", undefined]]);
    expect(stepMetrics()).toEqual([[RotationMetrics.StepSucceeded, "testSecret"]]);
    expect(s.world.sim.keys()).toEqual([]);
    const after = await stagesOf();
    expect(Object.values(after).flat()).not.toContain("AWSPENDING");
    expect(Object.keys(after).filter((v) => !(v in before))).toEqual([outcome.token]);
    expect(await s.world.readValue("AWSCURRENT")).toBeUndefined();
  });

  it("after rotations, passes against a copy of AWSCURRENT, and the next rotation starts at once", async () => {
    // Prepare
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const current = await s.world.readValue("AWSCURRENT");
    const keys = s.world.sim.keys().map((k) => k.id);

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, {
      rotateImmediately: false,
    });
    const metrics = stepMetrics().slice(-1);
    const next = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(outcome.error).toBeUndefined();
    expect(metrics).toEqual([[RotationMetrics.StepSucceeded, "testSecret"]]);
    expect(stepMetrics().filter(([name]) => name === RotationMetrics.StepFailed)).toEqual([]);
    expect(next.error).toBeUndefined();
    expect((await s.world.readValue("AWSPREVIOUS"))?.versionId).toBe(current?.versionId);
    expect(s.world.sim.keys().map((k) => k.id)).toEqual(expect.arrayContaining(keys));
    expect(s.world.sim.isKeyAccepted(current?.apiKey ?? "")).toBe(true);
    await s.expectInvariants();
  });
});
