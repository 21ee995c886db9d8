import { problemsOf, type ArgsCase } from "./argProblems";
import { defaultArgs } from "./componentArgs";

/** Schedule, window, overlap and key-lifetime mistakes. */
const cases: ArgsCase[] = [
  [
    "both schedule arguments",
    "nylas-key",
    { rotationDays: 7, scheduleExpression: "rate(7 days)" },
    [
      'Set only one of `rotationDays` or `scheduleExpression` (received both: 7 and "rate(7 days)"). Remove one of them.',
    ],
  ],
  [
    "zero rotation days",
    "nylas-key",
    { rotationDays: 0 },
    [
      '`rotationDays` must be a whole number from 1 to 1000 (received 0). Use `scheduleExpression` (e.g. "rate(12 hours)") to rotate more often than daily.',
    ],
  ],
  [
    "1001 rotation days",
    "nylas-key",
    { rotationDays: 1001 },
    [
      '`rotationDays` must be a whole number from 1 to 1000 (received 1001). Use `scheduleExpression` (e.g. "rate(12 hours)") to rotate more often than daily.',
    ],
  ],
  [
    "a schedule that is neither rate() nor cron()",
    "nylas-key",
    { scheduleExpression: "every day" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)" (received "every day"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a rate more often than every 4 hours",
    "nylas-key",
    { scheduleExpression: "rate(2 hours)" },
    [
      '`scheduleExpression` must not rotate more often than every 4 hours (received "rate(2 hours)", with rotations 2 hours apart). Space rotations at least 4 hours apart.',
    ],
  ],
  [
    "a rate longer than 999 days",
    "nylas-key",
    { scheduleExpression: "rate(1000 days)", keyTtlDays: 0, maxKeyAgeDays: 3650 },
    [
      '`scheduleExpression` must rotate at least every 999 days (received "rate(1000 days)"). Rotate more often.',
    ],
  ],
  [
    "a cron off the hour",
    "nylas-key",
    { scheduleExpression: "cron(30 6 * * ? *)" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"; this cron expression must have 0 in the Minutes field: rotation windows open on the hour (received "cron(30 6 * * ? *)"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a cron with a year",
    "nylas-key",
    { scheduleExpression: "cron(0 6 * * ? 2026)" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"; this cron expression must have * in the Year field (received "cron(0 6 * * ? 2026)"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a cron with both day fields",
    "nylas-key",
    { scheduleExpression: "cron(0 6 * * * *)" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"; this cron expression must have ? in exactly one of the Day-of-month and Day-of-week fields (received "cron(0 6 * * * *)"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a cron with hour 25",
    "nylas-key",
    { scheduleExpression: "cron(0 25 * * ? *)" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"; this cron expression has an invalid Hours field: "25" (allowed: 0-23 with , - * /) (received "cron(0 25 * * ? *)"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a cron with four fields",
    "nylas-key",
    { scheduleExpression: "cron(0 6 * *)" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"; this cron expression must have 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), found 4 (received "cron(0 6 * *)"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a cron every 2 hours",
    "nylas-key",
    { scheduleExpression: "cron(0 */2 * * ? *)" },
    [
      '`scheduleExpression` must not rotate more often than every 4 hours (received "cron(0 */2 * * ? *)", with rotations 2 hours apart). Space rotations at least 4 hours apart.',
    ],
  ],
  [
    "a cron that never fires",
    "nylas-key",
    { scheduleExpression: "cron(0 0 30 2 ? *)" },
    [
      '`scheduleExpression` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"; this cron expression must rotate at least twice in 28 years (received "cron(0 0 30 2 ? *)"). Fix the expression; see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html.',
    ],
  ],
  [
    "a window not in hours",
    "nylas-key",
    { rotationWindow: "3 hours" },
    [
      '`rotationWindow` must be "<n>h" with n a whole number from 1 to 24 (received "3 hours"). Write e.g. "3h", or omit it to use Secrets Manager\'s default window.',
    ],
  ],
  [
    "a 25-hour window",
    "nylas-key",
    { rotationWindow: "25h" },
    [
      '`rotationWindow` must be "<n>h" with n a whole number from 1 to 24 (received "25h"). Write e.g. "3h", or omit it to use Secrets Manager\'s default window.',
    ],
  ],
  [
    "a window longer than the interval",
    "nylas-key",
    { scheduleExpression: "rate(4 hours)", rotationWindow: "6h", overlapHours: 2 },
    [
      '`rotationWindow` must not reach into the next rotation: at most 4h for "rate(4 hours)" (received "6h"). Shorten the window or rotate less often.',
    ],
  ],
  [
    "a window of a rate in hours past midnight (windows open at midnight and every 5 hours after)",
    "nylas-key",
    { scheduleExpression: "rate(5 hours)", rotationWindow: "5h", overlapHours: 2 },
    [
      '`rotationWindow` must close by midnight UTC: "rate(5 hours)" opens windows at midnight UTC and every 5 hours after, the last at 20:00, so at most 4h (received "5h"). Shorten the window, or use a rate that divides 24 hours.',
    ],
  ],
  [
    "a window of a rate in hours past midnight (36 hours: windows also open at noon)",
    "nylas-key",
    { scheduleExpression: "rate(36 hours)", rotationWindow: "13h", overlapHours: 2 },
    [
      '`rotationWindow` must close by midnight UTC: "rate(36 hours)" opens windows at midnight UTC and every 36 hours after, the last at 12:00, so at most 12h (received "13h"). Shorten the window, or use a rate that divides 24 hours.',
    ],
  ],
  [
    "a window past midnight",
    "nylas-key",
    { scheduleExpression: "cron(0 22 * * ? *)", rotationWindow: "4h", overlapHours: 12 },
    [
      '`rotationWindow` must close by midnight UTC: "cron(0 22 * * ? *)" opens a window at 22:00, so at most 2h (received "4h"). Shorten the window or open it earlier.',
    ],
  ],
  [
    "a negative overlap",
    "nylas-key",
    { overlapHours: -1 },
    [
      "`overlapHours` must be a whole number of hours from 0 to 8760 (received -1). Omit it to use the default, 24.",
    ],
  ],
  [
    "a fractional overlap",
    "nylas-key",
    { overlapHours: 1.5 },
    [
      "`overlapHours` must be a whole number of hours from 0 to 8760 (received 1.5). Omit it to use the default, 24.",
    ],
  ],
  [
    "an overlap as long as the interval",
    "nylas-key",
    { scheduleExpression: "rate(12 hours)" },
    [
      '`overlapHours` must be shorter than the time between rotations: under "rate(12 hours)" rotations can be 12 hours apart (received 24). Set `overlapHours` below 12, or rotate less often.',
    ],
  ],
  [
    "a key TTL shorter than a key's life",
    "nylas-key",
    { keyTtlDays: 30 },
    [
      "`keyTtlDays` must cover a key's whole life (received 30, i.e. 720 hours): under `rotationDays: 30` a key can stay valid for up to 768 hours (720h between rotations + 24h rotation window + 24h overlap). Set `keyTtlDays` to at least 32 (0 = never expire), rotate more often, or shorten `overlapHours`.",
    ],
  ],
  [
    "a negative key TTL",
    "nylas-key",
    { keyTtlDays: -1 },
    [
      "`keyTtlDays` must be a whole number of days (0 = never expire) from 0 to 3650 (received -1). Omit it to use the default, 90.",
    ],
  ],
  [
    "a schedule that breaks the key-age policy",
    "nylas-key",
    { maxKeyAgeDays: 30 },
    [
      "The schedule cannot keep keys younger than `maxKeyAgeDays` (received 30, i.e. 720 hours): under `rotationDays: 30` a key can stay valid for up to 768 hours (720h between rotations + 24h rotation window + 24h overlap). Rotate more often, shorten `overlapHours` or `rotationWindow`, or raise `maxKeyAgeDays` to at least 32.",
    ],
  ],
  [
    "a zero key-age policy",
    "nylas-key",
    { maxKeyAgeDays: 0 },
    [
      "`maxKeyAgeDays` must be a whole number of days from 1 to 3650 (received 0). Omit it to use the default, 90.",
    ],
  ],
];

describe("planRotatedApiKey's schedule checks", () => {
  it.each(cases)("refuse %s", (_title, name, overrides, expected) => {
    // Act
    const problems = problemsOf(name, { ...defaultArgs, ...overrides });
    // Assess
    expect(problems).toEqual(expected);
  });
});
