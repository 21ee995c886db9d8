import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { tokenFromKeyName } from "../core/keyNames";
import { lastRotatedAt } from "../core/overlapWindow";
import { addSecretDimensions, metrics } from "../core/observability";
import { MonitorMetrics, type MonitorMetricName } from "../../contract/metricNames";
import type { VendorKey } from "../../vendors/kit/adapter";
import type { MaintenanceContext } from "./maintenanceContext";

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/**
 * Where `daysUntilKeyExpiry` came from: the vendor's key list, the stored
 * `expiresAt` (the vendor does not report expiry, or could not be asked), or
 * `not-active-at-vendor`: the vendor listed its keys and the `AWSCURRENT` key
 * was not among them (revoked or expired), reported as 0 days left.
 */
export type ExpirySource = "vendor" | "stored" | "not-active-at-vendor";

/** What one monitor run measured and published: names, counts and times only, never a key. */
export interface MonitorReport {
  readonly secretName: string;
  /** Days (2 decimals) until the `AWSCURRENT` key expires; absent when it never expires or there is no current key. */
  readonly daysUntilKeyExpiry?: number;
  readonly expirySource?: ExpirySource;
  /**
   * Hours (2 decimals) since the last rotation promoted its key (the promotion
   * record; a rollback keeps the undone rotation's time), or since the
   * `AWSCURRENT` key was created when the record is missing; absent when there
   * is no current key.
   */
  readonly hoursSinceLastRotation?: number;
  /** Active vendor keys named for this secret; absent when the vendor could not list keys. */
  readonly activeVendorKeys?: number;
  /** Whether the `AWSPREVIOUS` key is still active (false when there is none); absent when the vendor could not list keys. */
  readonly previousKeyActive?: boolean;
  /** The error's name and message when the vendor's key list could not be read. */
  readonly vendorError?: string;
  /** The metrics published this run, in order. */
  readonly published: readonly MonitorMetricName[];
}

/**
 * Measures one secret and publishes the {@link MonitorMetrics} gauges, one
 * Powertools single-metric EMF record each, with dimensions `service` +
 * `SecretName` (what the component's alarms and dashboard watch). A metric
 * that cannot be measured is left out rather than guessed: the expiry and
 * overdue-rotation alarms notify when their data stops (INSUFFICIENT_DATA).
 *
 * Reads the shared state and key list of the maintenance run (no extra calls
 * when the lifecycle already read them). A failing vendor list is reported
 * and logged, not thrown, so the Secrets Manager figures still go out; a
 * failing Secrets Manager read throws.
 */
export async function runMonitor(ctx: MaintenanceContext): Promise<MonitorReport> {
  const { description, current, previous } = await ctx.state();
  const secretName = description.name;
  const now = ctx.now().getTime();
  let keys: readonly VendorKey[] | undefined;
  let vendorError: string | undefined;
  try {
    keys = await ctx.vendorKeys();
  } catch (error) {
    vendorError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    ctx.logger.warn("monitor: the vendor's key list could not be read", { vendorError });
  }

  const published: MonitorMetricName[] = [];
  const publish = (name: MonitorMetricName, unit: MetricUnitValue, value: number): void => {
    const single = metrics.singleMetric();
    addSecretDimensions(single, secretName);
    single.addMetric(name, unit, value);
    published.push(name);
  };

  const expiry = current === undefined ? undefined : currentExpiry(current, keys, now);
  if (expiry !== undefined) {
    publish(MonitorMetrics.DaysUntilKeyExpiry, MetricUnit.NoUnit, expiry.days);
  }
  const rotatedAt = lastRotatedAt(description) ?? Date.parse(current?.createdAt ?? "");
  const hoursSinceLastRotation =
    current === undefined ? undefined : round2((now - rotatedAt) / MS_PER_HOUR);
  if (hoursSinceLastRotation !== undefined) {
    publish(MonitorMetrics.HoursSinceLastRotation, MetricUnit.NoUnit, hoursSinceLastRotation);
  }
  let activeVendorKeys: number | undefined;
  let previousKeyActive: boolean | undefined;
  if (keys !== undefined) {
    const prefix = ctx.config.keyNamePrefix;
    activeVendorKeys = keys.filter(
      (k) => tokenFromKeyName(prefix, description.arn, k.name) !== undefined,
    ).length;
    previousKeyActive = previous !== undefined && keys.some((k) => k.id === previous.keyId);
    publish(MonitorMetrics.ActiveVendorKeys, MetricUnit.Count, activeVendorKeys);
    publish(MonitorMetrics.PreviousKeyActive, MetricUnit.Count, previousKeyActive ? 1 : 0);
  }

  const report: MonitorReport = {
    secretName,
    ...(expiry === undefined
      ? {}
      : { daysUntilKeyExpiry: expiry.days, expirySource: expiry.source }),
    ...(hoursSinceLastRotation === undefined ? {} : { hoursSinceLastRotation }),
    ...(activeVendorKeys === undefined ? {} : { activeVendorKeys }),
    ...(previousKeyActive === undefined ? {} : { previousKeyActive }),
    ...(vendorError === undefined ? {} : { vendorError }),
    published,
  };
  if (current === undefined) {
    ctx.logger.warn(
      "monitor: no AWSCURRENT key written by this engine; key expiry and rotation age are not published",
    );
  }
  ctx.logger.info("monitor published", { monitor: report });
  return report;
}

type MetricUnitValue = (typeof MetricUnit)[keyof typeof MetricUnit];

function currentExpiry(
  current: { readonly keyId: string; readonly expiresAt?: string },
  keys: readonly VendorKey[] | undefined,
  now: number,
): { readonly days: number; readonly source: ExpirySource } | undefined {
  const atVendor = keys?.find((k) => k.id === current.keyId);
  if (keys !== undefined && atVendor === undefined) {
    return { days: 0, source: "not-active-at-vendor" };
  }
  const [expiresAt, source]: [string | undefined, ExpirySource] =
    atVendor?.expiresAt !== undefined
      ? [atVendor.expiresAt, "vendor"]
      : [current.expiresAt, "stored"];
  if (expiresAt === undefined) return undefined;
  return { days: round2((Date.parse(expiresAt) - now) / MS_PER_DAY), source };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
