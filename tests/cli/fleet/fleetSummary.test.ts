import type { FleetRun } from "../../../cli/fleet/fleetRun";
import { failuresOf, fleetLine, fleetTable } from "../../../cli/fleet/fleetSummary";

const run: FleetRun = {
  operation: "rotate",
  emergency: true,
  mode: "replace-then-revoke",
  selection: "vendor=sendgrid",
  dryRun: false,
  startedAt: "2026-11-26T10:00:00.000Z",
  durationMs: 4_250,
  startRatePerSecond: 47.5,
  timeToContainMs: 3_900,
  retries: 12,
  counts: { rotated: 2, failed: 1 },
  secrets: [
    { secret: "a", vendor: "sendgrid", outcome: "rotated", token: "t-a", detail: "AWSCURRENT" },
    { secret: "b", vendor: "sendgrid", outcome: "rotated", token: "t-b", detail: "AWSCURRENT" },
    { secret: "c", vendor: "sendgrid", outcome: "failed", detail: "InvalidRequestException: busy" },
  ],
};

describe("the summary of a mass operation", () => {
  it("closes the table with the counts and the run's figures", () => {
    expect(fleetLine(run)).toBe(
      "rotate --all (vendor=sendgrid; emergency (replace-then-revoke)): 3 secret(s): 2 rotated, 1 failed; 4.3 s; 47.5 rotations/s started; 12 throttled or failed call(s) retried; every old key revoked 3.9 s after the first request",
    );
    expect(fleetTable(run).endsWith(`\n${fleetLine(run)}`)).toBe(true);
    expect(fleetTable(run)).toContain("InvalidRequestException: busy");
  });

  it("turns failures into the command's error, naming the re-run", () => {
    expect(failuresOf(run)?.message).toBe(
      "1 of 3 secret(s) failed; run the same command again to retry them (finished and running rotations are skipped).",
    );
    expect(failuresOf({ ...run, counts: { rotated: 3 } })).toBeUndefined();
  });
});
