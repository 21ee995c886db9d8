import { ApiKeyRejectedError, ConsumerMetrics, withApiKey } from "../../consumer";
import {
  callVendor,
  consumerEvents,
  consumerFor,
  rejectionOf,
  revokeAtVendor,
  vendorStatusesSince,
} from "../consumer/consumerWorld";
import { useScenario, type Scenario } from "../../harness/scenario";

/** Two rotations: AWSCURRENT holds the second key, AWSPREVIOUS the first. */
async function rotateTwice(s: Scenario) {
  for (let i = 0; i < 2; i++) {
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  }
  const current = await s.world.readValue("AWSCURRENT");
  const previous = await s.world.readValue("AWSPREVIOUS");
  if (current === undefined || previous === undefined) throw new Error("two rotations ran");
  return { current, previous };
}

const metricsOf = (s: Scenario) =>
  consumerEvents(s.output.lines()).map((e) => [
    e.metric,
    e.properties.trigger ?? e.properties.stage,
  ]);

function expectNoKeyInOutput(s: Scenario): void {
  for (const secret of s.world.sim.issuedSecrets()) expect(s.output.text()).not.toContain(secret);
}

describe("consumer fallback during the overlap window", () => {
  const s = useScenario("consumer-overlap", { overlapHours: 24 });

  it("falls back to the previous key when the vendor rejects the new one, and counts the fallback", async () => {
    // Prepare: the vendor rejects the new key (revoked here to make it answer 401).
    const { current, previous } = await rotateTwice(s);
    await revokeAtVendor(s.world, current.keyId);
    const consumer = await consumerFor(s.world, { overlapHours: 24 });
    const from = s.world.sim.requests.length;
    const stages: string[] = [];

    try {
      // Act
      const res = await withApiKey(consumer.provider, (apiKey, attempt) => {
        stages.push(`${attempt.stage}:${attempt.versionId}`);
        return callVendor(s.world, apiKey);
      });

      // Assess
      expect(res.status).toBe(200);
      expect(stages).toEqual([
        `AWSCURRENT:${current.versionId}`,
        `AWSPREVIOUS:${previous.versionId}`,
      ]);
      expect(vendorStatusesSince(s.world, from)).toEqual([401, 200]);
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 3 });
      expect(metricsOf(s)).toEqual([
        [ConsumerMetrics.KeyRefreshes, "cold"],
        [ConsumerMetrics.AuthFailures, "AWSCURRENT"],
        [ConsumerMetrics.KeyRefreshes, "auth-failure"],
        [ConsumerMetrics.PreviousKeyFallbacks, undefined],
      ]);
      const fallback = consumerEvents(s.output.lines())[3];
      expect(fallback).toEqual({
        metric: "ConsumerPreviousKeyFallbacks",
        secretName: s.world.secretName,
        dimensions: [["SecretName"]],
        properties: { service: "consumer-test", versionId: previous.versionId },
      });
      expectNoKeyInOutput(s);
    } finally {
      await consumer.close();
    }
  });
});

describe("consumer after the previous key is revoked", () => {
  const s = useScenario("consumer-revoked", { overlapHours: 24 });

  it("tries the previous key once, then re-throws the original 401 with no further attempts", async () => {
    // Prepare: both keys rejected at the vendor.
    const { current, previous } = await rotateTwice(s);
    await revokeAtVendor(s.world, current.keyId);
    await revokeAtVendor(s.world, previous.keyId);
    const consumer = await consumerFor(s.world, { overlapHours: 24 });
    const from = s.world.sim.requests.length;
    const thrown: Error[] = [];

    try {
      // Act
      const outcome = await rejectionOf(
        withApiKey(consumer.provider, async (apiKey) => {
          const res = await callVendor(s.world, apiKey);
          const error = Object.assign(new Error(`vendor answered ${res.status}`), {
            status: res.status,
          });
          thrown.push(error);
          throw error;
        }),
      );

      // Assess
      expect(outcome).toBe(thrown[0]);
      expect(thrown).toHaveLength(2);
      expect(vendorStatusesSince(s.world, from)).toEqual([401, 401]);
      expect(metricsOf(s)).toEqual([
        [ConsumerMetrics.KeyRefreshes, "cold"],
        [ConsumerMetrics.AuthFailures, "AWSCURRENT"],
        [ConsumerMetrics.KeyRefreshes, "auth-failure"],
        [ConsumerMetrics.PreviousKeyFallbacks, undefined],
        [ConsumerMetrics.AuthFailures, "AWSPREVIOUS"],
      ]);
      expectNoKeyInOutput(s);
    } finally {
      await consumer.close();
    }
  });
});

