import { runPool } from "../../../../lambdas/engine/core/pool";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("runPool", () => {
  it("never runs more than `concurrency` items at once and returns outcomes in item order", async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);

    // Act
    const outcomes = await runPool(items, 3, async (i) => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      return i * 2;
    });

    // Assess
    expect(most).toBe(3);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : o.status))).toEqual(
      items.map((i) => i * 2),
    );
  });

  it("isolates a failure: the others still run and the failure is returned, not thrown", async () => {
    // Act
    const outcomes = await runPool(["a", "b", "c"], 2, async (s) => {
      if (s === "b") throw new Error("b broke");
      return s.toUpperCase();
    });

    // Assess
    expect(outcomes).toEqual([
      { item: "a", status: "fulfilled", value: "A" },
      { item: "b", status: "rejected", reason: new Error("b broke") },
      { item: "c", status: "fulfilled", value: "C" },
    ]);
  });

  it("starts nothing more once `mayStart` says no, and lets running items finish", async () => {
    // Prepare
    let allowed = 2;
    const started: number[] = [];

    // Act
    const outcomes = await runPool(
      [1, 2, 3, 4, 5],
      1,
      async (i) => {
        started.push(i);
        await tick();
        return i;
      },
      () => allowed-- > 0,
    );

    // Assess
    expect(started).toEqual([1, 2]);
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "skipped",
      "skipped",
      "skipped",
    ]);
  });

  it("handles no items", async () => {
    // Assess
    expect(await runPool([], 4, async () => 1)).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses concurrency %p", async (concurrency) => {
    // Assess
    await expect(runPool([1], concurrency, async () => 1)).rejects.toThrow(
      `concurrency must be a whole number of at least 1 (received ${concurrency})`,
    );
  });
});
