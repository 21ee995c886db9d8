import { tagSecret } from "../../harness/lifecycle";
import { randomUUID } from "node:crypto";
import { PlaybookMetrics } from "../../lambdas/contract/metricNames";
import { RequestTags } from "../../lambdas/contract/secretTags";
import { useScenario } from "../../harness/scenario";

const PLAYBOOK = new Set<string>(Object.values(PlaybookMetrics));

/** The metric name of each EMF record in `lines`. */
function metricNames(lines: readonly string[]): string[] {
  return lines
    .filter((line) => line.includes('"_aws"'))
    .map(
      (line) =>
        (
          JSON.parse(line) as {
            _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> };
          }
        )._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name ?? "",
    );
}

describe("a key's own function", () => {
  const s = useScenario("own-playbook", { overlapHours: 24 });

  it("emits none of the playbook's metrics, even in a revoke-first emergency (report covers own keys)", async () => {
    // Prepare
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const token = randomUUID();
    await tagSecret(s.world, {
      [RequestTags.emergency]: "key leaked in a log",
      [RequestTags.emergencyMode]: "revoke-first",
      [RequestTags.requestToken]: token,
    });

    // Act: the emergency, and a step that fails (a token that is no version of the secret)
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, { token });
    const failing = s.world.handler({
      Step: "createSecret",
      SecretId: s.world.secretArn,
      ClientRequestToken: randomUUID(),
    });

    // Assess
    expect(outcome.error).toBeUndefined();
    await expect(failing).rejects.toThrow("is not a version of secret");
    const metrics = metricNames(s.output.lines());
    expect(metrics).toContain("RotationSucceeded");
    expect(metrics.filter((m) => PLAYBOOK.has(m))).toEqual([]);
  });
});
