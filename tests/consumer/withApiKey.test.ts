import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import {
  ApiKeyProvider,
  ApiKeyRejectedError,
  ConsumerConfigError,
  ConsumerMetrics,
  isAuthFailure,
  keyRejectedByStatus,
  withApiKey,
  type ApiKeyAttempt,
  type ApiKeyProviderOptions,
} from "../../consumer";
import {
  SECRET_ID,
  SECRET_NAME,
  T0,
  fakeResponse,
  mockedClient,
  recordingSink,
  storedVersion,
  testClock,
} from "./consumerFixtures";

const current = { SecretId: SECRET_ID, VersionStage: "AWSCURRENT" };
const previous = { SecretId: SECRET_ID, VersionStage: "AWSPREVIOUS" };
const NOW = T0 + 3_600_000; // one hour into the overlap window of a key created at T0

async function rejectionOf<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected a rejection");
}

/**
 * A provider whose AWSCURRENT reads answer `currents` (version id, key and
 * optionally `createdAt`) in turn, the last one from then on, and whose
 * AWSPREVIOUS answers `prev`. Its clock starts at NOW.
 */
function world(
  currents: [string, string, string?][],
  prev: [string, string],
  overlapHours = 24,
  options: Partial<ApiKeyProviderOptions> = {},
) {
  const { client, sm, calls } = mockedClient();
  let stub = sm.on(GetSecretValueCommand, current);
  for (const [versionId, key, createdAt] of currents) {
    stub = stub.resolvesOnce(storedVersion(versionId, key, createdAt));
  }
  const [lastId, lastKey, lastCreatedAt] = currents.at(-1) ?? ["", ""];
  stub.resolves(storedVersion(lastId, lastKey, lastCreatedAt));
  sm.on(GetSecretValueCommand, previous).resolves(storedVersion(prev[0], prev[1]));
  const metrics = recordingSink();
  const clock = testClock(NOW);
  const provider = new ApiKeyProvider({
    secretId: SECRET_ID,
    client,
    metrics,
    overlapHours,
    now: clock.now,
    ...options,
  });
  const seen: string[] = [];
  const accepting = (accepted: string[]) => async (apiKey: string, attempt: ApiKeyAttempt) => {
    seen.push(`${attempt.number}:${attempt.stage}:${attempt.versionId}:${apiKey}`);
    return fakeResponse(accepted.includes(apiKey) ? 200 : 401);
  };
  const counted = (metric: string) => metrics.events.filter((e) => e.metric === metric).length;
  return { provider, calls, metrics, seen, accepting, counted, clock };
}

