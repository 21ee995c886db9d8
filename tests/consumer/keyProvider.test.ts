import { GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import {
  ApiKeyProvider,
  ApiKeyRefreshBackoffError,
  ApiKeyUnavailableError,
  ConsumerMetrics,
} from "../../consumer";
import {
  SECRET_ID,
  SECRET_NAME,
  T0,
  mockedClient,
  outage,
  recordingSink,
  storedVersion,
  testClock,
} from "./consumerFixtures";

const current = { SecretId: SECRET_ID, VersionStage: "AWSCURRENT" };

/** The error a promise rejects with; fails the test when it resolves. */
function failureOf<E = Error>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as E,
  );
}
const previous = { SecretId: SECRET_ID, VersionStage: "AWSPREVIOUS" };

describe("ApiKeyProvider", () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it("reads AWSCURRENT by explicit stage once and serves it from memory", async () => {
    // Prepare
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current).resolves(storedVersion("v1", "key-one"));
    const metrics = recordingSink();
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics });

    // Act
    const keys = [await provider.getApiKey(), await provider.getApiKey()];
    const version = await provider.getCurrent();
    provider.close();

    // Assess
    expect(keys).toEqual(["key-one", "key-one"]);
    expect(calls()).toBe(1);
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual(current);
    expect(JSON.stringify(version)).toBe(
      `{"stage":"AWSCURRENT","versionId":"v1","keyId":"key-v1","createdAt":"2030-01-01T00:00:00.000Z"}`,
    );
    expect(metrics.events).toEqual([
      {
        metric: ConsumerMetrics.KeyRefreshes,
        secretName: SECRET_NAME,
        properties: { trigger: "cold" },
      },
    ]);
  });

  it("shares one GetSecretValue among 1,000 concurrent reads on a cold cache", async () => {
    // Prepare
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current).callsFake(
      () => new Promise((resolve) => setTimeout(() => resolve(storedVersion("v1", "k1")), 20)),
    );
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics: recordingSink() });

    // Act
    const keys = await Promise.all(Array.from({ length: 1000 }, () => provider.getApiKey()));
    provider.close();

    // Assess
    expect(calls()).toBe(1);
    expect(new Set(keys)).toEqual(new Set(["k1"]));
  });

  it("refreshes an entry in use in the background before a jittered expiry, and lets an idle one expire", async () => {
    // Prepare: random 0.5 and jitter 0.1 shorten the 300 s TTL to 285 s; the timer fires 30 s earlier.
    jest.useFakeTimers({ now: T0 });
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current)
      .resolvesOnce(storedVersion("v1", "k1"))
      .resolvesOnce(storedVersion("v2", "k2"))
      .resolves(storedVersion("v3", "k3"));
    const metrics = recordingSink();
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics });
    await provider.getApiKey();

    // Act: nobody reads the background-refreshed entry, so it is left to expire.
    await jest.advanceTimersByTimeAsync(254_999);
    const beforeTimer = calls();
    await jest.advanceTimersByTimeAsync(1);
    const afterTimer = calls();
    await jest.advanceTimersByTimeAsync(285_000);
    const whileIdle = calls();
    const afterExpiry = await provider.getApiKey();

    // Assess
    expect([beforeTimer, afterTimer, whileIdle, calls()]).toEqual([1, 2, 2, 3]);
    expect(afterExpiry).toBe("k3");
    expect(metrics.events.map((e) => e.properties.trigger)).toEqual([
      "cold",
      "background",
      "expired",
    ]);
    provider.close();
  });

  it("keeps serving the cached key when a background refresh fails, and reports it", async () => {
    // Prepare
    jest.useFakeTimers({ now: T0 });
    jest.spyOn(Math, "random").mockReturnValue(0);
    const { client, sm } = mockedClient();
    sm.on(GetSecretValueCommand, current)
      .resolvesOnce(storedVersion("v1", "k1"))
      .rejects(new Error("throttled"));
    const errors: Error[] = [];
    const provider = new ApiKeyProvider({
      secretId: SECRET_ID,
      client,
      metrics: recordingSink(),
      onBackgroundError: (e) => errors.push(e),
    });
    await provider.getApiKey();

    // Act
    await jest.advanceTimersByTimeAsync(270_000);
    const key = await provider.getApiKey();

    // Assess
    expect(key).toBe("k1");
    expect(errors.map((e) => [e.name, e.message])).toEqual([
      [
        "ApiKeyUnavailableError",
        `Could not read AWSCURRENT of secret ${SECRET_NAME}: Error: throttled`,
      ],
    ]);
    provider.close();
  });

  it("stops its timer on close and rejects later reads", async () => {
    // Prepare
    jest.useFakeTimers({ now: T0 });
    const { client, sm } = mockedClient();
    sm.on(GetSecretValueCommand, current).resolves(storedVersion("v1", "k1"));
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics: recordingSink() });
    await provider.getApiKey();
    const timersBefore = jest.getTimerCount();

    // Act
    provider.close();

    // Assess
    expect([timersBefore, jest.getTimerCount()]).toEqual([1, 0]);
    await expect(provider.getApiKey()).rejects.toThrow(
      new ApiKeyUnavailableError(
        `The key provider of secret ${SECRET_NAME} is closed: create a new ApiKeyProvider.`,
        SECRET_ID,
        "AWSCURRENT",
      ),
    );
  });

  it("reads AWSPREVIOUS by explicit stage inside the overlap window, caches it, and not after", async () => {
    // Prepare: AWSCURRENT (created at T0) is first read at T0 + 23 h, so its window ends at T0 + 47 h,
    // when its 24 h TTL is over too (hence a second read of AWSCURRENT).
    jest.useFakeTimers({ now: T0 + 23 * 3_600_000 });
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current).resolves(storedVersion("v2", "k2"));
    sm.on(GetSecretValueCommand, previous).resolves(storedVersion("v1", "k1"));
    const provider = new ApiKeyProvider({
      secretId: SECRET_ID,
      client,
      metrics: recordingSink(),
      ttlMs: 86_400_000,
    });

    // Act
    const inside = [await provider.getPrevious(), await provider.getPrevious()];
    jest.setSystemTime(T0 + 47 * 3_600_000);
    const after = await provider.getPrevious();

    // Assess
    expect(inside.map((v) => [v?.apiKey, v?.stage, v?.versionId])).toEqual([
      ["k1", "AWSPREVIOUS", "v1"],
      ["k1", "AWSPREVIOUS", "v1"],
    ]);
    expect(after).toBeUndefined();
    expect([calls("AWSCURRENT"), calls("AWSPREVIOUS")]).toEqual([2, 1]);
    expect(sm.commandCalls(GetSecretValueCommand)[1]?.args[0].input).toEqual(previous);
    provider.close();
  });

  it("answers no previous key when the secret has no AWSPREVIOUS version", async () => {
    // Prepare
    const { client, sm } = mockedClient();
    sm.on(GetSecretValueCommand, current).resolves(
      storedVersion("v1", "k1", new Date().toISOString()),
    );
    sm.on(GetSecretValueCommand, previous).rejects(
      new ResourceNotFoundException({ message: "no such version", $metadata: {} }),
    );
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics: recordingSink() });

    // Act
    const found = await provider.getPrevious();

    // Assess
    expect(found).toBeUndefined();
    provider.close();
  });

  it.each([
    [{ SecretString: '{"apiKey":"sk-live-123",' }, "is not JSON"],
    [{ SecretString: '{"apiKey":"","note":"sk-live-123"}' }, "has no non-empty `apiKey` string"],
    [{ SecretBinary: new Uint8Array([1]) }, "has no SecretString (a binary or empty version)"],
  ])("refuses an unusable value without quoting it (%#)", async (answer, problem) => {
    // Prepare
    const { client, sm } = mockedClient();
    sm.on(GetSecretValueCommand, current).resolves({
      Name: SECRET_NAME,
      VersionId: "v1",
      ...answer,
    });
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics: recordingSink() });

    // Act
    const error = await provider.getApiKey().catch((e: unknown) => e as Error);

    // Assess
    expect(error).toBeInstanceOf(ApiKeyUnavailableError);
    expect((error as Error).message).toBe(
      `AWSCURRENT of secret ${SECRET_NAME} ${problem}: store JSON with an \`apiKey\` field.`,
    );
    expect((error as Error).message).not.toContain("sk-live-123");
    provider.close();
  });

  it("refresh with a stale version reuses a newer cached read instead of calling again", async () => {
    // Prepare
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current)
      .resolvesOnce(storedVersion("v1", "k1"))
      .resolves(storedVersion("v2", "k2"));
    const provider = new ApiKeyProvider({ secretId: SECRET_ID, client, metrics: recordingSink() });
    const stale = await provider.getCurrent();
    const fresh = await provider.refresh({ stale });

    // Act
    const reused = await provider.refresh({ stale });

    // Assess
    expect([fresh.apiKey, reused.apiKey, calls()]).toEqual(["k2", "k2", 2]);
    provider.close();
  });

  it("checks the stale-if-error, backoff and key-rejection options with one message each", () => {
    // Act
    const build = () =>
      new ApiKeyProvider({
        secretId: SECRET_ID,
        maxStaleMs: -1,
        refreshBackoffMs: 0,
        maxRefreshBackoffMs: Number.POSITIVE_INFINITY,
        authRefreshIntervalMs: 3_600_001,
        isKeyRejected: 401 as unknown as () => boolean,
      });
    const inverted = () =>
      new ApiKeyProvider({
        secretId: SECRET_ID,
        refreshBackoffMs: 5_000,
        maxRefreshBackoffMs: 1_000,
      });

    // Assess
    expect(build).toThrow(
      "Invalid ApiKeyProvider options: " +
        "`maxStaleMs` must be a number from 0 to 86400000 (received -1). Omit it for the default of 3600000 (1 hour); 0 never serves a key past its TTL. " +
        "`refreshBackoffMs` must be a number from 1 to 3600000 (received 0). Omit it for the default of 1000 (1 second). " +
        "`maxRefreshBackoffMs` must be a number from 1 to 3600000 (received Infinity). Omit it for the default of 60000 (1 minute). " +
        "`authRefreshIntervalMs` must be a number from 0 to 3600000 (received 3600001). Omit it for the default of 10000 (10 seconds); 0 re-reads after every rejection. " +
        "`isKeyRejected` must be a function `(outcome) => boolean` (received 401). Omit it to treat 401 alone as a rejected key, or pass `keyRejectedByStatus([401, 403])`.",
    );
    expect(inverted).toThrow(
      "Invalid ApiKeyProvider options: `maxRefreshBackoffMs` (1000) must not be less than `refreshBackoffMs` (5000): it caps the doubling delay that starts there.",
    );
  });

  it("refuses NaN, strings and null as numbers, and accepts the range's ends", () => {
    // Act
    const build = () =>
      new ApiKeyProvider({
        secretId: SECRET_ID,
        ttlMs: Number.NaN,
        jitter: "0.1" as unknown as number,
        refreshAheadMs: null as unknown as number,
      });
    const ends = () =>
      new ApiKeyProvider({
        secretId: SECRET_ID,
        client: mockedClient().client,
        ttlMs: 86_400_000,
        jitter: 0,
        maxStaleMs: 0,
        refreshBackoffMs: 3_600_000,
        maxRefreshBackoffMs: 3_600_000,
      });

    // Assess
    expect(build).toThrow(
      "Invalid ApiKeyProvider options: " +
        "`ttlMs` must be a number from 1 to 86400000 (received NaN). Omit it for the default of 300000 (5 minutes). " +
        '`jitter` must be a number from 0 to 0.5 (received "0.1"). Omit it for the default of 0.1 (up to 10% shorter). ' +
        "`refreshAheadMs` must be a number from 0 to 86400000 (received null). Omit it for the default of 30000 (30 seconds).",
    );
    ends().close();
  });

  it("checks every option before creating anything", () => {
    // Act
    const build = () =>
      new ApiKeyProvider({
        secretId: " ",
        ttlMs: 0,
        jitter: 0.9,
        overlapHours: -1,
        client: mockedClient().client,
        endpoint: "http://127.0.0.1:1",
      });

    // Assess
    expect(build).toThrow(
      "Invalid ApiKeyProvider options: " +
        '`secretId` must be the name or ARN of the rotated secret (received " "). ' +
        "`endpoint` and `region` configure the client the provider creates: with your own `client`, set them on that client instead. " +
        "`ttlMs` must be a number from 1 to 86400000 (received 0). Omit it for the default of 300000 (5 minutes). " +
        "`jitter` must be a number from 0 to 0.5 (received 0.9). Omit it for the default of 0.1 (up to 10% shorter). " +
        "`overlapHours` must be a number from 0 to 8760 (received -1). Use the component's `overlapHours` (default 24).",
    );
  });
});

