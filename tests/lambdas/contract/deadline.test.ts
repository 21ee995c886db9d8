import {
  DEADLINE_MARGIN_MS,
  MIN_ATTEMPT_MS,
  currentDeadline,
  deadlineAllows,
  lambdaDeadline,
  msUntilDeadline,
  runCleanupUntil,
  runWithDeadline,
} from "../../../lambdas/contract/deadline";

describe("deadline", () => {
  const T = Date.parse("2026-01-01T00:00:00.000Z");

  it("has no deadline outside runWithDeadline", () => {
    // Act / Assess
    expect([currentDeadline(), msUntilDeadline(T)]).toEqual([undefined, undefined]);
  });

  it("carries the deadline through awaits and timers of the same invocation", async () => {
    // Act
    const seen = await runWithDeadline(T + 30_000, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const inTimer = await new Promise<number | undefined>((resolve) =>
        setTimeout(() => resolve(currentDeadline()), 1),
      );
      return [currentDeadline(), inTimer, msUntilDeadline(T + 10_000)];
    });

    // Assess
    expect(seen).toEqual([T + 30_000, T + 30_000, 20_000]);
    expect(currentDeadline()).toBeUndefined();
  });

  it("keeps concurrent invocations apart", async () => {
    // Act
    const seen = await Promise.all([
      runWithDeadline(T + 1_000, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return currentDeadline();
      }),
      runWithDeadline(T + 2_000, async () => currentDeadline()),
    ]);

    // Assess
    expect(seen).toEqual([T + 1_000, T + 2_000]);
  });

  it("lets a nested deadline shorten the enclosing one but never extend it", async () => {
    // Act
    const seen = await runWithDeadline(T + 10_000, async () => [
      await runWithDeadline(T + 5_000, async () => currentDeadline()),
      await runWithDeadline(T + 60_000, async () => currentDeadline()),
    ]);

    // Assess
    expect(seen).toEqual([T + 5_000, T + 10_000]);
  });

  it("lets cleanup run to its own, later deadline", async () => {
    // Act
    const seen = await runWithDeadline(T + 10_000, () =>
      runCleanupUntil(T + 13_000, async () => currentDeadline()),
    );

    // Assess
    expect(seen).toBe(T + 13_000);
  });

  it("reports a passed deadline as negative time left", async () => {
    // Act
    const left = await runWithDeadline(T, async () => msUntilDeadline(T + 250));

    // Assess
    expect(left).toBe(-250);
  });

  it("derives an invocation's deadline from the Lambda's remaining time less the margin", () => {
    // Act / Assess
    expect(DEADLINE_MARGIN_MS).toBe(5_000);
    expect(lambdaDeadline(30_000, DEADLINE_MARGIN_MS, T)).toBe(T + 25_000);
    expect(lambdaDeadline(30_000, 2_000, T)).toBe(T + 28_000);
  });

  it("allows a retry wait only when it leaves time for another attempt", async () => {
    // Act
    const inside = await runWithDeadline(T + 1_000, async () => [
      deadlineAllows(1_000 - MIN_ATTEMPT_MS, MIN_ATTEMPT_MS, T),
      deadlineAllows(1_000 - MIN_ATTEMPT_MS + 1, MIN_ATTEMPT_MS, T),
    ]);

    // Assess
    expect(MIN_ATTEMPT_MS).toBe(250);
    expect(inside).toEqual([true, false]);
    expect(deadlineAllows(10_000_000)).toBe(true);
  });
});
