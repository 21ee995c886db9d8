import type { ContainRun } from "../../bench/containRun";
import { boundOf, floorsOf } from "../../bench/containBound";

/** A run of 200 secrets with 8 workers; each test changes what it is about. */
function run(overrides: Partial<ContainRun> = {}): ContainRun {
  return {
    timeToContainSeconds: 40,
    startedPerSecond: 40,
    startPhaseSeconds: 5,
    stepsFinishedSeconds: 39,
    rotationSeconds: { median: 25, max: 35 },
    stepInvocations: 800,
    stepFailures: 0,
    waitingForWorkerSeconds: 5000,
    inWorkerSeconds: 300,
    workerOccupancy: 0.95,
    failed: 0,
    throttledResponses: 0,
    cliCalls: { RotateSecret: 200, TagResource: 200 },
    cpu: { seconds: { moto: 22, workers: 14, benchProcess: 8 }, machineBusyShare: 1 },
    loadavgAfter: [10, 9, 8],
    oldKeysStillAccepted: 0,
    keysInOutput: 0,
    outputLinesScanned: 4000,
    ...overrides,
  };
}

describe("floorsOf", () => {
  it("takes the pacer's, moto's and the cores' lower bounds from the run's own figures", () => {
    // Act + Assess: 200 ÷ 48/s; moto's CPU; (22 + 14 + 8) CPU s over 2 cores
    expect(floorsOf(run(), 200, 2)).toEqual({ pacer: 4.17, moto: 22, cpuOverCores: 22 });
  });
});

describe("boundOf", () => {
  it("names the cores on a saturated machine, with the highest floor and this bench's share", () => {
    // Act + Assess
    expect(boundOf(run(), 200, 2)).toBe(
      "the cores (CPU-bound; moto's CPU, 22 s on its one process, is the highest floor): " +
        "machine 100% busy (this bench's processes 55% of 2 cores); CPU moto 22 s, workers 14 s, benchProcess 8 s; " +
        "starts 5 s (pacer floor 4.17 s), last steps finished 39 s, contained 40 s; " +
        "step invocations waited 5000 s for a worker, ran 300 s (workers 95% occupied)",
    );
  });

  it("names moto on a machine with cores to spare when its one process was busy most of the run", () => {
    // Act: moto 30 s of CPU in a 40 s run
    const bound = boundOf(
      run({ cpu: { seconds: { moto: 30, workers: 14, benchProcess: 8 }, machineBusyShare: 0.8 } }),
      200,
      2,
    );
    // Assess
    expect(bound).toMatch(
      /^moto \(its one process 75% of a core over the run\): machine 80% busy /,
    );
  });

  it("names the workers on an idle machine when invocations waited longer than they ran in a full pool", () => {
    // Act
    const bound = boundOf(
      run({ cpu: { seconds: { moto: 5, workers: 6, benchProcess: 2 }, machineBusyShare: 0.4 } }),
      200,
      2,
    );
    // Assess
    expect(bound).toMatch(/^the workers \(reserved concurrency\): machine 40% busy /);
  });

  it("names the pacer when the starts took most of the time and the workers were not full", () => {
    // Act
    const bound = boundOf(
      run({
        startPhaseSeconds: 36,
        workerOccupancy: 0.3,
        cpu: { seconds: { moto: 5, workers: 6, benchProcess: 2 }, machineBusyShare: 0.4 },
      }),
      200,
      2,
    );
    // Assess
    expect(bound).toMatch(/^the pacer \(the RotateSecret quota\): /);
  });

  it("names the steps' round trips otherwise, and leaves out worker figures for in-process runs", () => {
    // Act
    const bound = boundOf(
      run({
        waitingForWorkerSeconds: null,
        inWorkerSeconds: null,
        workerOccupancy: null,
        cpu: { seconds: { moto: 5, workers: 0, benchProcess: 8 }, machineBusyShare: 0.5 },
      }),
      200,
      2,
    );
    // Assess
    expect(bound).toBe(
      "the steps' round trips (moto, the vendors): machine 50% busy (this bench's processes 16% of 2 cores); " +
        "CPU benchProcess 8 s, moto 5 s, workers 0 s; starts 5 s (pacer floor 4.17 s), last steps finished 39 s, contained 40 s",
    );
  });
});
