import { planRotations } from "../../scripts/drill/plan";

describe("the drill's rotation plan", () => {
  it("runs exactly --rotations N rotations, against a simulator and a real vendor", () => {
    for (const simulated of [true, false]) {
      for (const n of [1, 2, 3, 4, 5, 9]) {
        // Act
        const plan = planRotations(n, simulated);

        // Assess
        expect(plan.map((r) => r.number)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }
    }
  });

  it("against a simulator: first, scheduled, then the two rehearsed faults when there is room", () => {
    // Act
    const kinds = (n: number) => planRotations(n, true).map((r) => r.kind);

    // Assess
    expect(kinds(1)).toEqual(["first"]);
    expect(kinds(2)).toEqual(["first", "scheduled"]);
    expect(kinds(3)).toEqual(["first", "scheduled", "slow-activation"]);
    expect(kinds(4)).toEqual(["first", "scheduled", "slow-activation", "crash-then-retry"]);
    expect(kinds(6)).toEqual([
      "first",
      "scheduled",
      "scheduled",
      "scheduled",
      "slow-activation",
      "crash-then-retry",
    ]);
  });

  it("against a real vendor: no injected faults", () => {
    // Act
    const kinds = planRotations(4, false).map((r) => r.kind);

    // Assess
    expect(kinds).toEqual(["first", "scheduled", "scheduled", "scheduled"]);
  });
});
