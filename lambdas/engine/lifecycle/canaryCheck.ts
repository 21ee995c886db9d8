import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { isCanarySecret } from "../../contract/canary";
import { CanaryMetrics, MetricDimensions } from "../../contract/metricNames";
import { metrics } from "../core/observability";
import { promotedAt } from "../core/overlapWindow";
import type { VendorKey } from "../../vendors/kit/adapter";
import type { MaintenanceContext } from "./maintenanceContext";

/** A use of a canary key the vendor reported: ids and times only, never the key. */
export interface CanaryUse {
  readonly keyId: string;
  readonly stage: "AWSCURRENT" | "AWSPREVIOUS";
  /** ISO-8601 time of last use, as the vendor reports it. */
  readonly lastUsedAt: string;
}

/**
 * What one canary check found. `detectable: false`: the vendor reports no
 * last use, so nothing was published. `used` is absent when nothing could be
 * judged this run (no promotion record yet, or the vendor's list failed).
 */
export interface CanaryReport {
  readonly secretName: string;
  readonly detectable: boolean;
  readonly used?: readonly CanaryUse[];
  /** Why no judgement was made this run, when none was. */
  readonly skipped?: string;
}

/** The warning logged each run for a canary at a vendor without last-use data. */
export function undetectableCanaryMessage(vendor: string, secretName: string): string {
  return `canary: ${vendor} does not report when a key was last used, so use of the canary key of secret ${secretName} cannot be detected from the vendor; only reads of the secret (the CloudTrail rule, see docs/canaries.md) can reveal a leak.`;
}

/** The error logged for each used canary key (the key id, never the key). */
export function canaryUsedMessage(secretName: string, use: CanaryUse, since: number): string {
  return `canary: key ${use.keyId} (${use.stage}) of canary secret ${secretName} was used at ${use.lastUsedAt}, after the current key was promoted at ${new Date(since).toISOString()}. A canary is handed to no one: whoever used it holds a leaked copy. Rotate with --emergency and find the leak.`;
}

/**
 * For a secret tagged as a canary (see the contract's `canary.ts`), asks
 * whether the vendor saw its current or previous key used after the current
 * key was promoted, and publishes {@link CanaryMetrics.CanaryKeyUsed} (1 or 0,
 * dimensions `service` + `SecretName`). The rotation's own verification calls
 * (testSecret, finishSecret) all happen before the promotion, so a later use
 * is someone else's. Does nothing for other secrets (returns `undefined`).
 *
 * Reads the maintenance run's shared state and key list: no extra vendor call.
 */
export async function runCanaryCheck(ctx: MaintenanceContext): Promise<CanaryReport | undefined> {
  const { description, current, previous } = await ctx.state();
  if (!isCanarySecret(description.tags)) return undefined;
  const secretName = description.name;
  if (ctx.adapter.reportsLastUse !== true) {
    ctx.logger.warn(undetectableCanaryMessage(ctx.adapter.vendor, secretName), { secretName });
    return { secretName, detectable: false };
  }
  const since = promotedAt(description);
  if (since === undefined || current === undefined) {
    const skipped = "the current key has no promotion record yet; judged from the next run";
    ctx.logger.warn(`canary: ${skipped}`, { secretName });
    return { secretName, detectable: true, skipped };
  }
  let keys: readonly VendorKey[];
  try {
    keys = await ctx.vendorKeys();
  } catch (error) {
    const skipped = `the vendor's key list could not be read (${error instanceof Error ? error.name : "error"})`;
    ctx.logger.warn(`canary: ${skipped}`, { secretName });
    return { secretName, detectable: true, skipped };
  }
  const used: CanaryUse[] = [];
  const labelled = [
    ["AWSCURRENT", current],
    ["AWSPREVIOUS", previous],
  ] as const;
  for (const [stage, stored] of labelled) {
    if (stored === undefined) continue;
    const lastUsedAt = keys.find((k) => k.id === stored.keyId)?.lastUsedAt;
    if (lastUsedAt !== undefined && Date.parse(lastUsedAt) > since) {
      used.push({ keyId: stored.keyId, stage, lastUsedAt });
    }
  }
  const single = metrics.singleMetric();
  single.addDimensions({ [MetricDimensions.SecretName]: secretName });
  single.addMetric(CanaryMetrics.CanaryKeyUsed, MetricUnit.Count, used.length > 0 ? 1 : 0);
  for (const use of used) {
    ctx.logger.error(canaryUsedMessage(secretName, use, since), {
      secretName,
      keyId: use.keyId,
      stage: use.stage,
      lastUsedAt: use.lastUsedAt,
    });
  }
  return { secretName, detectable: true, used };
}
