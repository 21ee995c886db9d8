import {
  ListSecretsCommand,
  type SecretListEntry,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import {
  MANAGED_SECRET_FILTERS,
  VENDOR_TAG,
  isManagedSecret,
} from "../../lambdas/contract/managedSecrets";
import { SUPPORTED_VENDORS } from "../../lambdas/contract/vendorNames";
import { CliError } from "../errors";

/** Which managed secrets a fleet command acts on. Every given filter must match. */
export interface FleetFilters {
  readonly vendor?: string;
  /** Exact `key=value` pairs. */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  readonly namePrefix?: string;
}

/** A managed secret as `ListSecrets` describes it: names, tags and rotation dates, never a value. */
export interface ManagedSecret {
  readonly name: string;
  readonly arn: string;
  readonly functionArn: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdDate?: Date;
  readonly lastRotatedDate?: Date;
  readonly nextRotationDate?: Date;
  readonly rotationEnabled: boolean;
  readonly versionIdsToStages: Readonly<Record<string, readonly string[]>>;
}

/** Parses `k=v` tag filters (repeatable `--tag`). */
export function parseTagFilters(values: readonly string[]): Array<[string, string]> {
  return values.map((value) => {
    const at = value.indexOf("=");
    if (at <= 0) throw new CliError(`--tag must look like key=value (received "${value}").`, 2);
    return [value.slice(0, at), value.slice(at + 1)];
  });
}

/** Checks `--vendor` against the supported vendors (a typo would silently select nothing). */
export function checkVendorFilter(vendor: string | undefined): void {
  if (vendor !== undefined && !(SUPPORTED_VENDORS as readonly string[]).includes(vendor)) {
    throw new CliError(
      `--vendor must be one of ${SUPPORTED_VENDORS.join(", ")} (received "${vendor}").`,
      2,
    );
  }
}

/** The filters in one line, for prompts and summaries. */
export function describeFilters(filters: FleetFilters): string {
  const parts = [
    ...(filters.vendor === undefined ? [] : [`vendor=${filters.vendor}`]),
    ...filters.tags.map(([k, v]) => `tag ${k}=${v}`),
    ...(filters.namePrefix === undefined ? [] : [`name prefix ${filters.namePrefix}`]),
  ];
  return parts.length === 0 ? "every managed secret" : parts.join(", ");
}

/**
 * Every managed secret (see `isManagedSecret` in the contract) matching the
 * filters, sorted by name. The server narrows by the managed-secret tag key
 * (and the name prefix); the exact match is made here, because Secrets
 * Manager matches tag keys, tag values and names by prefix and each filter
 * on its own.
 */
export async function listManagedSecrets(
  secrets: SecretsManagerClient,
  filters: FleetFilters,
): Promise<ManagedSecret[]> {
  const serverFilters = [
    ...MANAGED_SECRET_FILTERS.map((f) => ({ Key: f.Key, Values: [...f.Values] })),
    ...(filters.namePrefix === undefined
      ? []
      : [{ Key: "name" as const, Values: [filters.namePrefix] }]),
  ];
  const entries: SecretListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await secrets.send(
      new ListSecretsCommand({ Filters: serverFilters, MaxResults: 100, NextToken }),
    );
    entries.push(...(page.SecretList ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  const wanted: Array<readonly [string, string]> = [
    ...(filters.vendor === undefined ? [] : [[VENDOR_TAG, filters.vendor] as const]),
    ...filters.tags,
  ];
  return entries
    .map(toManagedSecret)
    .filter((s) => isManagedSecret({ tags: s.tags, rotationFunctionArn: s.functionArn }))
    .filter((s) => filters.namePrefix === undefined || s.name.startsWith(filters.namePrefix))
    .filter((s) => wanted.every(([k, v]) => s.tags[k] === v))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function toManagedSecret(entry: SecretListEntry): ManagedSecret {
  return {
    name: entry.Name ?? "",
    arn: entry.ARN ?? "",
    functionArn: entry.RotationLambdaARN ?? "",
    tags: Object.fromEntries((entry.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
    ...(entry.CreatedDate ? { createdDate: entry.CreatedDate } : {}),
    ...(entry.LastRotatedDate ? { lastRotatedDate: entry.LastRotatedDate } : {}),
    ...(entry.NextRotationDate ? { nextRotationDate: entry.NextRotationDate } : {}),
    rotationEnabled: entry.RotationEnabled === true,
    versionIdsToStages: entry.SecretVersionsToStages ?? {},
  };
}
