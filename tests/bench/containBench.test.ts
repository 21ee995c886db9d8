import { containBench } from "../../bench/containBench";
import { motoEndpoint } from "../../harness/aws/motoClients";

jest.setTimeout(180_000);

describe("the out-of-process time-to-contain bench", () => {
  it("contains a small fleet with every step run in worker processes", async () => {
    // Prepare: 6 secrets over two vendors, 2 worker processes (one per vendor), no in-process control
    const options = { size: 6, runs: 1, workers: [2] };

    // Act
    const result = await containBench(motoEndpoint(), options);

    // Assess: one scenario, its one run contained with no old key accepted, every step in a worker
    expect(result).toMatchObject({ secrets: 6, quotaPerSecond: 50, concurrency: 64, maxRate: 48 });
    expect(result.machine.cores).toBeGreaterThanOrEqual(1);
    expect(result.scenarios).toHaveLength(1);
    const [scenario] = result.scenarios;
    expect(scenario).toMatchObject({
      workers: 2,
      workersPerVendor: { sendgrid: 1, datadog: 1 },
      runs: 1,
    });
    expect(scenario?.ranAs).toMatch(/^out of process: each step an invocation in one of 2 worker/);
    expect(scenario?.each).toHaveLength(1);
    const run = scenario?.each[0];
    expect(run).toMatchObject({
      oldKeysStillAccepted: 0,
      keysInOutput: 0,
      failed: 0,
      throttledResponses: 0,
      // The four steps of each of the 6 rotations, each an invocation in a worker, none failed.
      stepInvocations: 24,
      stepFailures: 0,
    });
    // The CLI's writes went through the throttling proxy, one request tag and one RotateSecret per secret.
    expect(run?.cliCalls).toMatchObject({ TagResource: 6, RotateSecret: 6 });
    // What the workers printed reached the leak scan (logs of every step), and held no key.
    expect(run?.outputLinesScanned).toBeGreaterThan(0);
    expect(run?.waitingForWorkerSeconds).not.toBeNull();
    expect(run?.inWorkerSeconds).not.toBeNull();
    // The steps ran in the workers: they used CPU time there.
    expect(run?.cpu.seconds.workers).toBeGreaterThan(0);
    expect(scenario?.boundBy).toMatch(
      /step invocations waited .* s for a worker, ran .* s \(workers \d+% occupied\)$/,
    );
  });

  it("refuses fewer workers than vendors, naming the option", async () => {
    // Act + Assess
    await expect(
      containBench(motoEndpoint(), { size: 2, runs: 1, workers: [1], inProcessControl: false }),
    ).rejects.toThrow(
      "`workers` must be a whole number of at least 2 (one per vendor: sendgrid, datadog); received 1.",
    );
  });
});
