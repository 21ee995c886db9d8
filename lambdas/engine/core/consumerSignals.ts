import type {
  CloudWatchClient,
  GetMetricDataCommandInput,
  ListMetricsCommandInput,
} from "@aws-sdk/client-cloudwatch";
import type { ConsumerReach } from "../../contract/consumerReach";
import { METRIC_NAMESPACE, ConsumerMetrics, MetricDimensions } from "../../contract/metricNames";

/**
 * Where consumer metrics are read: the function's own account and region
 * (both undefined), another region of this account, or an account linked to
 * this one by CloudWatch cross-account observability (in this or another region).
 */
export interface ConsumerSource {
  readonly region?: string;
  readonly accountId?: string;
}

/** What the consumers' `ConsumerPreviousKeyFallbacks` say, or which declared sources cannot be seen. */
export type FallbackReading =
  | { readonly visible: true; readonly fallbacks: number }
  | { readonly visible: false; readonly unseen: readonly ConsumerSource[] };

/** The two CloudWatch calls this module makes, so a test can see each request. */
export interface MetricsReader {
  listMetrics(
    region: string | undefined,
    input: ListMetricsCommandInput,
  ): Promise<{ Metrics?: unknown[]; OwningAccounts?: string[] }>;
  getMetricData(
    region: string | undefined,
    input: GetMetricDataCommandInput,
  ): Promise<{ MetricDataResults?: Array<{ Values?: number[] }> }>;
}

/** The function's own account and region first, then every declared region × account. */
export function consumerSources(reach: ConsumerReach): ConsumerSource[] {
  const regions = [undefined, ...reach.regions];
  const accounts = [undefined, ...reach.accountIds];
  return regions.flatMap((region) =>
    accounts.map((accountId) => ({
      ...(region === undefined ? {} : { region }),
      ...(accountId === undefined ? {} : { accountId }),
    })),
  );
}

/** "account 210987654321 in eu-west-1", "region eu-west-1", "account 210987654321", "this account and region". */
export function describeSource(source: ConsumerSource): string {
  if (source.accountId !== undefined && source.region !== undefined)
    return `account ${source.accountId} in ${source.region}`;
  if (source.accountId !== undefined) return `account ${source.accountId}`;
  if (source.region !== undefined) return `region ${source.region}`;
  return "this account and region";
}

/**
 * Sums `ConsumerPreviousKeyFallbacks` for the secret over every source.
 *
 * A declared source (another region or account) counts only if this function
 * can see that consumers there publish at all: CloudWatch lists a metric for
 * two weeks after its last data point, so a source is visible when it lists
 * `ConsumerKeyRefreshes` for this secret (every consumer emits it on its first
 * read). An account that is not linked to this one lists nothing, and its
 * fallbacks would read as zero: such a source makes the whole reading
 * `visible: false`, which the caller treats as "in use" (revocation then waits
 * for the hard limit instead of guessing).
 */
export async function readConsumerFallbacks(
  reader: MetricsReader,
  secretName: string,
  reach: ConsumerReach,
  window: { readonly start: Date; readonly end: Date },
): Promise<FallbackReading> {
  const sources = consumerSources(reach);
  const declared = sources.slice(1);
  const seen = await Promise.all(declared.map((s) => isVisible(reader, secretName, s)));
  const unseen = declared.filter((_, i) => !seen[i]);
  if (unseen.length > 0) return { visible: false, unseen };

  const byRegion = new Map<string | undefined, ConsumerSource[]>();
  for (const source of sources) {
    byRegion.set(source.region, [...(byRegion.get(source.region) ?? []), source]);
  }
  let fallbacks = 0;
  for (const [region, inRegion] of byRegion) {
    const out = await reader.getMetricData(region, {
      StartTime: window.start,
      EndTime: window.end,
      MetricDataQueries: inRegion.map((source, i) => ({
        Id: `fallbacks${i}`,
        ...(source.accountId === undefined ? {} : { AccountId: source.accountId }),
        MetricStat: {
          Metric: {
            Namespace: METRIC_NAMESPACE,
            MetricName: ConsumerMetrics.PreviousKeyFallbacks,
            Dimensions: [{ Name: MetricDimensions.SecretName, Value: secretName }],
          },
          Period: 60,
          Stat: "Sum",
        },
      })),
    });
    for (const result of out.MetricDataResults ?? []) {
      fallbacks += (result.Values ?? []).reduce((a, b) => a + b, 0);
    }
  }
  return { visible: true, fallbacks };
}

async function isVisible(
  reader: MetricsReader,
  secretName: string,
  source: ConsumerSource,
): Promise<boolean> {
  const out = await reader.listMetrics(source.region, {
    Namespace: METRIC_NAMESPACE,
    MetricName: ConsumerMetrics.KeyRefreshes,
    Dimensions: [{ Name: MetricDimensions.SecretName, Value: secretName }],
    ...(source.accountId === undefined
      ? {}
      : { IncludeLinkedAccounts: true, OwningAccount: source.accountId }),
  });
  if ((out.Metrics ?? []).length === 0) return false;
  // In a monitoring account, OwningAccounts says whose metrics were listed.
  return source.accountId === undefined || (out.OwningAccounts ?? []).includes(source.accountId);
}

/**
 * The reader the Lambda uses: one CloudWatch client per region, created on
 * first use. The SDK is loaded lazily (rotation steps never read metrics, so
 * their cold starts do not pay for it) and comes from the Lambda runtime.
 */
export function cloudWatchReader(): MetricsReader {
  const clients = new Map<string | undefined, CloudWatchClient>();
  const sdk = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see vendors/registry.ts)
    require("@aws-sdk/client-cloudwatch") as typeof import("@aws-sdk/client-cloudwatch");
  const client = (region: string | undefined): CloudWatchClient => {
    let c = clients.get(region);
    if (c === undefined) {
      c = new (sdk().CloudWatchClient)(region === undefined ? {} : { region });
      clients.set(region, c);
    }
    return c;
  };
  return {
    listMetrics: (region, input) => client(region).send(new (sdk().ListMetricsCommand)(input)),
    getMetricData: (region, input) => client(region).send(new (sdk().GetMetricDataCommand)(input)),
  };
}
