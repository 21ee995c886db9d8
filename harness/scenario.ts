import { captureOutput, type CapturedOutput } from "./captureOutput";
import { invariantViolations } from "./invariants";
import { createRotationWorld, type RotationWorld, type WorldOptions } from "./rotationWorld";

export interface Scenario {
  readonly world: RotationWorld;
  /** Everything the handler wrote (logs, EMF metrics) since the test started. */
  readonly output: CapturedOutput;
  /** Asserts all six ROTATION.md invariants against moto and the simulator. */
  expectInvariants(options?: { emergency?: boolean }): Promise<void>;
}

/**
 * Jest hooks for one world per describe block and one output capture per
 * test; the leak check (invariant 6) scans every captured line, error
 * messages included, for every key the simulator ever made.
 */
export function useScenario(label: string, options: WorldOptions = {}): Scenario {
  let world: RotationWorld | undefined;
  let output: CapturedOutput | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    world = await createRotationWorld(label, options);
  });
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output?.restore());
  afterAll(async () => world?.stop());
  const scenario: Scenario = {
    get world() {
      if (!world) throw new Error("the world is created in beforeAll");
      return world;
    },
    get output() {
      if (!output) throw new Error("output is captured in beforeEach");
      return output;
    },
    async expectInvariants(opts = {}) {
      const text = `${scenario.output.text()}\n${errors.join("\n")}`;
      expect(await invariantViolations(scenario.world, text, opts)).toEqual([]);
    },
  };
  return scenario;
}
