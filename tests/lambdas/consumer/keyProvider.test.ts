import { GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { ApiKeyProvider, ApiKeyUnavailableError, ConsumerMetrics } from "../../../lambdas/consumer";
import {
  SECRET_ID,
  SECRET_NAME,
  T0,
  mockedClient,
  recordingSink,
  storedVersion,
} from "./consumerFixtures";

const current = { SecretId: SECRET_ID, VersionStage: "AWSCURRENT" };
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
    // Prepare
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
    jest.setSystemTime(T0 + 24 * 3_600_000);
    const after = await provider.getPrevious();

    // Assess
    expect(inside.map((v) => [v?.apiKey, v?.stage, v?.versionId])).toEqual([
      ["k1", "AWSPREVIOUS", "v1"],
      ["k1", "AWSPREVIOUS", "v1"],
    ]);
    expect(after).toBeUndefined();
    expect([calls("AWSCURRENT"), calls("AWSPREVIOUS")]).toEqual([1, 1]);
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
