import { expiryProblem, rotationIntervalMs } from "../../../../lambdas/engine/core/keyExpiry";

const NOW = new Date("2026-01-01T00:00:00.000Z");
const DAY = 86_400_000;

describe("rotationIntervalMs", () => {
  it.each([
    [{ automaticallyAfterDays: 30 }, 30 * DAY],
    [{ automaticallyAfterDays: 7, duration: "3h" }, 7 * DAY + 3 * 3_600_000],
    [{ scheduleExpression: "rate(12 hours)" }, 12 * 3_600_000],
    [{ scheduleExpression: "rate(1 day)" }, DAY],
    [{ scheduleExpression: "cron(0 4 ? * MON *)" }, undefined],
    [undefined, undefined],
  ])("reads %j as %p ms", (rules, expected) => {
    expect(rotationIntervalMs(rules)).toBe(expected);
  });
});

describe("expiryProblem", () => {
  const expect30Days = {
    now: NOW,
    keyTtlDays: 90,
    overlapHours: 24,
    rules: { automaticallyAfterDays: 30 },
  };

  it("accepts a key that lives as long as asked, and one that never expires", () => {
    expect(expiryProblem("2026-04-01T00:00:00.000Z", expect30Days)).toBeUndefined();
    expect(expiryProblem(undefined, expect30Days)).toBeUndefined();
  });

  it("refuses a key that would die before the next rotation plus the overlap window", () => {
    expect(expiryProblem("2026-01-20T00:00:00.000Z", expect30Days)).toBe(
      "it expires at 2026-01-20T00:00:00.000Z, before 2026-02-01T01:00:00.000Z (the next rotation in 720 h, the 24 h overlap window and a 1 h margin)",
    );
  });

  it("refuses a key far shorter-lived than the TTL asked for (days read as seconds)", () => {
    // 90 "seconds" instead of 90 days, on an hourly schedule with no overlap.
    const hourly = {
      now: NOW,
      keyTtlDays: 90,
      overlapHours: 0,
      rules: { scheduleExpression: "rate(4 hours)" },
    };
    expect(expiryProblem("2026-01-10T00:00:00.000Z", hourly)).toBe(
      "it expires at 2026-01-10T00:00:00.000Z, far sooner than the 90 days asked for (a unit mix-up at the vendor or in the adapter?)",
    );
  });

  it("allows a day of rounding below the TTL (vendors that expire keys on a date)", () => {
    expect(expiryProblem("2026-03-31T00:00:01.000Z", expect30Days)).toBeUndefined();
  });

  it("refuses an expiry that is not a date", () => {
    expect(expiryProblem("soon", expect30Days)).toBe('its expiry "soon" is not a date');
  });
});
