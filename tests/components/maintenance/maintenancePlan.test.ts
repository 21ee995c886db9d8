import {
  offsetCronExpression,
  rateExpression,
} from "../../../components/maintenance/maintenancePlan";

describe("offsetCronExpression", () => {
  it.each([
    [5, 3, "cron(3/5 * * * ? *)"],
    [15, 14, "cron(14/15 * * * ? *)"],
    [30, 0, "cron(0/30 * * * ? *)"],
    [60, 17, "cron(17 * * * ? *)"],
    [120, 77, "cron(17 1/2 * * ? *)"],
    [480, 300, "cron(0 5/8 * * ? *)"],
  ])("runs every %i minutes at offset %i as %s", (minutes, offset, expected) => {
    expect(offsetCronExpression(minutes, offset)).toBe(expected);
  });

  it.each([7, 45, 90, 300])(
    "keeps a rate() for %i minutes, which divides neither an hour nor a day",
    (minutes) => {
      // Act
      const cron = offsetCronExpression(minutes, 1);
      // Assess
      expect(cron).toBeUndefined();
      expect(rateExpression(minutes)).toMatch(/^rate\(/);
    },
  );
});
