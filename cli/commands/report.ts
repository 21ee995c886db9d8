import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListSecretVersionIdsCommand } from "@aws-sdk/client-secrets-manager";
import type { Clients } from "../clients";
import { CliError } from "../errors";
import { forEachBounded } from "../fleet/fleetRun";
import { describeFilters, listManagedSecrets, type FleetFilters } from "../fleet/selectSecrets";
import { logGroupOf } from "../rotationFunction";
import { inventoryOf } from "./inventory";

/** An audit record as the function logs it (`lambdas/engine/core/audit.ts`): ids, reasons, times. */
interface Audit {
  readonly event: string;
  readonly secretName: string;
  readonly trigger?: string;
  readonly reason?: string;
  readonly token?: string;
  readonly keyId?: string;
  readonly outcome?: string;
  readonly at: string;
}

/** A median, with how many values it is over (0: no data, `median` is `null`). */
export interface Median {
  readonly count: number;
  readonly medianSeconds: number | null;
  readonly maxSeconds: number | null;
}

/** The playbook's fleet metrics over a period. */
export interface FleetReport {
  readonly since: string;
  readonly until: string;
  readonly selection: string;
  readonly secrets: number;
  readonly rotations: {
    /** Rotations seen in the period: finished, failed at a step, or still pending. */
    readonly attempted: number;
    readonly succeeded: number;
    /** Succeeded without an outage: no revoke-first emergency and no previous key revoked while still in use. */
    readonly succeededWithoutOutage: number;
    readonly failed: number;
    readonly inProgress: number;
    /** succeededWithoutOutage ÷ attempted (`null`: nothing attempted). */
    readonly successRateWithoutOutage: number | null;
  };
  /** From `RotateSecret` (the version's creation) to promotion, for rotations whose version Secrets Manager still keeps. */
  readonly timeToRotate: { readonly scheduled: Median; readonly emergency: Median };
  /** From the emergency request (the version's creation) to the old key's revocation. */
  readonly timeToContain: Median;
  /** At the time of the report (not over the period): keys whose TTL and rotation keep to the policy. */
  readonly withinPolicy: {
    readonly keys: number;
    readonly compliant: number;
    readonly share: number | null;
  };
  readonly staleKeys: {
    /** Previous keys revoked after their overlap window once no use was seen (scheduled maintenance). */
    readonly unusedPreviousRevoked: number;
    /** Previous keys revoked by an operator (`revoke-previous`). */
    readonly revokedByOperator: number;
    /** Previous keys revoked at the hard limit although still in use (each an outage). */
    readonly revokedDespiteUse: number;
    /** Times maintenance found the previous key still in use and waited. */
    readonly inUseDeferred: number;
    /** Orphaned keys and abandoned pending rotations found and cleared by reconciliation. */
    readonly orphansCleared: number;
  };
}

export interface ReportOptions {
  readonly filters: FleetFilters;
  readonly since: Date;
  readonly until: Date;
  readonly maxKeyAgeDays: number;
  readonly concurrency: number;
}

/**
 * `report`: the playbook's metrics for the selected secrets over a period,
 * from the rotation functions' audit records (CloudWatch Logs
 * `FilterLogEvents` on each function's log group) and Secrets Manager's own
 * data (each rotation's version and when it was created; tags and rotation
 * dates for the policy share). Nothing is estimated: a figure without data is
 * `null`.
 */
