import Table from "cli-table3";
import { CliError } from "../errors";
import { terminalProgress, type FleetOutcome, type FleetRun, type Progress } from "./fleetRun";

const ORDER: readonly FleetOutcome[] = [
  "would-rotate",
  "would-revoke",
  "started",
  "rotated",
  "revoked",
  "nothing-to-revoke",
  "skipped",
  "failed",
];

/** The run as a table (one row per secret) and a closing line with the counts and figures. */
export function fleetTable(run: FleetRun): string {
  const table = new Table({
    head: ["secret", "vendor", "outcome", run.operation === "rotate" ? "version" : "key", "detail"],
    style: { head: [], border: [] },
    colWidths: [null, null, null, null, 60],
    wordWrap: true,
  });
  for (const item of run.secrets) {
    table.push([
      item.secret,
      item.vendor,
      item.outcome,
      (run.operation === "rotate" ? item.token : item.keyId) ?? "-",
      item.detail,
    ]);
  }
  return `${table.toString()}\n${fleetLine(run)}`;
}

/** One line: what happened to how many, and the run's figures. */
export function fleetLine(run: FleetRun): string {
  const counts = ORDER.filter((o) => run.counts[o])
    .map((o) => `${run.counts[o]} ${o}`)
    .join(", ");
  const figures = [
    `${(run.durationMs / 1000).toFixed(1)} s`,
    ...(run.startRatePerSecond === undefined
      ? []
      : [`${run.startRatePerSecond} rotations/s started`]),
    ...(run.retries > 0 ? [`${run.retries} throttled or failed call(s) retried`] : []),
    ...(run.timeToContainMs === undefined
      ? []
      : [
          `every old key revoked ${(run.timeToContainMs / 1000).toFixed(1)} s after the first request`,
        ]),
  ];
  const what = run.dryRun
    ? "dry run, nothing changed"
    : run.emergency
      ? `emergency (${run.mode})`
      : run.operation;
  return `${run.operation} --all (${run.selection}; ${what}): ${run.secrets.length} secret(s): ${counts}; ${figures.join("; ")}`;
}

/**
 * The run's failures as the command's error (exit code 1) after the summary
 * is printed; a re-run of the same command retries only them.
 */
export function failuresOf(run: FleetRun): CliError | undefined {
  const failed = run.counts.failed ?? 0;
  if (failed === 0) return undefined;
  return new CliError(
    `${failed} of ${run.secrets.length} secret(s) failed; run the same command again to retry them` +
      (run.operation === "rotate" ? " (finished and running rotations are skipped)." : "."),
  );
}

/**
 * Runs one `--all` operation with a progress spinner on stderr, prints its
 * summary (a table, or JSON with `--json`) and throws its failures after the
 * summary: the shared tail of `rotate --all` and `revoke-previous --all`.
 */
export async function printFleetRun(
  label: string,
  json: boolean | undefined,
  print: (text: string) => void,
  start: (progress: Progress) => Promise<FleetRun>,
): Promise<void> {
  const progress = terminalProgress(`${label}: listing managed secrets`);
  let run: FleetRun;
  try {
    run = await start(progress);
  } finally {
    progress.stop();
  }
  print(json === true ? JSON.stringify(run, null, 2) : fleetTable(run));
  const failures = failuresOf(run);
  if (failures) throw failures;
}
