import {
  AdvanceClock,
  Maintain,
  RemoteServiceUsesPrevious,
} from "../../../harness/model/commands/operatorCommands";
import { ScheduledRotation } from "../../../harness/model/commands/rotationCommands";
import { runScenario } from "../../../harness/model/modelScenario";
import { installOffsetClock, type OffsetClock } from "../../../harness/model/offsetClock";

const NONE = { kind: "none" } as const;
const DAY = 24 * 60;

/**
 * Issue 13, misfire 4, as model sequences: a service in a declared consumer
 * region (the model world's ROTATION_CONSUMER_REGIONS) falls back to the
 * previous key; its fallback lands in that region's CloudWatch. Every check
 * of the model (the usage gate included) runs after every command. The model's
 * vendor (OpenAI) also reports `last_used_at`, which sees the same use, so
 * these sequences hold even without the region declared: the proof that the
 * metric in the other region alone gates revocation is
 * tests/lambdas/engine/core/usageReach.test.ts and
 * tests/integration/lifecycle/revocationReach.test.ts (vendors without
 * last-use times).
 */
describe("the key lifecycle with a consumer in another region, as model sequences", () => {
  let clock: OffsetClock;
  beforeAll(() => {
    clock = installOffsetClock();
  });
  afterAll(() => clock.uninstall());

  it.each([
    [
      "scheduled revocation waits for a remote service still using the previous key",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation(NONE),
        new AdvanceClock(DAY + 60),
        new RemoteServiceUsesPrevious(),
        new Maintain(NONE),
      ],
    ],
    [
      "making room at a capped vendor respects a remote service's use",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation(NONE),
        new AdvanceClock(DAY + 60),
        new RemoteServiceUsesPrevious(),
        new ScheduledRotation({ kind: "cap-reached" }),
      ],
    ],
  ])(
    "%s",
    async (_name, commands) => {
      // Act
      const result = await runScenario(clock, commands());

      // Assess
      expect(result.violation).toBeUndefined();
      expect(result.history.join("\n")).toContain(
        "vendor answered 200 to the previous key (a service in eu-west-1)",
      );
    },
    90_000,
  );
});