export async function fleetReport(clients: Clients, options: ReportOptions): Promise<FleetReport> {
  if (options.since.getTime() >= options.until.getTime())
    throw new CliError("--since must be before --until.", 2);
  const selected = await listManagedSecrets(clients.secrets, options.filters);
  const names = new Set(selected.map((s) => s.name));
  const groups = [...new Set(selected.map((s) => logGroupOf(s.functionArn)))];
  const audits: Audit[] = [];
  const failedTokens = new Set<string>();
  await forEachBounded(groups, options.concurrency, async (logGroupName) => {
    for (const line of await logLines(clients, logGroupName, options)) {
      if (line.audit !== undefined && names.has(line.audit.secretName)) audits.push(line.audit);
      else if (line.level === "ERROR" && typeof line.token === "string" && line.step !== undefined)
        failedTokens.add(line.token);
    }
  });
  // When each rotation's version was created (RotateSecret), and which are still pending.
  const createdAt = new Map<string, number>();
  const pending = new Set<string>();
  await forEachBounded(selected, options.concurrency, async (secret) => {
    let NextToken: string | undefined;
    do {
      const page = await clients.secrets.send(
        new ListSecretVersionIdsCommand({
          SecretId: secret.arn,
          IncludeDeprecated: true,
          NextToken,
        }),
      );
      for (const v of page.Versions ?? []) {
        const t = v.CreatedDate?.getTime();
        if (v.VersionId === undefined || t === undefined) continue;
        createdAt.set(v.VersionId, t);
        const inPeriod = t >= options.since.getTime() && t <= options.until.getTime();
        if (
          inPeriod &&
          (v.VersionStages ?? []).includes("AWSPENDING") &&
          !(v.VersionStages ?? []).includes("AWSCURRENT")
        )
          pending.add(v.VersionId);
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  });
  const rotations = audits.filter((a) => a.event === "rotation" && a.token !== undefined);
  const succeeded = new Set(rotations.map((a) => a.token as string));
  const revokeFirst = new Set(
    audits
      .filter((a) => a.event === "emergency" && a.outcome?.startsWith("revoked before replacement"))
      .flatMap((a) => (a.token === undefined ? [] : [a.token])),
  );
  const despiteUse = audits.filter(
    (a) => a.event === "revocation" && a.reason?.startsWith("hard limit"),
  );
  // A previous key revoked while in use is an outage of the rotation that retired it: the secret's last one before.
  const outageTokens = new Set<string>(revokeFirst);
  for (const revocation of despiteUse) {
    const before = rotations
      .filter((r) => r.secretName === revocation.secretName && r.at <= revocation.at)
      .sort((a, b) => b.at.localeCompare(a.at))[0];
    if (before?.token !== undefined) outageTokens.add(before.token);
  }
  const failed = [...failedTokens].filter(
    (t) => !succeeded.has(t) && wasIn(createdAt.get(t), options),
  );
  const inProgress = [...pending].filter((t) => !failedTokens.has(t));
  const attempted = succeeded.size + failed.length + inProgress.length;
  const withoutOutage = [...succeeded].filter((t) => !outageTokens.has(t)).length;
  const seconds = (a: Audit) => {
    const created = a.token === undefined ? undefined : createdAt.get(a.token);
    return created === undefined ? undefined : (Date.parse(a.at) - created) / 1000;
  };
  const emergencyRotations = rotations.filter((a) => a.reason !== undefined);
  const containments = audits.filter(
    (a) => a.event === "emergency" && a.outcome !== undefined && !a.outcome.includes("not revoked"),
  );
  const policy = await inventoryOf(clients, {
    filters: options.filters,
    maxKeyAgeDays: options.maxKeyAgeDays,
    concurrency: options.concurrency,
  });
  const compliant = policy.filter((e) => e.compliant).length;
  const count = (event: string, test: (a: Audit) => boolean = () => true) =>
    audits.filter((a) => a.event === event && test(a)).length;
  return {
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    selection: describeFilters(options.filters),
    secrets: selected.length,
    rotations: {
      attempted,
      succeeded: succeeded.size,
      succeededWithoutOutage: withoutOutage,
      failed: failed.length,
      inProgress: inProgress.length,
      successRateWithoutOutage: attempted === 0 ? null : round(withoutOutage / attempted, 4),
    },
    timeToRotate: {
      scheduled: median(rotations.filter((a) => a.reason === undefined).map(seconds)),
      emergency: median(emergencyRotations.map(seconds)),
    },
    timeToContain: median(containments.map(seconds)),
    withinPolicy: {
      keys: policy.length,
      compliant,
      share: policy.length === 0 ? null : round(compliant / policy.length, 4),
    },
    staleKeys: {
      unusedPreviousRevoked: count(
        "revocation",
        (a) => a.trigger === "schedule" && !a.reason?.startsWith("hard limit"),
      ),
      revokedByOperator: count("revocation", (a) => a.trigger?.startsWith("cli:") === true),
      revokedDespiteUse: despiteUse.length,
      inUseDeferred: count("revocation-deferred"),
      orphansCleared: count("reconciliation"),
    },
  };
}

interface LogLine {
  readonly level?: string;
  readonly step?: string;
  readonly token?: unknown;
  readonly audit?: Audit;
}

/** The function's structured log lines in the period (audit records and failed steps). */
async function logLines(
  clients: Clients,
  logGroupName: string,
  options: ReportOptions,
): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await clients.logs.send(
        new FilterLogEventsCommand({
          logGroupName,
          startTime: options.since.getTime(),
          endTime: options.until.getTime(),
          nextToken,
        }),
      );
      for (const event of page.events ?? []) {
        try {
          const line = JSON.parse(event.message ?? "") as LogLine;
          if (line.audit !== undefined || line.level === "ERROR") lines.push(line);
        } catch {
          // not a structured line
        }
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
  }
  return lines;
}

function wasIn(t: number | undefined, options: ReportOptions): boolean {
  return t !== undefined && t >= options.since.getTime() && t <= options.until.getTime();
}

function median(values: ReadonlyArray<number | undefined>): Median {
  const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (known.length === 0) return { count: 0, medianSeconds: null, maxSeconds: null };
  const mid = Math.floor(known.length / 2);
  const value =
    known.length % 2 === 1
      ? (known[mid] as number)
      : ((known[mid - 1] as number) + (known[mid] as number)) / 2;
  return {
    count: known.length,
    medianSeconds: round(value, 3),
    maxSeconds: round(known[known.length - 1] as number, 3),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
