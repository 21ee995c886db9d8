import {
  CloudWatchClient,
  type CloudWatchClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  GetMetricDataCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { randomUUID } from "node:crypto";
import {
  ConsumerMetrics,
  METRIC_NAMESPACE,
  MetricDimensions,
} from "../../../../lambdas/contract/metricNames";
import { previousKeyUsage, type UsageDeps } from "../../../../lambdas/engine/core/usage";
import { MOTO_CREDENTIALS, MOTO_REGION, motoEndpoint } from "../../../../harness/aws/motoClients";

const REPLICA_REGION = "eu-west-1";
const CONSUMER_ACCOUNT = "210987654321";
const PREVIOUS = { keyId: "key-previous" };

/** Publishes one consumer metric for `secretName` in `region` of moto, 30 s ago. */
async function publish(region: string, metricName: string, secretName: string): Promise<void> {
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
          Timestamp: new Date(Date.now() - 30_000),
          Value: 1,
          Unit: "Count",
        },
      ],
    }),
  );
}

function deps(secretName: string, reach?: UsageDeps["consumerReach"]): UsageDeps {
  return {
    vendor: "nylas",
    secretName,
    usageQuietMinutes: 5,
    vendorKeys: [],
    now: () => new Date(),
    ...(reach === undefined ? {} : { consumerReach: reach }),
  };
}

describe("gated revocation with consumers in another region (moto, one backend per region)", () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // The engine's own CloudWatch clients, as the Lambda builds them, pointed at moto.
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = motoEndpoint();
    process.env.AWS_REGION = MOTO_REGION;
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
  });
  afterAll(() => {
    process.env = saved;
  });

  it("misses a fallback published in another region when that region is not declared (the misfire)", async () => {
    // Prepare
    const secretName = `reach-${randomUUID()}`;
    await publish(REPLICA_REGION, ConsumerMetrics.KeyRefreshes, secretName);
    await publish(REPLICA_REGION, ConsumerMetrics.PreviousKeyFallbacks, secretName);

    // Act
    const verdict = await previousKeyUsage(deps(secretName), PREVIOUS);

    // Assess
    expect(verdict).toEqual({ inUse: false, evidence: "no use seen in the last 5 minutes" });
  });

  it("sees that fallback once the region is declared", async () => {
    // Prepare
    const secretName = `reach-${randomUUID()}`;
    await publish(REPLICA_REGION, ConsumerMetrics.KeyRefreshes, secretName);
    await publish(REPLICA_REGION, ConsumerMetrics.PreviousKeyFallbacks, secretName);

    // Act
    const verdict = await previousKeyUsage(
      deps(secretName, { regions: [REPLICA_REGION], accountIds: [] }),
      PREVIOUS,
    );

    // Assess
    expect(verdict).toEqual({
      inUse: true,
      evidence: "consumers fell back to it 1 time(s) in the last 5 minutes",
    });
  });

  it("counts the key as in use while a declared region shows no consumer metric at all", async () => {
    // Prepare: consumers in eu-west-1 are declared but have published nothing there.
    const secretName = `reach-${randomUUID()}`;

    // Act
    const verdict = await previousKeyUsage(
      deps(secretName, { regions: [REPLICA_REGION], accountIds: [] }),
      PREVIOUS,
    );

    // Assess
    expect(verdict).toEqual({
      inUse: true,
      evidence: `consumers are declared in region ${REPLICA_REGION}, but no consumer metric for ${secretName} is visible there, so it counts as in use (see docs/cross-account-and-regions.md)`,
    });
  });

  it("counts the key as unused when the declared region's consumers are visible and did not fall back", async () => {
    // Prepare
    const secretName = `reach-${randomUUID()}`;
    await publish(REPLICA_REGION, ConsumerMetrics.KeyRefreshes, secretName);

    // Act
    const verdict = await previousKeyUsage(
      deps(secretName, { regions: [REPLICA_REGION], accountIds: [] }),
      PREVIOUS,
    );

    // Assess
    expect(verdict).toEqual({ inUse: false, evidence: "no use seen in the last 5 minutes" });
  });

  it("counts the key as in use for a declared account moto cannot show as linked", async () => {
    // Prepare: moto has no cross-account observability, so it never names an owning account.
    const secretName = `reach-${randomUUID()}`;
    await publish(MOTO_REGION, ConsumerMetrics.KeyRefreshes, secretName);

    // Act
    const verdict = await previousKeyUsage(
      deps(secretName, { regions: [], accountIds: [CONSUMER_ACCOUNT] }),
      PREVIOUS,
    );

    // Assess
    expect(verdict.inUse).toBe(true);
    expect(verdict.evidence).toBe(
      `consumers are declared in account ${CONSUMER_ACCOUNT}, but no consumer metric for ${secretName} is visible there, so it counts as in use (see docs/cross-account-and-regions.md)`,
    );
  });
});

