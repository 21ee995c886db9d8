import type { ConsumerReach } from "../../contract/consumerReach";
import type { VendorKey } from "../../vendors/kit/adapter";
import {
  cloudWatchReader,
  describeSource,
  readConsumerFallbacks,
  type MetricsReader,
} from "./consumerSignals";

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
  /** Regions and accounts, besides the function's, whose consumers' metrics are read too. */
  readonly consumerReach?: ConsumerReach;
  /** Reads CloudWatch; the Lambda's own clients unless a test passes another. */
  readonly metrics?: MetricsReader;
}

/**
 * Is the previous key still in use? Two signals, either one enough:
 * - the vendor's own last-use time (Datadog `date_last_used`, OpenAI
 *   `last_used_at`), when the adapter reports it;
 * - our consumer client's `ConsumerPreviousKeyFallbacks` metric for this
 *   secret over the quiet period (CloudWatch `GetMetricData`).
 * If the metrics cannot be read, or consumers are declared in a region or
 * account whose metrics this function cannot see, the answer is "in use":
 * revocation waits rather than guesses (the hard limit still applies).
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
    const reading = await readConsumerFallbacks(
      deps.metrics ?? cloudWatchReader(),
      secretName,
      deps.consumerReach ?? { regions: [], accountIds: [] },
      { start: new Date(now - quietMs), end: new Date(now) },
    );
    if (!reading.visible) {
      return {
        inUse: true,
        evidence: `consumers are declared in ${reading.unseen.map(describeSource).join(", ")}, but no consumer metric for ${secretName} is visible there, so it counts as in use (see docs/cross-account-and-regions.md)`,
      };
    }
    if (reading.fallbacks > 0) {
      return {
        inUse: true,
        evidence: `consumers fell back to it ${reading.fallbacks} time(s) in the last ${quietMinutes} minutes`,
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
