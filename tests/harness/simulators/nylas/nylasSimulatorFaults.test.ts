import {
  startNylasSimulator,
  type NylasSimulator,
} from "../../../../harness/simulators/nylas/nylasSimulator";
import {
  adminRequest,
  keysPath,
  verifyRequest,
} from "../../../../harness/simulators/nylas/simulatorTestClient";

const START_MS = Date.UTC(2025, 5, 1, 12, 0, 0);
const START_S = START_MS / 1000;
const REQUEST_ID = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe("Nylas simulator: faults", () => {
  let sim: NylasSimulator;
  let clockMs = START_MS;
  const create = (name = "k"): ReturnType<typeof adminRequest> =>
    adminRequest(sim, "POST", keysPath(sim), {
      body: { name },
      nowSeconds: Math.floor(clockMs / 1000),
    });

  beforeEach(async () => {
    clockMs = START_MS;
    sim = await startNylasSimulator({ applicationId: "app-123", now: () => clockMs });
  });

  afterEach(async () => {
    await sim.close();
  });

  it("adds latency to every response", async () => {
    // Prepare
    sim.faults.latencyMs = 150;
    const started = performance.now();

    // Act
    const response = await verifyRequest(sim, "nyk_v0_unknown");

    // Assess
    expect(response.status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("fails the next N creates with 503 before they take effect, then succeeds", async () => {
    // Prepare
    sim.faults.failNext("create", 2, 503);

    // Act
    const first = await create();
    const second = await create();
    const third = await create();

    // Assess
    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.headers.get("content-type")).toBe("text/html");
    expect(first.text).toBe("<html><body><h1>503 Service Unavailable</h1></body></html>");
    expect(sim.keys()).toHaveLength(1);
    expect(sim.faults.pending()).toEqual({ failures: 0, malformations: 0, drops: 0 });
    expect(sim.requests.map((r) => [r.operation, r.status])).toEqual([
      ["create", 503],
      ["create", 503],
      ["create", 200],
    ]);
  });

  it("answers 429 with a rate_limit_error body and Retry-After", async () => {
    // Prepare
    sim.faults.failNext("list", 1, 429, { retryAfterSeconds: 7 });

    // Act
    const limited = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: START_S });
    const next = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: START_S });

    // Assess
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "rate_limit_error", message: "Too many requests, please try again shortly." },
    });
    expect(next.status).toBe(200);
  });

  it("fails a delete with 500 without deleting, and fails any operation with 502", async () => {
    // Prepare
    const seeded = sim.seedKey("keep");
    sim.faults.failNext("delete", 1, 500);
    sim.faults.failNext("any", 1, 502);

    // Act
    const deleted = await adminRequest(sim, "DELETE", keysPath(sim, seeded.id), {
      nowSeconds: START_S,
    });
    const verified = await verifyRequest(sim, seeded.secret);

    // Assess
    expect(deleted.status).toBe(500);
    expect(deleted.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "internal_error", message: "Internal error, contact administrator." },
    });
    expect(verified.status).toBe(502);
    expect(verified.text).toBe("<html><body><h1>502 Bad Gateway</h1></body></html>");
    expect(sim.activeKeys()).toHaveLength(1);
  });

  it("returns a create response without data.api_key: the key exists but its secret was never issued", async () => {
    // Prepare
    sim.faults.malformNext("create", 1, "missing-secret");

    // Act
    const response = await create("lost");

    // Assess
    const key = sim.keys()[0];
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      request_id: REQUEST_ID,
      data: {
        id: key?.id,
        name: "lost",
        application_id: "app-123",
        permissions: ["all"],
        status: "active",
        created_at: START_S,
        expires_at: null,
        updated_at: START_S,
      },
    });
    expect(sim.activeKeys()).toHaveLength(1);
    expect(sim.issuedSecrets()).toEqual([]);
  });

  it("returns a non-JSON page, a list without ids and a get without data", async () => {
    // Prepare
    const seeded = sim.seedKey("seed");
    sim.faults.malformNext("create", 1, "not-json");
    sim.faults.malformNext("list", 1, "missing-id");
    sim.faults.malformNext("get", 1, "missing-data");

    // Act
    const created = await create("html");
    const listed = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: START_S });
    const fetched = await adminRequest(sim, "GET", keysPath(sim, seeded.id), {
      nowSeconds: START_S,
    });

    // Assess
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe("text/html");
    expect(created.json).toBeUndefined();
    expect(sim.activeKeys().map((k) => k.name)).toEqual(["seed", "html"]);
    expect(sim.issuedSecrets()).toEqual([]);
    const items = (listed.json as { data: Array<Record<string, unknown>> }).data;
    expect(items.map((item) => [item.name, "id" in item])).toEqual([
      ["seed", false],
      ["html", false],
    ]);
    expect(fetched.json).toEqual({ request_id: REQUEST_ID });
  });

  it("drops the connection after creating the key, for the next N creates", async () => {
    // Prepare
    sim.faults.dropAfterCreate(1);

    // Act
    const dropped = create("crashed");
    await expect(dropped).rejects.toThrow("fetch failed");
    const after = await create("next");

    // Assess
    expect(after.status).toBe(200);
    expect(sim.activeKeys().map((k) => k.name)).toEqual(["crashed", "next"]);
    expect(sim.issuedSecrets()).toEqual([sim.keys()[1]?.secret]);
    expect(sim.requests.map((r) => [r.operation, r.status])).toEqual([
      ["create", 0],
      ["create", 200],
    ]);
  });

  it("keeps a new key answering 401 during the activation delay", async () => {
    // Prepare
    sim.faults.activationDelayMs = 5_000;
    await create("slow");
    const secret = sim.keys()[0]?.secret ?? "";

    // Act
    const atOnce = await verifyRequest(sim, secret);
    clockMs += 4_999;
    const justBefore = await verifyRequest(sim, secret);
    clockMs += 1;
    const activated = await verifyRequest(sim, secret);

    // Assess
    expect([atOnce.status, justBefore.status, activated.status]).toEqual([401, 401, 200]);
    expect(atOnce.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "unauthorized", message: "Unauthorized" },
    });
  });

  it("never activates a key created with an infinite activation delay; seeded keys are unaffected", async () => {
    // Prepare
    sim.faults.activationDelayMs = Number.POSITIVE_INFINITY;
    await create("never");
    const seeded = sim.seedKey("seeded");
    clockMs += 10 * 365 * 86_400_000;

    // Act
    const response = await verifyRequest(sim, sim.keys()[0]?.secret ?? "");

    // Assess
    expect(response.status).toBe(401);
    expect(sim.isKeyAccepted(seeded.secret)).toBe(true);
  });

  it("refuses a create beyond the cap on active keys until a key is deleted", async () => {
    // Prepare
    sim.faults.maxActiveKeys = 2;
    const first = sim.seedKey("one");
    sim.seedKey("two");

    // Act
    const refused = await create("three");
    await adminRequest(sim, "DELETE", keysPath(sim, first.id), { nowSeconds: START_S });
    const accepted = await create("three");

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      request_id: REQUEST_ID,
      error: {
        type: "invalid_request_error",
        message:
          "The application has reached the maximum number of API keys (2). Delete an API key before creating a new one.",
      },
    });
    expect(accepted.status).toBe(200);
    expect(sim.activeKeys().map((k) => k.name)).toEqual(["two", "three"]);
  });

  it("caps at 10 active keys by default, or at the maxActiveKeys option, and reset restores it", async () => {
    // Prepare
    for (let i = 0; i < 10; i++) sim.seedKey(`k${i}`);
    const small = await startNylasSimulator({ maxActiveKeys: 1 });
    small.seedKey("only");
    small.faults.maxActiveKeys = 5;
    small.reset();

    // Act
    const refused = await create("eleventh");
    const smallRefused = await adminRequest(small, "POST", keysPath(small), {
      body: { name: "second" },
    });
    await small.close();

    // Assess
    expect(refused.status).toBe(400);
    expect(smallRefused.status).toBe(400);
    expect(small.faults.maxActiveKeys).toBe(1);
  });

  it("reset clears queued faults", async () => {
    // Prepare
    sim.faults.failNext("any", 3, 500);
    sim.faults.malformNext("create", 1, "missing-id");
    sim.faults.dropAfterCreate(2);
    sim.faults.activationDelayMs = 1_000;

    // Act
    sim.reset();
    const response = await create();

    // Assess
    expect(sim.faults.pending()).toEqual({ failures: 0, malformations: 0, drops: 0 });
    expect(sim.faults.activationDelayMs).toBe(0);
    expect(response.status).toBe(200);
    expect(sim.isKeyAccepted(sim.keys()[0]?.secret ?? "")).toBe(true);
  });

  it("rejects a fault count that is not a positive integer", () => {
    // Act
    const act = (): void => sim.faults.failNext("create", 0, 500);

    // Assess
    expect(act).toThrow(new RangeError("fault count must be a positive integer, got 0"));
  });
});