/*
 * moto ignores `IncludeLinkedAccounts`, `OwningAccount` and a query's
 * `AccountId` (it has no cross-account observability), so the requests the
 * engine sends for a linked account are checked here, narrowly, with
 * aws-sdk-client-mock on the real CloudWatch client.
 */
describe("gated revocation with consumers in a linked account (request shape)", () => {
  // Created in beforeAll: a describe body runs at collection, before the moto tests above.
  let cloudWatch: AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudWatchClientResolvedConfig>;
  beforeAll(() => {
    cloudWatch = mockClient(CloudWatchClient);
  });
  afterEach(() => cloudWatch.reset());
  afterAll(() => cloudWatch.restore());

  it("lists the account's metrics with IncludeLinkedAccounts and reads its fallbacks with AccountId, in each region", async () => {
    // Prepare
    cloudWatch.on(ListMetricsCommand).resolves({
      Metrics: [{ MetricName: ConsumerMetrics.KeyRefreshes }],
      OwningAccounts: [CONSUMER_ACCOUNT],
    });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [0] }] });

    // Act
    const verdict = await previousKeyUsage(
      deps("team/nylas-api-key", { regions: [REPLICA_REGION], accountIds: [CONSUMER_ACCOUNT] }),
      PREVIOUS,
    );

    // Assess
    expect(verdict).toEqual({ inUse: false, evidence: "no use seen in the last 5 minutes" });
    const listed = cloudWatch.commandCalls(ListMetricsCommand).map((c) => c.args[0].input);
    const dimension = [{ Name: "SecretName", Value: "team/nylas-api-key" }];
    const list = {
      Namespace: "RotatedApiKey",
      MetricName: "ConsumerKeyRefreshes",
      Dimensions: dimension,
    };
    expect(listed).toEqual([
      { ...list, IncludeLinkedAccounts: true, OwningAccount: CONSUMER_ACCOUNT },
      list,
      { ...list, IncludeLinkedAccounts: true, OwningAccount: CONSUMER_ACCOUNT },
    ]);
    const queries = cloudWatch
      .commandCalls(GetMetricDataCommand)
      .map((c) =>
        c.args[0].input.MetricDataQueries?.map((q) => ({ id: q.Id, account: q.AccountId })),
      );
    expect(queries).toEqual([
      [
        { id: "fallbacks0", account: undefined },
        { id: "fallbacks1", account: CONSUMER_ACCOUNT },
      ],
      [
        { id: "fallbacks0", account: undefined },
        { id: "fallbacks1", account: CONSUMER_ACCOUNT },
      ],
    ]);
    const stat =
      cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.[1]
        ?.MetricStat;
    expect(stat).toEqual({
      Metric: {
        Namespace: "RotatedApiKey",
        MetricName: "ConsumerPreviousKeyFallbacks",
        Dimensions: dimension,
      },
      Period: 60,
      Stat: "Sum",
    });
  });

  it("counts the key as in use when the listing names other accounts but not the declared one", async () => {
    // Prepare: the link exists for another account only.
    cloudWatch.on(ListMetricsCommand).resolves({
      Metrics: [{ MetricName: ConsumerMetrics.KeyRefreshes }],
      OwningAccounts: ["111122223333"],
    });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [0] }] });

    // Act
    const verdict = await previousKeyUsage(
      deps("team/nylas-api-key", { regions: [], accountIds: [CONSUMER_ACCOUNT] }),
      PREVIOUS,
    );

    // Assess
    expect(verdict).toEqual({
      inUse: true,
      evidence: `consumers are declared in account ${CONSUMER_ACCOUNT}, but no consumer metric for team/nylas-api-key is visible there, so it counts as in use (see docs/cross-account-and-regions.md)`,
    });
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