describe("ApiKeyProvider while Secrets Manager fails", () => {
  const TTL = 300_000;
  const stale = (versionId: string, staleMs: number, failedReads: number) => ({
    metric: ConsumerMetrics.StaleKeyServed,
    secretName: SECRET_NAME,
    properties: { versionId, staleMs: String(staleMs), failedReads: String(failedReads) },
  });

  /** A provider whose first AWSCURRENT read answers `first`, and every later one fails. */
  function failingAfterFirstRead(
    first = storedVersion("v1", "sk-live-k1"),
    options: { maxStaleMs?: number; maxRefreshBackoffMs?: number } = {},
  ) {
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current).resolvesOnce(first).rejects(outage());
    const metrics = recordingSink();
    const clock = testClock(T0);
    const provider = new ApiKeyProvider({
      secretId: SECRET_ID,
      client,
      metrics,
      jitter: 0,
      now: clock.now,
      ...options,
    });
    return { provider, sm, calls, metrics, clock };
  }

  it("serves the last good key past its TTL while reads fail, backing off and counting one ConsumerStaleKeyServed per failed read", async () => {
    // Prepare: one good read at T0; from the end of the TTL on, every read fails.
    const w = failingAfterFirstRead();
    await w.provider.getApiKey();
    const keys: string[] = [];
    const callsAt: number[] = [];
    const readAt = async (at: number) => {
      w.clock.set(at);
      keys.push(await w.provider.getApiKey());
      callsAt.push(w.calls());
    };

    // Act: the backoff doubles from 1 s: reads fail at +0 s, +1 s and +3 s past the TTL.
    for (const at of [0, 500, 999, 1_000, 2_999, 3_000, 6_999]) await readAt(T0 + TTL + at);

    // Assess
    expect(keys).toEqual(Array.from({ length: 7 }, () => "sk-live-k1"));
    expect(callsAt).toEqual([2, 2, 2, 3, 3, 4, 4]);
    expect(w.metrics.events).toEqual([
      {
        metric: ConsumerMetrics.KeyRefreshes,
        secretName: SECRET_NAME,
        properties: { trigger: "cold" },
      },
      stale("v1", 0, 1),
      stale("v1", 1_000, 2),
      stale("v1", 3_000, 3),
    ]);
    w.provider.close();
  });

  it("reads again once the backoff is over and, when that read works, serves the new key and stops backing off", async () => {
    // Prepare
    const w = failingAfterFirstRead();
    await w.provider.getApiKey();
    w.clock.set(T0 + TTL);
    await w.provider.getApiKey();
    w.sm.on(GetSecretValueCommand, current).resolves(storedVersion("v2", "sk-live-k2"));

    // Act
    w.clock.set(T0 + TTL + 999);
    const whileBackingOff = await w.provider.getApiKey();
    w.clock.set(T0 + TTL + 1_000);
    const recovered = await w.provider.getApiKey();
    w.clock.set(T0 + TTL + 1_001);
    const fromMemory = await w.provider.getApiKey();

    // Assess
    expect([whileBackingOff, recovered, fromMemory]).toEqual([
      "sk-live-k1",
      "sk-live-k2",
      "sk-live-k2",
    ]);
    expect(w.calls()).toBe(3);
    expect(w.metrics.events.map((e) => [e.metric, e.properties.trigger])).toEqual([
      [ConsumerMetrics.KeyRefreshes, "cold"],
      [ConsumerMetrics.StaleKeyServed, undefined],
      [ConsumerMetrics.KeyRefreshes, "expired"],
    ]);
    w.provider.close();
  });

  it("stops serving the stale key maxStaleMs past its TTL, then throws the read error and the backoff error without the key", async () => {
    // Prepare: reads fail at +0 s and +59.999 s past the TTL; the stale key is served until +60 s.
    const w = failingAfterFirstRead(storedVersion("v1", "sk-live-k1"), { maxStaleMs: 60_000 });
    await w.provider.getApiKey();
    w.clock.set(T0 + TTL);
    await w.provider.getApiKey();
    w.clock.set(T0 + TTL + 59_999);
    const lastStale = await w.provider.getApiKey();

    // Act: the third read fails after the bound; right after it, the provider backs off (4 s).
    w.clock.set(T0 + TTL + 62_000);
    const readError = await failureOf<ApiKeyUnavailableError>(w.provider.getApiKey());
    w.clock.set(T0 + TTL + 62_001);
    const backoff = await failureOf<ApiKeyRefreshBackoffError>(w.provider.getApiKey());

    // Assess
    expect(lastStale).toBe("sk-live-k1");
    expect(w.calls()).toBe(4);
    expect(readError).toBeInstanceOf(ApiKeyUnavailableError);
    expect([readError.name, readError.message]).toEqual([
      "ApiKeyUnavailableError",
      `Could not read AWSCURRENT of secret ${SECRET_NAME}: InternalServiceError: Secrets Manager is unavailable`,
    ]);
    expect(backoff).toBeInstanceOf(ApiKeyRefreshBackoffError);
    expect(backoff).toBeInstanceOf(ApiKeyUnavailableError);
    expect(backoff.message).toBe(
      `AWSCURRENT of secret ${SECRET_NAME} is not read again before 2030-01-01T00:06:06.000Z: the last 3 reads failed. ` +
        "The cached key of version v1 could be served only until 2030-01-01T00:06:00.000Z (maxStaleMs 60000 past its TTL). " +
        `Last failure: Could not read AWSCURRENT of secret ${SECRET_NAME}: InternalServiceError: Secrets Manager is unavailable`,
    );
    expect([backoff.name, backoff.stage, backoff.secretId, backoff.failedReads]).toEqual([
      "ApiKeyRefreshBackoffError",
      "AWSCURRENT",
      SECRET_ID,
      3,
    ]);
    expect(backoff.retryAt).toEqual(new Date(T0 + TTL + 66_000));
    expect(backoff.cause).toBe(readError);
    expect(w.metrics.events.map((e) => [e.metric, e.properties.failedReads])).toEqual([
      [ConsumerMetrics.KeyRefreshes, undefined],
      [ConsumerMetrics.StaleKeyServed, "1"],
      [ConsumerMetrics.StaleKeyServed, "2"],
    ]);
    for (const error of [readError, backoff]) {
      expect(`${error.message} ${String(error.stack)}`).not.toContain("sk-live-k1");
    }
    w.provider.close();
  });

  it("never serves a key stale beyond its stored expiresAt", async () => {
    // Prepare: the vendor expires the key 10 s after the TTL ends, well inside the 1 h bound.
    const expiresAt = new Date(T0 + TTL + 10_000).toISOString();
    const w = failingAfterFirstRead(
      storedVersion("v1", "sk-live-k1", new Date(T0).toISOString(), { expiresAt }),
    );
    await w.provider.getApiKey();

    // Act
    w.clock.set(T0 + TTL + 9_999);
    const beforeExpiry = await w.provider.getApiKey();
    w.clock.set(T0 + TTL + 10_000);
    const atExpiry = await failureOf<Error>(w.provider.getApiKey());

    // Assess
    expect(beforeExpiry).toBe("sk-live-k1");
    expect(atExpiry).toBeInstanceOf(ApiKeyRefreshBackoffError);
    expect(atExpiry.message).toBe(
      `AWSCURRENT of secret ${SECRET_NAME} is not read again before 2030-01-01T00:05:10.999Z: the last read failed. ` +
        "The cached key of version v1 could be served only until 2030-01-01T00:05:10.000Z (the key's expiresAt). " +
        `Last failure: Could not read AWSCURRENT of secret ${SECRET_NAME}: InternalServiceError: Secrets Manager is unavailable`,
    );
    w.provider.close();
  });

  it("serves nothing stale with maxStaleMs 0", async () => {
    // Prepare
    const w = failingAfterFirstRead(storedVersion("v1", "sk-live-k1"), { maxStaleMs: 0 });
    await w.provider.getApiKey();

    // Act
    w.clock.set(T0 + TTL);
    const error = await failureOf<Error>(w.provider.getApiKey());

    // Assess
    expect(error).toBeInstanceOf(ApiKeyUnavailableError);
    expect(w.metrics.events.map((e) => e.metric)).toEqual([ConsumerMetrics.KeyRefreshes]);
    w.provider.close();
  });

  it("backs off a cold start exponentially up to the cap, one read per delay", async () => {
    // Prepare: no read ever works.
    const { client, sm, calls } = mockedClient();
    sm.on(GetSecretValueCommand, current).rejects(outage());
    const clock = testClock(T0);
    const provider = new ApiKeyProvider({
      secretId: SECRET_ID,
      client,
      metrics: recordingSink(),
      jitter: 0,
      refreshBackoffMs: 1_000,
      maxRefreshBackoffMs: 4_000,
      now: clock.now,
    });
    const outcomes: string[] = [];

    // Act: read at each retry time, and once more right after each failure.
    for (const at of [0, 1_000, 3_000, 7_000, 11_000]) {
      clock.set(T0 + at);
      for (let i = 0; i < 2; i++) {
        const error = await failureOf<Error>(provider.getApiKey());
        outcomes.push(
          error instanceof ApiKeyRefreshBackoffError
            ? `${error.failedReads} failed, next at +${error.retryAt.getTime() - T0}`
            : `${(error as Error).name} at +${at}`,
        );
      }
    }

    // Assess
    expect(calls()).toBe(5);
    expect(outcomes).toEqual([
      "ApiKeyUnavailableError at +0",
      "1 failed, next at +1000",
      "ApiKeyUnavailableError at +1000",
      "2 failed, next at +3000",
      "ApiKeyUnavailableError at +3000",
      "3 failed, next at +7000",
      "ApiKeyUnavailableError at +7000",
      "4 failed, next at +11000",
      "ApiKeyUnavailableError at +11000",
      "5 failed, next at +15000",
    ]);
    provider.close();
  });

  it("says when no key was read yet, and shortens the backoff by up to jitter at random", async () => {
    // Prepare
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    const { client, sm } = mockedClient();
    sm.on(GetSecretValueCommand, current).rejects(outage());
    const clock = testClock(T0);
    const provider = new ApiKeyProvider({
      secretId: SECRET_ID,
      client,
      metrics: recordingSink(),
      jitter: 0.2,
      now: clock.now,
    });
    await provider.getApiKey().catch(() => undefined);

    // Act
    const error = await failureOf<ApiKeyRefreshBackoffError>(provider.getApiKey());

    // Assess: 1000 ms shortened by 0.2 × 0.5.
    expect(error.message).toBe(
      `AWSCURRENT of secret ${SECRET_NAME} is not read again before 2030-01-01T00:00:00.900Z: the last read failed. ` +
        "No key was read yet. " +
        `Last failure: Could not read AWSCURRENT of secret ${SECRET_NAME}: InternalServiceError: Secrets Manager is unavailable`,
    );
    provider.close();
  });

  it("refresh backs off too and never serves stale", async () => {
    // Prepare
    const w = failingAfterFirstRead();
    await w.provider.getApiKey();
    w.clock.set(T0 + TTL);
    await w.provider.getApiKey();

    // Act
    const refreshed = await failureOf<Error>(w.provider.refresh());

    // Assess: the stale key may still be served, so the message gives no reason it is not.
    expect(w.calls()).toBe(2);
    expect(refreshed).toBeInstanceOf(ApiKeyRefreshBackoffError);
    expect(refreshed.message).toBe(
      `AWSCURRENT of secret ${SECRET_NAME} is not read again before 2030-01-01T00:05:01.000Z: the last read failed. ` +
        `Last failure: Could not read AWSCURRENT of secret ${SECRET_NAME}: InternalServiceError: Secrets Manager is unavailable`,
    );
    w.provider.close();
  });
});
