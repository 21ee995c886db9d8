import {
  AdvanceClock,
  Maintain,
  OldServiceUsesPrevious,
  RevokePrevious,
  Rollback,
} from "../../../harness/model/commands/operatorCommands";
import { MaintenanceDuring } from "../../../harness/model/commands/concurrentCommands";
import {
  ConsoleTest,
  DeliverStep,
  EmergencyRotation,
  LateRetry,
  RetryRotation,
  ScheduledRotation,
} from "../../../harness/model/commands/rotationCommands";
import { runScenario } from "../../../harness/model/modelScenario";
import { installOffsetClock, type OffsetClock } from "../../../harness/model/offsetClock";

const NONE = { kind: "none" } as const;
const NEVER_ACTIVE = { kind: "activation-delay", ms: 120_000 } as const;
const DAY = 24 * 60;

/**
 * The defects the engine was known to have, each as the shortest command
 * sequence of the model that exposes it, run through the same checks.
 */
describe("the key lifecycle, known defects as model sequences", () => {
  let clock: OffsetClock;
  beforeAll(() => {
    clock = installOffsetClock();
  });
  afterAll(() => clock.uninstall());

  it.each([
    [
      "the window is measured from promotion, not creation",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation(NEVER_ACTIVE),
        new AdvanceClock(23 * 60),
        new RetryRotation(NONE),
        new AdvanceClock(6 * 60),
        new Maintain(NONE),
      ],
    ],
    [
      "maintenance never revokes AWSCURRENT through a stale pending copy of it",
      () => [
        new ScheduledRotation(NONE),
        new ConsoleTest("copy", true, { kind: "vendor-hang", operation: "verify" }),
        new AdvanceClock(DAY + 60),
        new Maintain(NONE),
      ],
    ],
    [
      "stale-pending cleanup and a late finishSecret retry do not leave a revoked key current",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation({
          kind: "sm-error",
          error: "500",
          operation: "UpdateSecretVersionStage",
          count: 4,
        }),
        new AdvanceClock(DAY + 60),
        new MaintenanceDuring("retry"),
      ],
    ],
    [
      "finishSecret never promotes a valueless version",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation({ kind: "vendor-burst", status: 500, count: 4, operation: "create" }),
        new DeliverStep("finishSecret", 1, NONE),
      ],
    ],
    [
      "a refused emergency request does not stay armed",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation(NEVER_ACTIVE),
        new EmergencyRotation("replace-then-revoke", NONE),
        new AdvanceClock(5),
        new RetryRotation(NONE),
      ],
    ],
    [
      "making room at a capped vendor respects the usage gate",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation(NONE),
        new AdvanceClock(DAY + 60),
        new OldServiceUsesPrevious(),
        new ScheduledRotation({ kind: "cap-reached" }),
      ],
    ],
    [
      "rollback re-checks the previous key against a concurrent revocation",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation(NONE),
        new AdvanceClock(DAY + 60),
        new MaintenanceDuring("rollback"),
        new RevokePrevious(false),
      ],
    ],
    [
      "a retry after a lost create answer leaves one live key for the token",
      () => [
        new ScheduledRotation({ kind: "crash", at: "vendor-create" }),
        new RetryRotation(NONE),
        new DeliverStep("createSecret", 2, NONE),
      ],
    ],
    [
      "a rollback ends the rotation it undoes: Lambda's late retry does not promote its key again",
      () => [
        new ScheduledRotation(NONE),
        new ScheduledRotation({ kind: "crash", at: "update-stage" }),
        new Rollback(NONE),
        new LateRetry(NONE),
      ],
    ],
    [
      "maintenance finishes an emergency whose finishSecret died after the promotion",
      () => [
        new ScheduledRotation(NONE),
        new EmergencyRotation("replace-then-revoke", { kind: "crash", at: "update-stage" }),
        new Maintain(NONE),
      ],
    ],
    [
      "a second emergency request does not drop the first one's while its rotation is pending",
      () => [
        new ScheduledRotation(NONE),
        new EmergencyRotation("replace-then-revoke", {
          kind: "vendor-hang",
          operation: "verify",
        }),
        new EmergencyRotation("replace-then-revoke", NONE),
        new RetryRotation(NONE),
        new Rollback(NONE),
      ],
    ],
    [
      "a rollback never restores the key an emergency replaced",
      () => [
        new ScheduledRotation(NONE),
        new EmergencyRotation("replace-then-revoke", { kind: "crash", at: "update-stage" }),
        new Rollback(NONE),
        new LateRetry(NONE),
      ],
    ],
  ])(
    "%s",
    async (_name, commands) => {
      // Act
      const result = await runScenario(clock, commands());

      // Assess
      expect(result.violation).toBeUndefined();
    },
    90_000,
  );

  it.each([2, 3, 4])(
    "stale-pending cleanup racing a late retry holds under scheduler seed %i",
    async (seed) => {
      // Prepare: a tested, unfinished rotation older than the stale limit.
      const commands = [
        new ScheduledRotation(NONE),
        new ScheduledRotation({
          kind: "sm-error",
          error: "500",
          operation: "UpdateSecretVersionStage",
          count: 4,
        }),
        new AdvanceClock(DAY + 60),
        new MaintenanceDuring("retry"),
      ];

      // Act
      const result = await runScenario(clock, commands, seed);

      // Assess
      expect(result.violation).toBeUndefined();
    },
    90_000,
  );
});
