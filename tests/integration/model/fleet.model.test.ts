import { AdvanceClock, Maintain } from "../../../harness/model/commands/operatorCommands";
import { ScheduledRotation } from "../../../harness/model/commands/rotationCommands";
import { runModel } from "../../../harness/model/modelRun";
import { runScenario } from "../../../harness/model/modelScenario";
import { installOffsetClock } from "../../../harness/model/offsetClock";

/**
 * The model of lifecycle.model.test.ts, with the secret served by a fleet
 * function: its settings come from its tags on every event while the
 * function's environment holds defaults that differ from every one of them
 * (FLEET_DECOY_DEFAULTS), so an engine path that read the function's
 * defaults instead of the secret's settings (an overlap of 0 h, no usage
 * gate, no orphan or stale-pending margin, another key-name prefix) breaks
 * an invariant the model checks after every command.
 */
const SEED = Number(process.env.MODEL_SEED ?? 1_414);
const RUNS = Number(process.env.MODEL_FLEET_RUNS ?? 12);
const TIME_LIMIT_MS = 60_000;

describe("the key lifecycle in a fleet, model-based", () => {
  it("keeps every invariant over random command sequences with per-secret settings", async () => {
    // Prepare: one clock for the test process and the step workers.
    const clock = installOffsetClock();
    try {
      // Act
      const report = await runModel({
        clock,
        numRuns: RUNS,
        seed: SEED,
        maxCommands: 12,
        size: "large",
        timeLimitMs: TIME_LIMIT_MS,
        source: "jest-fleet",
        fleet: true,
      });

      // Assess: the report names the seed, the shrunk sequence and what broke.
      expect(report.message).toBeUndefined();
      expect(report.sequences).toBeGreaterThan(0);
    } finally {
      clock.uninstall();
    }
  }, 150_000);
});

describe("the key lifecycle in a fleet, a fixed sequence", () => {
  it("keeps the previous key through the secret's own 24 h window, not the function's 0 h default", async () => {
    // Prepare
    const clock = installOffsetClock();
    try {
      // Act: two rotations, an hour, a maintenance run (which the 0 h default would let revoke).
      const result = await runScenario(
        clock,
        [
          new ScheduledRotation({ kind: "none" }),
          new ScheduledRotation({ kind: "none" }),
          new AdvanceClock(60),
          new Maintain({ kind: "none" }),
        ],
        1,
        { fleet: true },
      );

      // Assess
      expect(result.violation).toBeUndefined();
      expect(result.history).toHaveLength(4);
    } finally {
      clock.uninstall();
    }
  }, 120_000);
});
