import { checkContained } from "../../bench/containRun";
import type { FleetRun } from "../../cli/fleet/fleetRun";

describe("checkContained", () => {
  const run = (secrets: FleetRun["secrets"], timeToContainMs?: number): FleetRun => ({
    operation: "rotate",
    emergency: true,
    selection: "all managed secrets",
    dryRun: false,
    startedAt: "2026-11-26T13:00:00.000Z",
    durationMs: 5000,
    retries: 0,
    counts: {},
    secrets,
    ...(timeToContainMs === undefined ? {} : { timeToContainMs }),
  });
  const rotated = { secret: "fleet/key-000", vendor: "sendgrid", outcome: "rotated" as const };

  it("returns the time to contain when every rotation finished and no old key is accepted", () => {
    // Act + Assess
    expect(checkContained("run 1", run([{ ...rotated, detail: "AWSCURRENT" }], 4200), 0)).toBe(
      4200,
    );
  });

  it("fails the run when an old key is still accepted, even if every rotation finished", () => {
    // Act + Assess
    expect(() =>
      checkContained("run 2", run([{ ...rotated, detail: "AWSCURRENT" }], 4200), 1),
    ).toThrow("run 2: 1 old key(s) still accepted after the emergency rotation (must be 0)");
  });

  it("fails the run when a rotation did not finish, naming it", () => {
    // Prepare
    const open = {
      secret: "fleet/key-001",
      vendor: "datadog",
      outcome: "failed" as const,
      detail: "did not finish within 600 s; it may still complete",
    };
    // Act + Assess
    expect(() =>
      checkContained("run 3", run([{ ...rotated, detail: "AWSCURRENT" }, open]), 0),
    ).toThrow(
      "run 3: not contained, 1 rotation(s) unfinished, e.g. fleet/key-001: did not finish within 600 s; it may still complete",
    );
  });
});
