import { planSchedule, type ScheduleArgs } from "../../components/schedule";

function plan(args: ScheduleArgs) {
  const problems: string[] = [];
  const schedule = planSchedule(args, 30, problems);
  return { schedule, problems };
}

describe("planSchedule", () => {
  it.each<[string, ScheduleArgs, object]>([
    [
      "a rate of 6 hours with a 6-hour window: windows at 0, 6, 12 and 18 h close by midnight",
      { scheduleExpression: "rate(6 hours)", rotationWindow: "6h" },
      {
        rules: { scheduleExpression: "rate(6 hours)", duration: "6h" },
        label: '"rate(6 hours)"',
        minIntervalHours: 6,
        maxIntervalHours: 6,
        windowHours: 6,
      },
    ],
    [
      "a rate of 7 hours with a 3-hour window: the last window opens at 21:00",
      { scheduleExpression: "rate(7 hours)", rotationWindow: "3h" },
      {
        rules: { scheduleExpression: "rate(7 hours)", duration: "3h" },
        label: '"rate(7 hours)"',
        minIntervalHours: 7,
        maxIntervalHours: 7,
        windowHours: 3,
      },
    ],
    [
      "the default of 30 days, with the day-long default window",
      {},
      {
        rules: { automaticallyAfterDays: 30 },
        label: "`rotationDays: 30`",
        minIntervalHours: 720,
        maxIntervalHours: 720,
        windowHours: 24,
      },
    ],
    [
      "rotationDays with a window",
      { rotationDays: 7, rotationWindow: "3h" },
      {
        // AWS applies a window to a ScheduleExpression: days become rate(N days), as CDK does.
        rules: { scheduleExpression: "rate(7 days)", duration: "3h" },
        label: "`rotationDays: 7`",
        minIntervalHours: 168,
        maxIntervalHours: 168,
        windowHours: 3,
      },
    ],
    [
      "a rate in hours, whose default window is one hour",
      { scheduleExpression: "rate(12 hours)" },
      {
        rules: { scheduleExpression: "rate(12 hours)" },
        label: '"rate(12 hours)"',
        minIntervalHours: 12,
        maxIntervalHours: 12,
        windowHours: 1,
      },
    ],
    [
      "a rate of exactly 4 hours with a 4-hour window",
      { scheduleExpression: "rate(4 hours)", rotationWindow: "4h" },
      {
        rules: { scheduleExpression: "rate(4 hours)", duration: "4h" },
        label: '"rate(4 hours)"',
        minIntervalHours: 4,
        maxIntervalHours: 4,
        windowHours: 4,
      },
    ],
    [
      "a rate in days",
      { scheduleExpression: "rate(1 day)" },
      {
        rules: { scheduleExpression: "rate(1 day)" },
        label: '"rate(1 day)"',
        minIntervalHours: 24,
        maxIntervalHours: 24,
        windowHours: 24,
      },
    ],
    [
      "a daily cron, whose default window runs to midnight",
      { scheduleExpression: "cron(0 18 * * ? *)" },
      {
        rules: { scheduleExpression: "cron(0 18 * * ? *)" },
        label: '"cron(0 18 * * ? *)"',
        minIntervalHours: 24,
        maxIntervalHours: 24,
        windowHours: 6,
      },
    ],
    [
      "a twice-daily cron, whose default window is one hour",
      { scheduleExpression: "cron(0 4/12 * * ? *)" },
      {
        rules: { scheduleExpression: "cron(0 4/12 * * ? *)" },
        label: '"cron(0 4/12 * * ? *)"',
        minIntervalHours: 12,
        maxIntervalHours: 12,
        windowHours: 1,
      },
    ],
  ])("plans %s", (_title, args, expected) => {
    // Act
    const { schedule, problems } = plan(args);
    // Assess
    expect(problems).toEqual([]);
    expect(schedule).toEqual(expected);
  });

  it("leaves the schedule undefined when it is invalid", () => {
    expect(plan({ scheduleExpression: "rate(3 hours)" }).schedule).toBeUndefined();
  });
});
