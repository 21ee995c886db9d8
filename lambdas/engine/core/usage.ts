import { METRIC_NAMESPACE, ConsumerMetrics, MetricDimensions } from "../../contract/metricNames";
import type { VendorKey } from "../../vendors/kit/adapter";

/** Whether a key still looks in use, and the evidence. `unknown` is treated as in use. */
export interface UsageVerdict {
  readonly inUse: boolean;
  readonly evidence: string;
}

/** What the usage check reads: the vendor's key list (already fetched) and the consumer metrics. */
export interface UsageDeps {
  readonly vendor: string;
  readonly secretName: string;
  readonly usageQuietMinutes: number;
  readonly vendorKeys: readonly VendorKey[];
  readonly now: () => Date;
}

/**
 * Is the previous key still in use? Two signals, either one enough:
 * - the vendor's own last-use time (Datadog `date_last_used`, OpenAI
 *   `last_used_at`), when the adapter reports it;
 * - our consumer client's `ConsumerPreviousKeyFallbacks` metric for this
 *   secret over the quiet period (CloudWatch `GetMetricData`).
 * If the metrics cannot be read the answer is "in use": revocation waits
 * rather than guesses (the hard limit still applies).
 */
export async function previousKeyUsage(
  deps: UsageDeps,
  previous: { readonly keyId: string },
): Promise<UsageVerdict> {
  const quietMinutes = deps.usageQuietMinutes;
  const quietMs = quietMinutes * 60_000;
  const now = deps.now().getTime();
  const vendorKey = deps.vendorKeys.find((k) => k.id === previous.keyId);
  if (vendorKey?.lastUsedAt !== undefined && now - Date.parse(vendorKey.lastUsedAt) < quietMs) {
    return {
      inUse: true,
      evidence: `${deps.vendor} reports it was last used at ${vendorKey.lastUsedAt}`,
    };
  }
  const secretName = deps.secretName;
  try {
    const fallbacks = await consumerFallbacks(secretName, new Date(now - quietMs), new Date(now));
    if (fallbacks > 0) {
      return {
        inUse: true,
        evidence: `consumers fell back to it ${fallbacks} time(s) in the last ${quietMinutes} minutes`,
      };
    }
  } catch (error) {
    return {
      inUse: true,
      evidence: `consumer metrics could not be read (${error instanceof Error ? error.name : "error"}), so it counts as in use`,
    };
  }
  return {
    inUse: false,
    evidence: `no use seen in the last ${quietMinutes} minutes`,
  };
}

/** Sum of `ConsumerPreviousKeyFallbacks` for the secret between two times. */
async function consumerFallbacks(secretName: string, start: Date, end: Date): Promise<number> {
  // Loaded on first use: rotation steps never need CloudWatch, so cold starts do not pay for it.
  const { CloudWatchClient, GetMetricDataCommand } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see vendors/registry.ts)
    require("@aws-sdk/client-cloudwatch") as typeof import("@aws-sdk/client-cloudwatch");
  const client = new CloudWatchClient({});
  const out = await client.send(
    new GetMetricDataCommand({
      StartTime: start,
      EndTime: end,
      MetricDataQueries: [
        {
          Id: "fallbacks",
          MetricStat: {
            Metric: {
              Namespace: METRIC_NAMESPACE,
              MetricName: ConsumerMetrics.PreviousKeyFallbacks,
              Dimensions: [{ Name: MetricDimensions.SecretName, Value: secretName }],
            },
            Period: 60,
            Stat: "Sum",
          },
        },
      ],
    }),
  );
  return (out.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
}
