import { ConsumerMetrics } from "../../consumer";
import { consumerEvents, consumerFor } from "../consumer/consumerWorld";
import { useScenario } from "../../harness/scenario";

describe("consumer key provider against moto", () => {
  const s = useScenario("consumer-read");

  /** The secret has no value until its first rotation. */
  async function ensureRotated(): Promise<void> {
    if ((await s.world.readValue("AWSCURRENT")) !== undefined) return;
    expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
  }

  it("reads AWSCURRENT, serves it from memory, and sees the new key on the next refresh after a rotation", async () => {
    // Prepare
    await ensureRotated();
    const consumer = await consumerFor(s.world);
    const first = await s.world.readValue("AWSCURRENT");

    try {
      // Act
      const before = await consumer.provider.getApiKey();
      const outcome = await s.world.orchestrator.rotate(s.world.secretArn);
      const cached = await consumer.provider.getApiKey();
      const refreshed = await consumer.provider.refresh();
      const after = await consumer.provider.getApiKey();

      // Assess
      expect(outcome.error).toBeUndefined();
      const second = await s.world.readValue("AWSCURRENT");
      expect([before, cached]).toEqual([first?.apiKey, first?.apiKey]);
      expect([refreshed.apiKey, after]).toEqual([second?.apiKey, second?.apiKey]);
      expect([refreshed.versionId, refreshed.keyId]).toEqual([second?.versionId, second?.keyId]);
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 2 });
      expect(consumerEvents(s.output.lines())).toEqual([
        {
          metric: ConsumerMetrics.KeyRefreshes,
          secretName: s.world.secretName,
          dimensions: [["SecretName"]],
          properties: { service: "consumer-test", trigger: "cold" },
        },
        {
          metric: ConsumerMetrics.KeyRefreshes,
          secretName: s.world.secretName,
          dimensions: [["SecretName"]],
          properties: { service: "consumer-test", trigger: "manual" },
        },
      ]);
      for (const secret of s.world.sim.issuedSecrets()) {
        expect(s.output.text()).not.toContain(secret);
      }
    } finally {
      await consumer.close();
    }
  });

  it("picks up a rotation by itself once the TTL runs out", async () => {
    // Prepare
    await ensureRotated();
    const consumer = await consumerFor(s.world, { ttlMs: 500, jitter: 0, refreshAheadMs: 0 });
    try {
      const before = await consumer.provider.getApiKey();
      expect((await s.world.orchestrator.rotate(s.world.secretArn)).error).toBeUndefined();
      const rotated = await s.world.readValue("AWSCURRENT");

      // Act
      await new Promise((resolve) => setTimeout(resolve, 600));
      const after = await consumer.provider.getApiKey();

      // Assess
      expect(after).not.toBe(before);
      expect(after).toBe(rotated?.apiKey);
    } finally {
      await consumer.close();
    }
  });

  it("makes exactly one GetSecretValue for 1,000 concurrent reads on a cold cache", async () => {
    // Prepare
    await ensureRotated();
    const consumer = await consumerFor(s.world);
    const expected = (await s.world.readValue("AWSCURRENT"))?.apiKey;

    try {
      // Act
      const keys = await Promise.all(
        Array.from({ length: 1000 }, () => consumer.provider.getApiKey()),
      );

      // Assess
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 1 });
      expect(new Set(keys)).toEqual(new Set([expected]));
    } finally {
      await consumer.close();
    }
  });

  it("serves the last good key through a Secrets Manager outage after its TTL, backing off, and counts it", async () => {
    // Prepare: a 300 ms TTL; every GetSecretValue fails (500) from right after the first read.
    await ensureRotated();
    const expected = (await s.world.readValue("AWSCURRENT"))?.apiKey;
    const backgroundErrors: Error[] = [];
    const consumer = await consumerFor(
      s.world,
      {
        ttlMs: 300,
        jitter: 0,
        refreshAheadMs: 0,
        onBackgroundError: (error) => backgroundErrors.push(error),
      },
      { maxAttempts: 1 },
    );
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    try {
      const first = await consumer.provider.getApiKey();
      consumer.proxy.failNext("GetSecretValue", 1_000, "before");

      // Act: the refresh at the end of the TTL fails; 100 reads follow, then the outage ends.
      await sleep(500);
      const during: string[] = [];
      for (let i = 0; i < 100; i++) during.push(await consumer.provider.getApiKey());
      const callsDuring = { ...consumer.proxy.counts };
      consumer.proxy.clearFaults();
      await sleep(1_300); // past the 1 s backoff
      const after = await consumer.provider.getApiKey();

      // Assess
      expect(new Set([first, ...during, after])).toEqual(new Set([expected]));
      expect(callsDuring).toEqual({ GetSecretValue: 2 });
      expect(consumer.proxy.counts).toEqual({ GetSecretValue: 3 });
      expect(backgroundErrors.map((e) => [e.name, e.message])).toEqual([
        [
          "ApiKeyUnavailableError",
          `Could not read AWSCURRENT of secret ${s.world.secretName}: InternalServiceError: injected fault before the call`,
        ],
      ]);
      const events = consumerEvents(s.output.lines());
      expect(events.map((e) => [e.metric, e.properties.trigger])).toEqual([
        [ConsumerMetrics.KeyRefreshes, "cold"],
        [ConsumerMetrics.StaleKeyServed, undefined],
        [ConsumerMetrics.KeyRefreshes, "expired"],
      ]);
      const version = (await s.world.readValue("AWSCURRENT"))?.versionId;
      expect(events[1]).toEqual({
        metric: "ConsumerStaleKeyServed",
        secretName: s.world.secretName,
        dimensions: [["SecretName"]],
        properties: {
          service: "consumer-test",
          versionId: version,
          failedReads: "1",
          staleMs: expect.stringMatching(/^\d+$/),
        },
      });
      const staleMs = Number(events[1]?.properties.staleMs);
      expect(staleMs).toBeGreaterThanOrEqual(100);
      expect(staleMs).toBeLessThan(1_000);
      const seen = `${s.output.text()}\n${backgroundErrors.map((e) => `${e.message}\n${String(e.stack)}`).join("\n")}`;
      for (const secret of s.world.sim.issuedSecrets()) expect(seen).not.toContain(secret);
    } finally {
      await consumer.close();
    }
  });
});