describe("consumer under a run of rejections", () => {
  const s = useScenario("consumer-rejection-run", { overlapHours: 24 });

  it("re-reads AWSCURRENT once, not once per request, for 100 requests whose keys are both rejected", async () => {
    // Prepare: both keys revoked at the vendor, so every request is rejected twice.
    const { current, previous } = await rotateTwice(s);
    await revokeAtVendor(s.world, current.keyId);
    await revokeAtVendor(s.world, previous.keyId);
    const consumer = await consumerFor(s.world, { overlapHours: 24 });
    const from = s.world.sim.requests.length;

    try {
      // Act
      const errors: ApiKeyRejectedError[] = [];
      for (let i = 0; i < 100; i++) {
        errors.push(
          await rejectionOf<ApiKeyRejectedError>(
            withApiKey(consumer.provider, (apiKey) => callVendor(s.world, apiKey)),
          ),
        );
      }

      // Assess: the cold read, one re-read after the first rejection, one read of AWSPREVIOUS.
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 3 });
      expect(errors.every((e) => e instanceof ApiKeyRejectedError)).toBe(true);
      expect(vendorStatusesSince(s.world, from)).toEqual(Array.from({ length: 200 }, () => 401));
      const counted = (metric: string) =>
        metricsOf(s)
          .filter(([m]) => m === metric)
          .map(([, detail]) => detail);
      expect(counted(ConsumerMetrics.KeyRefreshes)).toEqual(["cold", "auth-failure"]);
      expect(counted(ConsumerMetrics.AuthFailures)).toHaveLength(200);
      expect(counted(ConsumerMetrics.PreviousKeyFallbacks)).toHaveLength(100);
      expectNoKeyInOutput(s);
    } finally {
      await consumer.close();
    }
  });
});

describe("consumer once the overlap window is over", () => {
  const s = useScenario("consumer-window-over", { overlapHours: 0 });

  it("recovers a stale cached key by refreshing, without reading AWSPREVIOUS", async () => {
    // Prepare: the consumer cached the first key; a rotation follows and the old key is revoked.
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
    const consumer = await consumerFor(s.world, { overlapHours: 0 });
    await consumer.provider.getApiKey();
    const { previous } = await rotateOnce(s);
    await revokeAtVendor(s.world, previous.keyId);
    const from = s.world.sim.requests.length;

    try {
      // Act
      const res = await withApiKey(consumer.provider, (apiKey) => callVendor(s.world, apiKey));

      // Assess
      expect(res.status).toBe(200);
      expect(vendorStatusesSince(s.world, from)).toEqual([401, 200]);
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 2 });
      expect(metricsOf(s)).toEqual([
        [ConsumerMetrics.KeyRefreshes, "cold"],
        [ConsumerMetrics.AuthFailures, "AWSCURRENT"],
        [ConsumerMetrics.KeyRefreshes, "auth-failure"],
      ]);
    } finally {
      await consumer.close();
    }
  });

  it("does not attempt a fallback when the current key is rejected", async () => {
    // Prepare
    const current = await s.world.readValue("AWSCURRENT");
    await revokeAtVendor(s.world, current?.keyId ?? "");
    const consumer = await consumerFor(s.world, { overlapHours: 0 });
    const from = s.world.sim.requests.length;
    const startedAt = Date.now();

    try {
      // Act
      const error = await rejectionOf<ApiKeyRejectedError>(
        withApiKey(consumer.provider, (apiKey) => callVendor(s.world, apiKey)),
      );

      // Assess: the window (0 h) is measured from this consumer's first read of AWSCURRENT.
      expect(error).toBeInstanceOf(ApiKeyRejectedError);
      const firstRead = consumer.provider.overlapEndsAt(await consumer.provider.getCurrent()) ?? 0;
      expect(firstRead).toBeGreaterThanOrEqual(startedAt);
      expect(firstRead).toBeLessThanOrEqual(Date.now());
      const windowEnd = new Date(firstRead).toISOString();
      expect(error.message).toBe(
        `The vendor rejected the API key of secret ${s.world.secretName}: AWSCURRENT version ${current?.versionId} (401). ` +
          `AWSPREVIOUS was not tried: the overlap window ended at ${windowEnd}. ` +
          "Check the key at the vendor and the secret's last rotation.",
      );
      expect(vendorStatusesSince(s.world, from)).toEqual([401]);
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 2 });
      expect(metricsOf(s)).toEqual([
        [ConsumerMetrics.KeyRefreshes, "cold"],
        [ConsumerMetrics.AuthFailures, "AWSCURRENT"],
        [ConsumerMetrics.KeyRefreshes, "auth-failure"],
      ]);
    } finally {
      await consumer.close();
    }
  });
});

/** One more rotation: returns the new AWSPREVIOUS (the key a consumer may have cached). */
async function rotateOnce(s: Scenario) {
  expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  const previous = await s.world.readValue("AWSPREVIOUS");
  if (previous === undefined) throw new Error("the rotation left no AWSPREVIOUS");
  return { previous };
}
