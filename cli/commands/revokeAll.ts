import { maintenanceEvent } from "../../lambdas/contract/events";
import { VENDOR_TAG } from "../../lambdas/contract/managedSecrets";
import type { RevocationOutcome } from "../../lambdas/contract/reports";
import type { Clients } from "../clients";
import { CliError, describeCliError } from "../errors";
import type { Confirm } from "../fleet/confirm";
import {
  countOutcomes,
  forEachBounded,
  type FleetItem,
  type FleetRun,
  type Progress,
} from "../fleet/fleetRun";
import { describeFilters, listManagedSecrets, type FleetFilters } from "../fleet/selectSecrets";
import { invokeAction } from "../rotationFunction";

export interface RevokeAllOptions {
  readonly filters: FleetFilters;
  readonly reason?: string;
  readonly force?: boolean;
  readonly requestedBy: string;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly confirm: Confirm;
  readonly progress: Progress;
}

/**
 * `revoke-previous --all`: asks each selected secret's rotation function to
 * revoke its `AWSPREVIOUS` key now (the same `revokePrevious` action as
 * `revoke-previous <secret>`, through the key guard; refused while in use
 * unless `--force`). Resumable by nature: a revoked key is reported as
 * nothing to revoke on a re-run. `--dry-run` asks each function what it
 * would do (the `status` action), changing nothing.
 */
export async function revokeAll(clients: Clients, options: RevokeAllOptions): Promise<FleetRun> {
  const selection = describeFilters(options.filters);
  const selected = await listManagedSecrets(clients.secrets, options.filters);
  if (selected.length === 0) throw new CliError(`no managed secret matches (${selection}).`);
  if (
    !options.dryRun &&
    !options.yes &&
    !(await options.confirm(
      `revoke the previous key of ${selected.length} secret(s): ${selection}?`,
    ))
  ) {
    throw new CliError("not confirmed: nothing was revoked.");
  }
  const started = Date.now();
  const items = selected.map<FleetItem>((s) => ({
    secret: s.name,
    vendor: s.tags[VENDOR_TAG] ?? "-",
    outcome: "skipped",
    detail: "",
  }));
  let done = 0;
  await forEachBounded(
    selected.map((secret, i) => ({ secret, item: items[i] as FleetItem })),
    options.concurrency,
    async ({ secret, item }) => {
      try {
        if (options.dryRun) {
          const status = await invokeAction<{ nextRevocation: RevocationOutcome }>(
            clients.lambda,
            secret.functionArn,
            maintenanceEvent("status", { secretId: secret.arn }),
          );
          const next = status.nextRevocation;
          item.outcome = next.action === "none" ? "nothing-to-revoke" : "would-revoke";
          if (next.keyId !== undefined) item.keyId = next.keyId;
          item.detail = next.reason;
        } else {
          const report = await invokeAction<RevocationOutcome>(
            clients.lambda,
            secret.functionArn,
            maintenanceEvent("revokePrevious", {
              secretId: secret.arn,
              requestedBy: options.requestedBy,
              ...(options.reason ? { reason: options.reason } : {}),
              ...(options.force ? { force: true } : {}),
            }),
          );
          item.outcome = report.action === "revoked" ? "revoked" : "nothing-to-revoke";
          if (report.keyId !== undefined) item.keyId = report.keyId;
          item.detail = report.despiteUse
            ? `${report.reason} (it was still in use)`
            : report.reason;
        }
      } catch (error) {
        item.outcome = "failed";
        item.detail = describeCliError(error);
      }
      done += 1;
      options.progress.update(`revoke-previous: ${done}/${selected.length}`);
    },
  );
  return {
    operation: "revoke-previous",
    emergency: false,
    selection,
    dryRun: options.dryRun,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    retries: 0,
    counts: countOutcomes(items),
    secrets: items,
  };
}