describe("withApiKey", () => {
  it("makes one call with the cached current key when it is accepted", async () => {
    // Prepare
    const w = world([["v1", "k1"]], ["v0", "k0"]);

    // Act
    const res = await withApiKey(w.provider, w.accepting(["k1"]));

    // Assess
    expect(res.status).toBe(200);
    expect(w.seen).toEqual(["1:AWSCURRENT:v1:k1"]);
    expect([w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")]).toEqual([1, 0]);
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(0);
  });

  it("on a 401 refreshes at once and retries once with the new current key", async () => {
    // Prepare
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
      ],
      ["v1", "k1"],
    );

    // Act
    const res = await withApiKey(w.provider, w.accepting(["k2"]));

    // Assess
    expect(res.status).toBe(200);
    expect(w.seen).toEqual(["1:AWSCURRENT:v1:k1", "2:AWSCURRENT:v2:k2"]);
    expect(w.metrics.events).toEqual([
      {
        metric: ConsumerMetrics.KeyRefreshes,
        secretName: SECRET_NAME,
        properties: { trigger: "cold" },
      },
      {
        metric: ConsumerMetrics.AuthFailures,
        secretName: SECRET_NAME,
        properties: { stage: "AWSCURRENT", status: "401" },
      },
      {
        metric: ConsumerMetrics.KeyRefreshes,
        secretName: SECRET_NAME,
        properties: { trigger: "auth-failure" },
      },
    ]);
  });

  it("falls back to AWSPREVIOUS inside the overlap window when the refreshed key is the same", async () => {
    // Prepare
    const w = world(
      [
        ["v2", "k2"],
        ["v2", "k2"],
      ],
      ["v1", "k1"],
    );
    const responses: ReturnType<typeof fakeResponse>[] = [];
    const request = w.accepting(["k1"]);

    // Act
    const res = await withApiKey(w.provider, async (key, attempt) => {
      const r = await request(key, attempt);
      responses.push(r);
      return r;
    });

    // Assess
    expect(res.status).toBe(200);
    expect(w.seen).toEqual(["1:AWSCURRENT:v2:k2", "2:AWSPREVIOUS:v1:k1"]);
    expect([w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")]).toEqual([2, 1]);
    expect(w.counted(ConsumerMetrics.PreviousKeyFallbacks)).toBe(1);
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(1);
    expect(responses.map((r) => r.body.cancel.mock.calls.length)).toEqual([1, 0]);
  });

  it("re-throws the first thrown 401 after the previous key is rejected too, after three attempts", async () => {
    // Prepare
    const w = world(
      [
        ["v2", "k2"],
        ["v3", "k3"],
      ],
      ["v2b", "k1"],
    );
    const thrown: Error[] = [];

    // Act
    const outcome = withApiKey(w.provider, async (key, attempt) => {
      w.seen.push(`${attempt.number}:${attempt.stage}:${key}`);
      const error = Object.assign(new Error(`401 #${attempt.number}`), { statusCode: 401 });
      thrown.push(error);
      throw error;
    });

    // Assess
    expect(await rejectionOf(outcome)).toBe(thrown[0]);
    expect(w.seen).toEqual(["1:AWSCURRENT:k2", "2:AWSCURRENT:k3", "3:AWSPREVIOUS:k1"]);
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(3);
    expect(w.counted(ConsumerMetrics.PreviousKeyFallbacks)).toBe(1);
  });

  it("gives up with ApiKeyRejectedError carrying the first response when responses are rejected", async () => {
    // Prepare
    const w = world(
      [
        ["v2", "k2"],
        ["v2", "k2"],
      ],
      ["v1", "k1"],
    );
    const responses: ReturnType<typeof fakeResponse>[] = [];

    // Act
    const error = await rejectionOf<ApiKeyRejectedError>(
      withApiKey(w.provider, async () => {
        responses.push(fakeResponse(401));
        return responses.at(-1);
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(ApiKeyRejectedError);
    expect(error.message).toBe(
      `The vendor rejected the API key of secret ${SECRET_NAME}: AWSCURRENT version v2 (401), ` +
        "then AWSPREVIOUS version v1 (401). The previous key was rejected too (revoked or expired): " +
        "no further attempts. Check the key at the vendor and the secret's last rotation.",
    );
    expect(error.cause).toBe(responses[0]);
    expect(error.attempts).toEqual([
      { stage: "AWSCURRENT", versionId: "v2", status: 401 },
      { stage: "AWSPREVIOUS", versionId: "v1", status: 401 },
    ]);
    expect(responses.map((r) => r.body.cancel.mock.calls.length)).toEqual([0, 1]);
  });

  it("does not read or try AWSPREVIOUS once the overlap window is over", async () => {
    // Prepare: the key was created at T0, first read at NOW, and the window is zero hours.
    const w = world(
      [
        ["v2", "k2"],
        ["v2", "k2"],
      ],
      ["v1", "k1"],
      0,
    );

    // Act
    const error = await rejectionOf(withApiKey(w.provider, w.accepting(["k1"])));

    // Assess
    expect(error.message).toBe(
      `The vendor rejected the API key of secret ${SECRET_NAME}: AWSCURRENT version v2 (401). ` +
        "AWSPREVIOUS was not tried: the overlap window ended at 2030-01-01T01:00:00.000Z. " +
        "Check the key at the vendor and the secret's last rotation.",
    );
    expect(w.seen).toEqual(["1:AWSCURRENT:v2:k2"]);
    expect([w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")]).toEqual([2, 0]);
    expect(w.counted(ConsumerMetrics.PreviousKeyFallbacks)).toBe(0);
  });

  it("passes other failures through at once: a 500 on the retry is returned, a network error thrown", async () => {
    // Prepare
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
      ],
      ["v0", "k0"],
    );
    const network = new Error("ECONNRESET");

    // Act
    const returned = await withApiKey(w.provider, async (key) =>
      fakeResponse(key === "k1" ? 401 : 500),
    );
    const thrown = withApiKey(w.provider, async () => {
      throw network;
    });

    // Assess
    expect(returned.status).toBe(500);
    await expect(thrown).rejects.toBe(network);
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(1);
  });

  it("uses a caller's predicate", async () => {
    // Prepare
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
      ],
      ["v0", "k0"],
    );

    // Act
    const result = await withApiKey(
      w.provider,
      async (key) => ({ code: key === "k1" ? "E_AUTH" : "OK" }),
      {
        isAuthFailure: (o) => o.kind === "returned" && o.value.code === "E_AUTH",
      },
    );

    // Assess
    expect(result).toEqual({ code: "OK" });
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(1);
  });

  it("refreshes once for a burst of 50 concurrent 401s on the same key", async () => {
    // Prepare
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
      ],
      ["v0", "k0"],
    );
    await w.provider.getApiKey();

    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, () => withApiKey(w.provider, w.accepting(["k2"]))),
    );

    // Assess
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect([w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")]).toEqual([2, 0]);
  });
  it("re-reads AWSCURRENT once per version and authRefreshIntervalMs, not once per rejection, for 100 consecutive 401s", async () => {
    // Prepare: the vendor rejects both keys; AWSCURRENT keeps answering v1.
    const w = world([["v1", "k1"]], ["v0", "k0"]);
    const run = async (times: number) => {
      for (let i = 0; i < times; i++) {
        await rejectionOf(withApiKey(w.provider, w.accepting([])));
      }
    };

    // Act
    await run(100);
    const after100 = [w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")];
    w.clock.set(NOW + 9_999);
    await run(1);
    const beforeInterval = w.calls("AWSCURRENT");
    w.clock.set(NOW + 10_000);
    await run(1);

    // Assess: the cold read plus one re-read for the first rejection, then one more after 10 s.
    expect(after100).toEqual([2, 1]);
    expect([beforeInterval, w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")]).toEqual([2, 3, 1]);
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(204);
    expect(w.counted(ConsumerMetrics.PreviousKeyFallbacks)).toBe(102);
    expect(
      w.metrics.events
        .filter((e) => e.metric === ConsumerMetrics.KeyRefreshes)
        .map((e) => e.properties.trigger),
    ).toEqual(["cold", "auth-failure", "auth-failure"]);
  });

  it("re-reads at once when the re-read found a new version that is rejected too", async () => {
    // Prepare: v1 is rejected, the re-read finds v2, which is rejected too, then v3.
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
        ["v3", "k3"],
      ],
      ["v0", "k0"],
    );
    await rejectionOf(withApiKey(w.provider, w.accepting(["k3"])));

    // Act
    const res = await withApiKey(w.provider, w.accepting(["k3"]));

    // Assess
    expect(res.status).toBe(200);
    expect(w.seen).toEqual([
      "1:AWSCURRENT:v1:k1",
      "2:AWSCURRENT:v2:k2",
      "3:AWSPREVIOUS:v0:k0",
      "1:AWSCURRENT:v2:k2",
      "2:AWSCURRENT:v3:k3",
    ]);
    expect(w.calls("AWSCURRENT")).toBe(3);
  });

  it("with the default classification, passes a 403 through: not counted, no refresh, no fallback", async () => {
    // Prepare
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
      ],
      ["v0", "k0"],
    );
    const forbidden = Object.assign(new Error("missing scope"), { statusCode: 403 });

    // Act
    const returned = await withApiKey(w.provider, async () => fakeResponse(403));
    const thrown = await rejectionOf(
      withApiKey(w.provider, async () => {
        throw forbidden;
      }),
    );

    // Assess
    expect(returned.status).toBe(403);
    expect(returned.body.cancel).not.toHaveBeenCalled();
    expect(thrown).toBe(forbidden);
    expect([w.calls("AWSCURRENT"), w.calls("AWSPREVIOUS")]).toEqual([1, 0]);
    expect(w.metrics.events.map((e) => e.metric)).toEqual([ConsumerMetrics.KeyRefreshes]);
  });

  it("counts a 403 as a rejected key when the provider is told the vendor means that", async () => {
    // Prepare
    const w = world(
      [
        ["v2", "k2"],
        ["v2", "k2"],
      ],
      ["v1", "k1"],
      24,
      { isKeyRejected: keyRejectedByStatus([401, 403]) },
    );

    // Act
    const res = await withApiKey(w.provider, async (key) => fakeResponse(key === "k1" ? 200 : 403));

    // Assess
    expect(res.status).toBe(200);
    expect(w.metrics.events.map((e) => [e.metric, e.properties.status])).toEqual([
      [ConsumerMetrics.KeyRefreshes, undefined],
      [ConsumerMetrics.AuthFailures, "403"],
      [ConsumerMetrics.KeyRefreshes, undefined],
      [ConsumerMetrics.PreviousKeyFallbacks, undefined],
    ]);
  });

  it("lets a call override the provider's classification, and refuses both isKeyRejected and isAuthFailure", async () => {
    // Prepare
    const w = world(
      [
        ["v1", "k1"],
        ["v2", "k2"],
      ],
      ["v0", "k0"],
    );

    // Act
    const res = await withApiKey(
      w.provider,
      async (key) => fakeResponse(key === "k1" ? 403 : 200),
      { isKeyRejected: isAuthFailure },
    );
    const both = await rejectionOf<ConsumerConfigError>(
      withApiKey(w.provider, async () => fakeResponse(200), {
        isKeyRejected: isAuthFailure,
        isAuthFailure,
      }),
    );

    // Assess
    expect(res.status).toBe(200);
    expect(w.counted(ConsumerMetrics.AuthFailures)).toBe(1);
    expect(both).toBeInstanceOf(ConsumerConfigError);
    expect(both.message).toBe(
      "Invalid withApiKey options: `isKeyRejected` and `isAuthFailure` (its former name) were both given: pass only `isKeyRejected`.",
    );
  });

  it("falls back to AWSPREVIOUS although AWSCURRENT was created before the window, when it was first read as current just now", async () => {
    // Prepare: v2 was created 31 h before NOW (a rotation retried for hours) and promoted since.
    const createdAt = new Date(NOW - 31 * 3_600_000).toISOString();
    const w = world(
      [
        ["v2", "k2", createdAt],
        ["v2", "k2", createdAt],
      ],
      ["v1", "k1"],
    );

    // Act
    const res = await withApiKey(w.provider, w.accepting(["k1"]));
    const version = await w.provider.getCurrent();
    const endsAt = w.provider.overlapEndsAt(version);
    w.clock.set(NOW + 24 * 3_600_000 - 1);
    const lastInside = w.provider.isInOverlapWindow(version);
    w.clock.set(NOW + 24 * 3_600_000);
    const firstOutside = w.provider.isInOverlapWindow(version);

    // Assess
    expect(res.status).toBe(200);
    expect(w.seen).toEqual(["1:AWSCURRENT:v2:k2", "2:AWSPREVIOUS:v1:k1"]);
    expect(w.counted(ConsumerMetrics.PreviousKeyFallbacks)).toBe(1);
    expect(endsAt).toBe(NOW + 24 * 3_600_000);
    expect([lastInside, firstOutside]).toEqual([true, false]);
  });

  it("measures the window from createdAt when that is later than the first read, and offers the previous key for a version never read as current", async () => {
    // Prepare: a createdAt ahead of this host's clock (clock skew).
    const createdAt = new Date(NOW + 60_000).toISOString();
    const w = world([["v2", "k2", createdAt]], ["v1", "k1"], 1);
    const version = await w.provider.getCurrent();

    // Act
    const endsAt = w.provider.overlapEndsAt(version);
    const unknown = w.provider.overlapEndsAt({ ...version, versionId: "v9" });

    // Assess
    expect(endsAt).toBe(NOW + 60_000 + 3_600_000);
    expect(unknown).toBeUndefined();
  });
});
