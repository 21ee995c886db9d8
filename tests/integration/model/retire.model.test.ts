import {
  AdvanceClock,
  OldServiceUsesPrevious,
} from "../../../harness/model/commands/operatorCommands";
import { Retire, UntilRetired } from "../../../harness/model/commands/retireCommands";
import { ScheduledRotation } from "../../../harness/model/commands/rotationCommands";
import { runScenario } from "../../../harness/model/modelScenario";
import { installOffsetClock, type OffsetClock } from "../../../harness/model/offsetClock";

const NONE = { kind: "none" } as const;
const NEVER_ACTIVE = { kind: "activation-delay", ms: 120_000 } as const;
const DELETES_FAIL = { kind: "vendor-burst", status: 500, count: 4, operation: "delete" } as const;

/**
 * `pulumi destroy` as model commands: a key's life (rotations, a stuck one,
 * a consumer still on the previous key), then the retire invocation, run
 * through the same checks as the random model. After a successful retire the
 * model expects no key of ours to be live; a further retire changes nothing.
 */
describe("retire on destroy, as model sequences", () => {
  let clock: OffsetClock;
  beforeAll(() => {
    clock = installOffsetClock();
  });
  afterAll(() => clock.uninstall());

  it("revokes every key after a life with a stuck rotation, and a second retire is a no-op", async () => {
    // Act
    const result = await runScenario(clock, [
      new ScheduledRotation(NONE),
      new ScheduledRotation(NONE),
      new AdvanceClock(60),
      new OldServiceUsesPrevious(),
      new ScheduledRotation(NONE),
      new ScheduledRotation(NEVER_ACTIVE),
      new Retire(NONE),
      new Retire(NONE),
    ]);

    // Assess
    expect(result.violation).toBeUndefined();
    expect(result.history.filter((line) => line.startsWith("Retire"))).toEqual([
      expect.stringContaining('"outcome":"retired","reason":"the component is being destroyed"'),
      expect.stringContaining('"reason":"every key of this secret was already gone","revoked":[]'),
    ]);
  }, 120_000);

  it("a retire the vendor fails part-way is finished by the rerun", async () => {
    // Act
    const result = await runScenario(clock, [
      new ScheduledRotation(NONE),
      new ScheduledRotation(NONE),
      new ScheduledRotation(NONE),
      new AdvanceClock(30),
      new ScheduledRotation(NONE),
      new OldServiceUsesPrevious(),
      new Retire(DELETES_FAIL),
      new Retire(NONE),
      new UntilRetired(new ScheduledRotation(NONE)),
    ]);

    // Assess: the rotation after the retire does not run (its schedule is deleted before the retire).
    expect(result.violation).toBeUndefined();
    expect(result.history.map((line) => line.split(":")[0])).toEqual([
      "ScheduledRotation(none)",
      "ScheduledRotation(none)",
      "ScheduledRotation(none)",
      "AdvanceClock(30 min)",
      "ScheduledRotation(none)",
      "OldServiceUsesPrevious",
      `Retire(${"vendor-burst(500 4 delete)"})`,
      "Retire(none)",
    ]);
    expect(result.history[7]).toContain('"outcome":"retired"');
  }, 120_000);
});
