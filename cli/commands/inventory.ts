import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import Table from "cli-table3";
import { checkKeyPolicy } from "../../lambdas/contract/keyPolicy";
import { INVENTORY_TAGS, VENDOR_TAG } from "../../lambdas/contract/managedSecrets";
import { PROMOTION_TAG, parsePromotionTag } from "../../lambdas/contract/secretTags";
import { Settings } from "../../lambdas/contract/settings";
import type { Clients } from "../clients";
import { forEachBounded } from "../fleet/fleetRun";
import { listManagedSecrets, type FleetFilters, type ManagedSecret } from "../fleet/selectSecrets";
import { readKeyMetadata } from "../keyMetadata";

const HOUR_MS = 3_600_000;

/** One managed key: ids, tags, times and policy, never the key. */
export interface InventoryEntry {
  readonly secret: string;
  readonly owner: string;
  readonly purpose: string;
  readonly environment: string;
  readonly vendor: string;
  /** The vendor's id of the `AWSCURRENT` key (not the key). */
  readonly keyId: string;
  readonly created: string;
  readonly expires: string;
  readonly lastRotated: string;
  readonly nextRotation: string;
  /** `none`, `until <time>` (the previous key is inside its window), `ended <time>`, or `rotation in progress`. */
  readonly overlap: string;
  /** Days from creation to expiry of the current key (`null`: it never expires). */
  readonly ttlDays: number | null;
  readonly compliant: boolean;
  /** What breaks the policy, one phrase each (empty when compliant). */
  readonly problems: readonly string[];
}

export interface InventoryOptions {
  readonly filters: FleetFilters;
  /** The key-age policy, in days. */
  readonly maxKeyAgeDays: number;
  readonly concurrency: number;
  readonly now?: Date;
}

/**
 * `inventory`: every managed key with owner, purpose, environment, vendor,
 * key id, created, expires, last and next rotation, overlap state and policy
 * compliance. Secrets Manager's own data (`ListSecrets`: tags and rotation
 * dates) and the non-secret fields of the `AWSCURRENT` and `AWSPREVIOUS`
 * values (`GetSecretValue`; the key is dropped as it is parsed), and the
 * function's overlap setting (`GetFunctionConfiguration`).
 */
export async function inventoryOf(
  clients: Clients,
  options: InventoryOptions,
): Promise<InventoryEntry[]> {
  const now = (options.now ?? new Date()).getTime();
  const selected = await listManagedSecrets(clients.secrets, options.filters);
  const entries = new Map<string, InventoryEntry>();
  await forEachBounded(selected, options.concurrency, async (secret) => {
    entries.set(secret.arn, await entryOf(clients, secret, now, options.maxKeyAgeDays));
  });
  return selected.map((s) => entries.get(s.arn) as InventoryEntry);
}

async function entryOf(
  clients: Clients,
  secret: ManagedSecret,
  now: number,
  maxKeyAgeDays: number,
): Promise<InventoryEntry> {
  const stages = Object.entries(secret.versionIdsToStages);
  const hasPrevious = stages.some(([, s]) => s.includes("AWSPREVIOUS"));
  const pending = stages.some(([, s]) => s.includes("AWSPENDING") && !s.includes("AWSCURRENT"));
  const current = await readKeyMetadata(clients.secrets, secret.arn, { stage: "AWSCURRENT" });
  const { ttlDays, compliant, problems } = checkKeyPolicy(
    {
      currentKeyId: current.keyId,
      createdAt: current.createdAt,
      expiresAt: current.expiresAt,
      rotationEnabled: secret.rotationEnabled,
      nextRotationDate: secret.nextRotationDate,
    },
    maxKeyAgeDays,
    now,
  );
  return {
    secret: secret.name,
    owner: secret.tags[INVENTORY_TAGS[0]] ?? "-",
    purpose: secret.tags[INVENTORY_TAGS[1]] ?? "-",
    environment: secret.tags[INVENTORY_TAGS[2]] ?? "-",
    vendor: secret.tags[VENDOR_TAG] ?? "-",
    keyId: current.keyId ?? "-",
    created: current.createdAt ?? "-",
    expires: current.expiresAt ?? (current.keyId === undefined ? "-" : "never"),
    lastRotated: secret.lastRotatedDate?.toISOString() ?? "never",
    nextRotation: secret.nextRotationDate?.toISOString() ?? "-",
    overlap: pending
      ? "rotation in progress"
      : hasPrevious
        ? await overlapState(clients, secret, now)
        : "none",
    ttlDays,
    compliant,
    problems,
  };
}

/** The previous key's overlap window: from the promotion record and the function's `ROTATION_OVERLAP_HOURS`. */
async function overlapState(clients: Clients, secret: ManagedSecret, now: number): Promise<string> {
  const promotion = parsePromotionTag(secret.tags[PROMOTION_TAG]);
  if (promotion === undefined) return "previous key; promotion not recorded";
  let hours: number = Settings.overlapHours.default;
  try {
    const config = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: secret.functionArn }),
    );
    const value = Number(config.Environment?.Variables?.[Settings.overlapHours.env]);
    if (Number.isFinite(value)) hours = value;
  } catch {
    // No access to the function: the default window.
  }
  const end = new Date(promotion.at + hours * HOUR_MS);
  return end.getTime() > now ? `until ${end.toISOString()}` : `ended ${end.toISOString()}`;
}

const COLUMNS = [
  "secret",
  "owner",
  "purpose",
  "environment",
  "vendor",
  "keyId",
  "created",
  "expires",
  "lastRotated",
  "nextRotation",
  "overlap",
  "compliant",
] as const;

export function inventoryEntriesTable(entries: readonly InventoryEntry[]): string {
  if (entries.length === 0) return "no managed secret matches";
  const table = new Table({
    head: [...COLUMNS.slice(0, -1), "policy"],
    style: { head: [], border: [] },
  });
  for (const e of entries) {
    table.push([
      ...COLUMNS.slice(0, -1).map((c) => String(e[c])),
      e.compliant ? "ok" : e.problems.join("; "),
    ]);
  }
  const failing = entries.filter((e) => !e.compliant).length;
  return `${table.toString()}\n${entries.length} key(s), ${entries.length - failing} within policy, ${failing} not`;
}

/** RFC 4180 CSV with a header row; `problems` joined by `; `. */
export function inventoryCsv(entries: readonly InventoryEntry[]): string {
  const header = [...COLUMNS, "ttlDays", "problems"];
  const rows = entries.map((e) => [
    ...COLUMNS.map((c) => String(e[c])),
    e.ttlDays === null ? "" : String(e.ttlDays),
    e.problems.join("; "),
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n");
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
