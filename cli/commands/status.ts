import { DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { ListSecretsCommand, type SecretListEntry } from "@aws-sdk/client-secrets-manager";
import Table from "cli-table3";
import { maintenanceEvent } from "../../lambdas/contract/events";
import type { StatusReport } from "../../lambdas/contract/reports";
import type { Clients } from "../clients";
import { describeCliError } from "../errors";
import { invokeAction } from "../rotationFunction";

export interface InventoryRow {
  readonly secret: string;
  readonly owner: string;
  readonly vendor: string;
  readonly lastRotated: string;
  readonly nextRotation: string;
  readonly keyExpires: string;
  readonly activeVendorKeys: number | string;
  readonly previousKey: string;
  readonly alarms: string;
}

/** `--tag k=v` parsing is shared with the fleet commands. */
export { parseTagFilters } from "../fleet/selectSecrets";

/**
 * `status [--tag k=v]`: the inventory of rotated keys — owner, vendor, last
 * and next rotation, key expiry, active vendor keys, alarm states.
 */
export async function inventory(
  clients: Clients,
  tagFilters: ReadonlyArray<[string, string]>,
): Promise<InventoryRow[]> {
  const secrets = (await listSecrets(clients, tagFilters)).filter((s) => s.RotationLambdaARN);
  const alarms = await listAlarms(clients);
  const rows: InventoryRow[] = [];
  for (const secret of secrets) {
    const tags = Object.fromEntries((secret.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    let report: StatusReport | undefined;
    let problem: string | undefined;
    try {
      report = await invokeAction<StatusReport>(
        clients.lambda,
        secret.RotationLambdaARN ?? "",
        // A fleet function serves many secrets: name this one.
        maintenanceEvent("status", { secretId: secret.ARN }),
      );
    } catch (error) {
      problem = describeCliError(error);
    }
    const mine = alarms.filter((a) =>
      (a.Dimensions ?? []).some((d) => d.Name === "SecretName" && d.Value === secret.Name),
    );
    const firing = mine.filter((a) => a.StateValue === "ALARM").map((a) => a.AlarmName);
    rows.push({
      secret: secret.Name ?? "",
      owner: tags.owner ?? "-",
      vendor: report?.vendor ?? tags.vendor ?? "-",
      lastRotated: secret.LastRotatedDate?.toISOString() ?? "never",
      nextRotation: secret.NextRotationDate?.toISOString() ?? "-",
      keyExpires:
        problem ?? report?.current?.expiresAt ?? (report?.current ? "never" : "no key yet"),
      activeVendorKeys: report?.activeVendorKeys ?? "?",
      previousKey: report?.previous
        ? `${report.previous.active ? "active" : "revoked"}; ${report.nextRevocation.reason}`
        : "-",
      alarms:
        mine.length === 0
          ? "none"
          : firing.length === 0
            ? `${mine.length} OK`
            : `ALARM: ${firing.join(", ")}`,
    });
  }
  return rows;
}

export function inventoryTable(rows: readonly InventoryRow[]): string {
  if (rows.length === 0) return "no rotated secrets match";
  const table = new Table({
    head: [
      "secret",
      "owner",
      "vendor",
      "last rotation",
      "next rotation",
      "key expires",
      "active keys",
      "previous key",
      "alarms",
    ],
    style: { head: [], border: [] },
    colWidths: [null, null, null, null, null, null, null, 40, null],
    wordWrap: true,
  });
  for (const r of rows) {
    table.push([
      r.secret,
      r.owner,
      r.vendor,
      r.lastRotated,
      r.nextRotation,
      r.keyExpires,
      String(r.activeVendorKeys),
      r.previousKey,
      r.alarms,
    ]);
  }
  return table.toString();
}

async function listSecrets(
  clients: Clients,
  tagFilters: ReadonlyArray<[string, string]>,
): Promise<SecretListEntry[]> {
  const filters = tagFilters.flatMap(([k, v]) => [
    { Key: "tag-key" as const, Values: [k] },
    { Key: "tag-value" as const, Values: [v] },
  ]);
  const all: SecretListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.secrets.send(
      new ListSecretsCommand({ ...(filters.length ? { Filters: filters } : {}), NextToken }),
    );
    all.push(...(page.SecretList ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  // AWS matches tag keys and values separately; keep only secrets with each exact pair.
  return all.filter((s) =>
    tagFilters.every(([k, v]) => (s.Tags ?? []).some((t) => t.Key === k && t.Value === v)),
  );
}

async function listAlarms(clients: Clients): Promise<MetricAlarm[]> {
  try {
    const alarms: MetricAlarm[] = [];
    let NextToken: string | undefined;
    do {
      const page = await clients.cloudwatch.send(new DescribeAlarmsCommand({ NextToken }));
      alarms.push(...(page.MetricAlarms ?? []));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return alarms;
  } catch {
    return [];
  }
}
