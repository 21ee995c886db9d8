import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import {
  ApiKeyProvider,
  ApiKeyRejectedError,
  ConsumerMetrics,
  withApiKey,
  type ApiKeyAttempt,
} from "../../../lambdas/consumer";
import {
  SECRET_ID,
  SECRET_NAME,
  T0,
  fakeResponse,
  mockedClient,
  recordingSink,
  storedVersion,
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

/** A provider whose AWSCURRENT reads answer `currents` in turn and AWSPREVIOUS answers `prev`. */
function world(currents: [string, string][], prev: [string, string], overlapHours = 24) {
  const { client, sm, calls } = mockedClient();
  let stub = sm.on(GetSecretValueCommand, current);
  for (const [versionId, key] of currents) stub = stub.resolvesOnce(storedVersion(versionId, key));
  sm.on(GetSecretValueCommand, previous).resolves(storedVersion(prev[0], prev[1]));
  const metrics = recordingSink();
  const provider = new ApiKeyProvider({
    secretId: SECRET_ID,
    client,
    metrics,
    overlapHours,
    now: () => NOW,
  });
  const seen: string[] = [];
  const accepting = (accepted: string[]) => async (apiKey: string, attempt: ApiKeyAttempt) => {
    seen.push(`${attempt.number}:${attempt.stage}:${attempt.versionId}:${apiKey}`);
    return fakeResponse(accepted.includes(apiKey) ? 200 : 401);
  };
  const counted = (metric: string) => metrics.events.filter((e) => e.metric === metric).length;
  return { provider, calls, metrics, seen, accepting, counted };
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
    // Prepare: the key was created at T0 and the window is zero hours.
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
        "AWSPREVIOUS was not tried: the overlap window ended at 2030-01-01T00:00:00.000Z. " +
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
});
