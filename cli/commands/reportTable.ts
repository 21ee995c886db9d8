import Table from "cli-table3";
import { CliError } from "../errors";
import type { FleetReport, Median } from "./report";

/** `--since`/`--until`: an ISO time, or `<n>d` / `<n>h` before now. */
export function parseReportTime(flag: string, value: string, now: Date = new Date()): Date {
  const relative = /^(\d+)([dh])$/.exec(value);
  if (relative) {
    const unit = relative[2] === "d" ? 86_400_000 : 3_600_000;
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new CliError(
      `${flag} must be an ISO time (2026-11-01T00:00:00Z) or <n>d / <n>h before now (received "${value}").`,
      2,
    );
  return new Date(t);
}

/** The report as a table: metric, value, and what it is over. */
export function reportTable(r: FleetReport): string {
  const table = new Table({ head: ["metric", "value", "over"], style: { head: [], border: [] } });
  const pct = (v: number | null) => (v === null ? "no data" : `${(v * 100).toFixed(1)} %`);
  const med = (m: Median) =>
    m.medianSeconds === null ? "no data" : `${m.medianSeconds} s median, ${m.maxSeconds} s max`;
  table.push(
    [
      "rotation success rate without outages",
      pct(r.rotations.successRateWithoutOutage),
      `${r.rotations.succeededWithoutOutage} of ${r.rotations.attempted} rotations (${r.rotations.succeeded} succeeded, ${r.rotations.failed} failed, ${r.rotations.inProgress} in progress)`,
    ],
    [
      "time to rotate, scheduled",
      med(r.timeToRotate.scheduled),
      `${r.timeToRotate.scheduled.count} rotations`,
    ],
    [
      "time to rotate, emergency",
      med(r.timeToRotate.emergency),
      `${r.timeToRotate.emergency.count} rotations`,
    ],
    [
      "emergency request to containment",
      med(r.timeToContain),
      `${r.timeToContain.count} emergencies`,
    ],
    [
      "keys within the TTL policy (now)",
      pct(r.withinPolicy.share),
      `${r.withinPolicy.compliant} of ${r.withinPolicy.keys} keys`,
    ],
    [
      "unused previous keys revoked",
      String(r.staleKeys.unusedPreviousRevoked),
      "scheduled maintenance",
    ],
    [
      "previous keys revoked by operators",
      String(r.staleKeys.revokedByOperator),
      "revoke-previous",
    ],
    [
      "previous keys revoked while in use",
      String(r.staleKeys.revokedDespiteUse),
      "hard limit reached",
    ],
    [
      "in-use previous keys found (revocation deferred)",
      String(r.staleKeys.inUseDeferred),
      "maintenance runs",
    ],
    [
      "orphans and abandoned rotations cleared",
      String(r.staleKeys.orphansCleared),
      "reconciliation",
    ],
  );
  return `${r.selection}: ${r.secrets} secret(s), ${r.since} to ${r.until}\n${table.toString()}`;
}
