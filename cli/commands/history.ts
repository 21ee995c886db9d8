import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListSecretVersionIdsCommand } from "@aws-sdk/client-secrets-manager";
import Table from "cli-table3";
import type { Clients } from "../clients";
import { readKeyMetadata, type KeyMetadata } from "../keyMetadata";
import { describeRotatedSecret, logGroupOf } from "../rotationFunction";
import { deniedReadsNote, isAccessDenied, type DeniedRead } from "./valueAccess";

export interface HistoryVersion {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly createdDate?: string;
  readonly keyId?: string;
  readonly keyName?: string;
  readonly vendor?: string;
  readonly createdAt?: string;
  readonly expiresAt?: string;
}

export interface History {
  readonly secret: { readonly name: string; readonly arn: string };
  /** Every version Secrets Manager still has, newest first: ids and times, never the key. */
  readonly versions: readonly HistoryVersion[];
  /** The function's audit records for this secret (rotations, revocations, rollbacks, emergencies), oldest first. */
  readonly audit: ReadonlyArray<Record<string, unknown>>;
  /** Why some versions show ids only (values the caller may not read), and what to do; absent when all were read. */
  readonly notes?: readonly string[];
}

/** `history <secret>`: the evidence an auditor asks for, from Secrets Manager and the function's logs. */
export async function history(clients: Clients, secretId: string): Promise<History> {
  const secret = await describeRotatedSecret(clients.secrets, secretId);
  const name = secret.Name ?? secretId;
  const listed = await clients.secrets.send(
    new ListSecretVersionIdsCommand({ SecretId: secret.ARN, IncludeDeprecated: true }),
  );
  const versions: HistoryVersion[] = [];
  const denied: DeniedRead[] = [];
  for (const v of listed.Versions ?? []) {
    // A version without a value (a pending rotation) shows ids only; a denied read is explained below.
    let meta: KeyMetadata = {};
    try {
      meta = await readKeyMetadata(clients.secrets, secret.ARN ?? secretId, {
        versionId: v.VersionId ?? "",
      });
    } catch (error) {
      if (isAccessDenied(error)) denied.push({ versionId: v.VersionId ?? "", error });
    }
    versions.push({
      versionId: v.VersionId ?? "",
      stages: v.VersionStages ?? [],
      ...(v.CreatedDate ? { createdDate: v.CreatedDate.toISOString() } : {}),
      ...meta,
    });
  }
  versions.sort((a, b) =>
    (b.createdAt ?? b.createdDate ?? "").localeCompare(a.createdAt ?? a.createdDate ?? ""),
  );
  return {
    secret: { name, arn: secret.ARN ?? "" },
    versions,
    audit: await auditRecords(clients, secret.RotationLambdaARN, name),
    ...(denied.length > 0 ? { notes: [deniedReadsNote(name, versions.length, denied)] } : {}),
  };
}

async function auditRecords(
  clients: Clients,
  functionArn: string,
  secretName: string,
): Promise<Array<Record<string, unknown>>> {
  const records: Array<Record<string, unknown>> = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await clients.logs.send(
        new FilterLogEventsCommand({
          logGroupName: logGroupOf(functionArn),
          filterPattern: '"audit"',
          nextToken,
        }),
      );
      for (const event of page.events ?? []) {
        try {
          const line = JSON.parse(event.message ?? "") as { audit?: Record<string, unknown> };
          if (line.audit?.secretName === secretName) records.push(line.audit);
        } catch {
          // not a structured line
        }
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
  }
  return records.sort((a, b) => String(a.at).localeCompare(String(b.at)));
}

export function historyTable(h: History): string {
  const table = new Table({
    head: ["at", "event", "trigger", "keys", "reason / outcome"],
    style: { head: [], border: [] },
  });
  for (const a of h.audit) {
    const keys = [
      a.keyId,
      a.oldKeyId && `old ${String(a.oldKeyId)}`,
      a.newKeyId && `new ${String(a.newKeyId)}`,
      a.token && `token ${String(a.token)}`,
    ]
      .filter(Boolean)
      .join("\n");
    table.push([
      String(a.at ?? ""),
      String(a.event ?? ""),
      String(a.trigger ?? ""),
      keys,
      [a.reason, a.outcome].filter(Boolean).join("; "),
    ]);
  }
  const notes = (h.notes ?? []).map((n) => `\n${n}`).join("");
  return `${h.secret.name}: ${h.versions.length} version(s), ${h.audit.length} audit record(s)\n${table.toString()}${notes}`;
}
