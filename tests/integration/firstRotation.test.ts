import { useScenario } from "../../harness/scenario";
import { SIMULATED_VENDORS } from "../../harness/simulators";

describe.each(SIMULATED_VENDORS)("first rotation on an empty secret (%s)", (vendor) => {
  const s = useScenario(`first-${vendor}`, { vendor });

  it("creates, verifies and promotes the first vendor key", async () => {
    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect({ failedStep: outcome.failedStep, error: outcome.error?.message }).toEqual({});
    expect(outcome.steps.map((step) => step.step)).toEqual([
      "createSecret",
      "setSecret",
      "testSecret",
      "finishSecret",
    ]);
    const current = await s.world.readValue("AWSCURRENT");
    expect(current?.versionId).toBe(outcome.token);
    expect(current?.rotationToken).toBe(outcome.token);
    expect(s.world.sim.activeKeys().map((k) => k.id)).toEqual([current?.keyId]);
    expect(await s.world.readValue("AWSPENDING")).toBeUndefined();
    expect(await s.world.readValue("AWSPREVIOUS")).toBeUndefined();
    await s.expectInvariants();
  });

  it("emits one EMF record per step outcome and duration, with the alarm dimensions", async () => {
    // Prepare: each test captures its own output, so rotate again.
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);
    expect(outcome.error).toBeUndefined();
    {
      // Act
      const records = s.output
        .lines()
        .filter((line) => line.includes('"_aws"'))
        .map(
          (line) =>
            JSON.parse(line) as Record<string, unknown> & {
              _aws: {
                CloudWatchMetrics: Array<{
                  Namespace: string;
                  Dimensions: string[][];
                  Metrics: Array<{ Name: string; Unit: string }>;
                }>;
              };
            },
        );
      const summary = records.map((r) => {
        const directive = r._aws.CloudWatchMetrics[0];
        const metric = directive?.Metrics[0]?.Name ?? "";
        return `${directive?.Namespace}/${metric}[${directive?.Dimensions[0]?.join(",")}]${String(r.Step ?? "")}`;
      });

      // Assess
      const perStep = (step: string) => [
        `RotatedApiKey/RotationStepSucceeded[service,SecretName,Step]${step}`,
        `RotatedApiKey/StepDurationMs[service,SecretName,Step]${step}`,
      ];
      expect(summary).toEqual([
        ...perStep("createSecret"),
        ...perStep("setSecret"),
        `RotatedApiKey/TestSecretAttempts[service,SecretName]`,
        ...perStep("testSecret"),
        `RotatedApiKey/RotationSucceeded[service,SecretName]`,
        ...perStep("finishSecret"),
      ]);
      for (const r of records) expect(r.SecretName).toBe(s.world.secretName);
    }
  });
});
