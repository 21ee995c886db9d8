import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  ConsumerMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
} from "../../../lambdas/contract/metricNames";
import { MOTO_CREDENTIALS, motoEndpoint } from "../../../harness/aws/motoClients";
import { act } from "../../../harness/lifecycle";
import { useScenario } from "../../../harness/scenario";

interface Revocation {
  action: string;
  reason: string;
  keyId?: string;
  despiteUse?: boolean;
}

const CONSUMER_REGION = "eu-west-1";

/** What a consumer client in `region` publishes (through EMF, in its own region), `agoMs` ago. */
async function consumerPublished(
  region: string,
  metricName: string,
  secretName: string,
  agoMs = 30_000,
) {
  const client = new CloudWatchClient({
    endpoint: motoEndpoint(),
    region,
    credentials: MOTO_CREDENTIALS,
  });
  await client.send(
    new PutMetricDataCommand({
      Namespace: METRIC_NAMESPACE,
      MetricData: [
        {
          MetricName: metricName,
          Dimensions: [{ Name: MetricDimensions.SecretName, Value: secretName }],
          Timestamp: new Date(Date.now() - agoMs),
          Value: 1,
          Unit: "Count",
        },
      ],
    }),
  );
}

describe("scheduled revocation with consumers declared in another region (the bundle against moto)", () => {
  const s = useScenario("revoke-reach", {
    overlapHours: 0,
    env: { ROTATION_USAGE_QUIET_MINUTES: "1", ROTATION_CONSUMER_REGIONS: CONSUMER_REGION },
  });

  it("waits while the region shows no consumer, waits while its consumers fall back, and revokes once they are seen and quiet", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");

    // Act
    const unseen = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");
    // The consumers in eu-west-1 read the key and fell back to the previous one 50 s ago (quiet period: 1 minute).
    const name = s.world.secretName;
    await consumerPublished(CONSUMER_REGION, ConsumerMetrics.KeyRefreshes, name, 50_000);
    await consumerPublished(CONSUMER_REGION, ConsumerMetrics.PreviousKeyFallbacks, name, 50_000);
    const fallingBack = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const quiet = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

    // Assess
    expect(unseen.lifecycle.revocation.action).toBe("waiting");
    expect(unseen.lifecycle.revocation.reason).toMatch(
      new RegExp(
        `^the AWSPREVIOUS key is still in use \\(consumers are declared in region ${CONSUMER_REGION}, but no consumer metric for ${s.world.secretName.replace(/[/.]/g, "\\$&")} is visible there, so it counts as in use \\(see docs/cross-account-and-regions.md\\)\\); revocation waits until it is unused or until the hard limit at .+Z$`,
      ),
    );
    expect(fallingBack.lifecycle.revocation.action).toBe("waiting");
    expect(fallingBack.lifecycle.revocation.reason).toContain(
      "consumers fell back to it 1 time(s) in the last 1 minutes",
    );
    expect(quiet.lifecycle.revocation).toEqual({
      action: "revoked",
      reason: "overlap window over and no use seen",
      keyId: previous?.keyId,
      despiteUse: false,
    });
    expect(s.world.sim.isKeyAccepted(previous?.apiKey ?? "")).toBe(false);
    await s.expectInvariants();
  }, 30_000);
});

describe("the hard limit when a declared region's consumers are never seen", () => {
  const s = useScenario("revoke-reach-hard", {
    overlapHours: 0,
    env: {
      ROTATION_USAGE_QUIET_MINUTES: "5",
      ROTATION_REVOKE_HARD_LIMIT_HOURS: "0",
      ROTATION_CONSUMER_REGIONS: CONSUMER_REGION,
    },
  });

  it("revokes at the hard limit and says it did so despite possible use", async () => {
    // Prepare
    await s.world.orchestrator.rotate(s.world.secretArn);
    await s.world.orchestrator.rotate(s.world.secretArn);
    const previous = await s.world.readValue("AWSPREVIOUS");

    // Act
    const report = await act<{ lifecycle: { revocation: Revocation } }>(s.world, "maintain");

    // Assess
    expect(report.lifecycle.revocation).toEqual({
      action: "revoked",
      reason: "hard limit of 0 h past the overlap window reached while still in use",
      keyId: previous?.keyId,
      despiteUse: true,
    });
    expect(s.output.text()).toContain('"RevokedDespiteUse"');
    await s.expectInvariants();
  });
});
