import {
  AdvanceClock,
  Maintain,
  OldServiceUsesPrevious,
} from "../../../harness/model/commands/operatorCommands";
import { Retire, UntilRetired } from "../../../harness/model/commands/retireCommands";
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
 * an invariant the model checks after every command. The random sequences
 * include `Retire`: a member's destroy-time invocation sends the fleet's
 * function `{"action":"retire","secretArn":…}` (no `secretId`), and the
 * function retires the member it names, with the member's key-name prefix.
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
        // Every sequence ends in pulumi destroy of the member: the fleet's function retires it.
        finalRetire: true,
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

      // Assess: the rotations ran (a secret tag the fleet refuses would fail every step, and break no invariant).
      expect(result.violation).toBeUndefined();
      expect(result.history).toHaveLength(4);
      expect(result.history.filter((line) => line.includes("failed"))).toEqual([]);
    } finally {
      clock.uninstall();
    }
  }, 120_000);
});

describe("a member's retire in a fleet, fixed sequences", () => {
  const NONE = { kind: "none" } as const;

  it("revokes every key of the member, found by its own key-name prefix, and a second retire is a no-op", async () => {
    // Prepare
    const clock = installOffsetClock();
    try {
      // Act: a life with a stuck rotation (its key left in AWSPENDING), then pulumi destroy twice.
      const result = await runScenario(
        clock,
        [
          new ScheduledRotation(NONE),
          new ScheduledRotation(NONE),
          new AdvanceClock(60),
          new OldServiceUsesPrevious(),
          new ScheduledRotation(NONE),
          new ScheduledRotation({ kind: "activation-delay", ms: 120_000 }),
          new Retire(NONE),
          new Retire(NONE),
        ],
        1,
        { fleet: true },
      );

      // Assess
      expect(result.violation).toBeUndefined();
      expect(result.history.filter((line) => line.startsWith("Retire"))).toEqual([
        expect.stringContaining('"outcome":"retired","reason":"the component is being destroyed"'),
        expect.stringContaining(
          '"reason":"every key of this secret was already gone","revoked":[]',
        ),
      ]);
    } finally {
      clock.uninstall();
    }
  }, 120_000);

  it("a retire the vendor fails part-way is finished by the rerun; no rotation runs after it", async () => {
    // Prepare
    const clock = installOffsetClock();
    try {
      // Act
      const result = await runScenario(
        clock,
        [
          new ScheduledRotation(NONE),
          new ScheduledRotation(NONE),
          new ScheduledRotation(NONE),
          new AdvanceClock(30),
          new ScheduledRotation(NONE),
          new OldServiceUsesPrevious(),
          new Retire({ kind: "vendor-burst", status: 500, count: 4, operation: "delete" }),
          new Retire(NONE),
          new UntilRetired(new ScheduledRotation(NONE)),
        ],
        1,
        { fleet: true },
      );

      // Assess
      expect(result.violation).toBeUndefined();
      expect(result.history.map((line) => line.split(":")[0])).toEqual([
        "ScheduledRotation(none)",
        "ScheduledRotation(none)",
        "ScheduledRotation(none)",
        "AdvanceClock(30 min)",
        "ScheduledRotation(none)",
        "OldServiceUsesPrevious",
        "Retire(vendor-burst(500 4 delete))",
        "Retire(none)",
      ]);
      expect(result.history[7]).toContain('"outcome":"retired"');
    } finally {
      clock.uninstall();
    }
  }, 120_000);
});
