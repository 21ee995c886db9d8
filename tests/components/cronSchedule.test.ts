import { analyseCron } from "../../components/cronSchedule";

describe("analyseCron", () => {
  it.each([
    [
      "every day at 06:00",
      "0 6 * * ? *",
      { minGapHours: 24, maxGapHours: 24, multiplePerDay: false, latestStartHour: 6 },
    ],
    [
      "04:00 and 16:00",
      "0 4/12 * * ? *",
      { minGapHours: 12, maxGapHours: 12, multiplePerDay: true, latestStartHour: 16 },
    ],
    [
      "every 4 hours from midnight",
      "0 */4 * * ? *",
      { minGapHours: 4, maxGapHours: 4, multiplePerDay: true, latestStartHour: 20 },
    ],
    [
      "Mondays and Thursdays",
      "0 6 ? * MON,THU *",
      { minGapHours: 72, maxGapHours: 96, multiplePerDay: false, latestStartHour: 6 },
    ],
    [
      "weekdays by number",
      "0 0 ? * 2-6 *",
      { minGapHours: 24, maxGapHours: 72, multiplePerDay: false, latestStartHour: 0 },
    ],
    [
      "the last day of each month",
      "0 0 L * ? *",
      { minGapHours: 28 * 24, maxGapHours: 31 * 24, multiplePerDay: false, latestStartHour: 0 },
    ],
    [
      "the first Monday of each month",
      "0 0 ? * 2#1 *",
      { minGapHours: 28 * 24, maxGapHours: 35 * 24, multiplePerDay: false, latestStartHour: 0 },
    ],
    [
      "the last Friday of each month",
      "0 0 ? * FRIL *",
      { minGapHours: 28 * 24, maxGapHours: 35 * 24, multiplePerDay: false, latestStartHour: 0 },
    ],
    [
      "the 1st of each quarter",
      "0 3 1 JAN,APR,JUL,OCT ? *",
      { minGapHours: 90 * 24, maxGapHours: 92 * 24, multiplePerDay: false, latestStartHour: 3 },
    ],
    [
      "Saturdays via L",
      "0 0 ? * L *",
      { minGapHours: 168, maxGapHours: 168, multiplePerDay: false, latestStartHour: 0 },
    ],
    [
      "the 1st and 15th",
      "0 0 1,15 * ? *",
      { minGapHours: 14 * 24, maxGapHours: 17 * 24, multiplePerDay: false, latestStartHour: 0 },
    ],
  ])("measures %s", (_title, body, expected) => {
    expect(analyseCron(body)).toEqual(expected);
  });

  it.each([
    [
      "0 6 * * ? * *",
      "must have 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), found 7",
    ],
    ["15 6 * * ? *", "must have 0 in the Minutes field: rotation windows open on the hour"],
    ["0 6 * * ? 2030", "must have * in the Year field"],
    ["0 6 ? * ? *", "must have ? in exactly one of the Day-of-month and Day-of-week fields"],
    ["0 6-2 * * ? *", 'has an invalid Hours field: "6-2" (allowed: 0-23 with , - * /)'],
    ["0 6 * 13 ? *", 'has an invalid Month field: "13" (allowed: 1-12 or JAN-DEC with , - * /)'],
    ["0 6 32 * ? *", 'has an invalid Day-of-month field: "32" (allowed: 1-31 with , - * /)'],
    [
      "0 6 ? * FUNDAY *",
      'has an invalid Day-of-week field: "FUNDAY" (allowed: 1-7 or SUN-SAT with , - * /)',
    ],
    ["0 6 ? * XYZL *", 'has an unknown day in the Day-of-week field: "XYZL"'],
    ["0 0 31 2 ? *", "must rotate at least twice in 28 years"],
  ])("refuses cron(%s)", (body, problem) => {
    expect(analyseCron(body)).toBe(problem);
  });
});
