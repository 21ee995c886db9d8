import {
  startNylasSimulator,
  type NylasSimulator,
} from "../../../../harness/simulators/nylas/nylasSimulator";
import {
  adminRequest,
  keysPath,
  send,
  verifyRequest,
} from "../../../../harness/simulators/nylas/simulatorTestClient";

const START_MS = Date.UTC(2025, 5, 1, 12, 0, 0);
const START_S = START_MS / 1000;
const DAY_S = 86_400;
const REQUEST_ID = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe("Nylas simulator: API keys", () => {
  let sim: NylasSimulator;
  let clockMs = START_MS;

  beforeEach(async () => {
    clockMs = START_MS;
    sim = await startNylasSimulator({ applicationId: "app-123", now: () => clockMs });
  });

  afterEach(async () => {
    await sim.close();
  });

  it("creates a key and shows its api_key only in the create response", async () => {
    // Prepare
    const body = { name: "rotated/prod/tok-1", expires_in: 90 };

    // Act
    const created = await adminRequest(sim, "POST", keysPath(sim), { body, nowSeconds: START_S });
    const secret = sim.keys()[0]?.secret ?? "";
    const id = sim.keys()[0]?.id ?? "";
    const listed = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: START_S });
    const fetched = await adminRequest(sim, "GET", keysPath(sim, id), { nowSeconds: START_S });

    // Assess
    const resource = {
      id,
      name: "rotated/prod/tok-1",
      application_id: "app-123",
      permissions: ["all"],
      status: "active",
      created_at: START_S,
      expires_at: START_S + 90 * DAY_S,
      updated_at: START_S,
    };
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe("application/json");
    expect(created.json).toEqual({
      request_id: REQUEST_ID,
      data: { ...resource, api_key: secret },
    });
    expect(secret).toMatch(/^nyk_v0_[A-Za-z0-9_-]{48}$/);
    expect(listed.json).toEqual({ request_id: REQUEST_ID, data: [resource] });
    expect(fetched.json).toEqual({ request_id: REQUEST_ID, data: resource });
    expect(listed.text).not.toContain(secret);
    expect(fetched.text).not.toContain(secret);
    expect(sim.issuedSecrets()).toEqual([secret]);
    expect(sim.requests).toEqual([
      {
        method: "POST",
        path: "/v3/admin/applications/app-123/api-keys",
        status: 200,
        operation: "create",
      },
      {
        method: "GET",
        path: "/v3/admin/applications/app-123/api-keys",
        status: 200,
        operation: "list",
      },
      {
        method: "GET",
        path: `/v3/admin/applications/app-123/api-keys/${id}`,
        status: 200,
        operation: "get",
      },
    ]);
  });

  it("creates a key without expiry when expires_in is absent", async () => {
    // Act
    const created = await adminRequest(sim, "POST", keysPath(sim), {
      body: { name: "forever" },
      nowSeconds: START_S,
    });

    // Assess
    expect(created.status).toBe(200);
    expect((created.json as { data: { expires_at: unknown } }).data.expires_at).toBeNull();
    expect(sim.keys()[0]?.expiresAt).toBeNull();
  });

  it.each([
    [
      "zero days",
      { name: "k", expires_in: 0 },
      "expires_in must be a positive integer number of days.",
    ],
    [
      "negative days",
      { name: "k", expires_in: -3 },
      "expires_in must be a positive integer number of days.",
    ],
    [
      "fractional days",
      { name: "k", expires_in: 1.5 },
      "expires_in must be a positive integer number of days.",
    ],
    [
      "days as a string",
      { name: "k", expires_in: "30" },
      "expires_in must be a positive integer number of days.",
    ],
    ["no name", { expires_in: 30 }, "name is required and must be a non-empty string."],
    ["an array body", [1], "Request body must be a JSON object."],
  ])("refuses a create with %s", async (_label, body, message) => {
    // Act
    const response = await adminRequest(sim, "POST", keysPath(sim), { body, nowSeconds: START_S });

    // Assess
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "invalid_request_error", message },
    });
    expect(sim.keys()).toEqual([]);
  });

  it("accepts a created key on GET /v3/applications and records its use", async () => {
    // Prepare
    await adminRequest(sim, "POST", keysPath(sim), { body: { name: "k" }, nowSeconds: START_S });
    const secret = sim.keys()[0]?.secret ?? "";
    clockMs += 60_000;

    // Act
    const response = await verifyRequest(sim, secret);

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      request_id: REQUEST_ID,
      data: {
        application_id: "app-123",
        organization_id: "simulated-organization",
        region: "us",
        environment: "production",
        branding: { name: "Simulated Nylas application" },
      },
    });
    expect(sim.isKeyAccepted(secret)).toBe(true);
    expect(sim.keys()[0]?.lastUsedAt).toBe(START_S + 60);
    expect(sim.requests.at(-1)).toEqual({
      method: "GET",
      path: "/v3/applications",
      status: 200,
      operation: "verify",
    });
  });

  it("deletes a key: verify answers 401, list and get no longer show it, a second delete is 404", async () => {
    // Prepare
    const seeded = sim.seedKey("old");
    clockMs += 5_000;

    // Act
    const deleted = await adminRequest(sim, "DELETE", keysPath(sim, seeded.id), {
      nowSeconds: START_S + 5,
    });
    const verified = await verifyRequest(sim, seeded.secret);
    const listed = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: START_S + 5 });
    const fetched = await adminRequest(sim, "GET", keysPath(sim, seeded.id), {
      nowSeconds: START_S + 5,
    });
    const again = await adminRequest(sim, "DELETE", keysPath(sim, seeded.id), {
      nowSeconds: START_S + 5,
    });

    // Assess
    const notFound = {
      request_id: REQUEST_ID,
      error: { type: "not_found_error", message: "API key not found." },
    };
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ request_id: REQUEST_ID });
    expect(verified.status).toBe(401);
    expect(verified.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "unauthorized", message: "Unauthorized" },
    });
    expect(verified.text).not.toContain(seeded.secret);
    expect(listed.json).toEqual({ request_id: REQUEST_ID, data: [] });
    expect([fetched.status, again.status]).toEqual([404, 404]);
    expect(fetched.json).toEqual(notFound);
    expect(again.json).toEqual(notFound);
    expect(sim.isKeyAccepted(seeded.secret)).toBe(false);
    expect(sim.activeKeys()).toEqual([]);
    expect(sim.keys()).toEqual([{ ...seeded, status: "revoked", revokedAt: START_S + 5 }]);
  });

  it("refuses an expired key and an unknown key with 401, and a request without a bearer", async () => {
    // Prepare
    await adminRequest(sim, "POST", keysPath(sim), {
      body: { name: "short", expires_in: 1 },
      nowSeconds: START_S,
    });
    const secret = sim.keys()[0]?.secret ?? "";
    clockMs += DAY_S * 1000;

    // Act
    const expired = await verifyRequest(sim, secret);
    const unknown = await verifyRequest(sim, "nyk_v0_not-a-real-key");
    const missing = await verifyRequest(sim);

    // Assess
    expect([expired.status, unknown.status, missing.status]).toEqual([401, 401, 401]);
    expect(unknown.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "unauthorized", message: "Unauthorized" },
    });
    expect(unknown.text).not.toContain("not-a-real-key");
    expect(missing.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "unauthorized", message: "Unauthorized: a Bearer API key is required." },
    });
    expect(sim.isKeyAccepted(secret)).toBe(false);
    expect(sim.activeKeys()).toHaveLength(1);
  });

  it("answers 404 for another application (after authenticating) and for unknown routes", async () => {
    // Act
    const otherApp = await adminRequest(sim, "GET", "/v3/admin/applications/other/api-keys", {
      nowSeconds: START_S,
    });
    const unknown = await send(`${sim.baseUrl}/v3/grants`, { method: "GET" });

    // Assess
    expect(otherApp.status).toBe(404);
    expect(otherApp.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "not_found_error", message: "Application not found." },
    });
    expect(unknown.status).toBe(404);
    expect(sim.requests.map((r) => r.operation)).toEqual(["list", "unknown"]);
  });

  it("seeds keys directly, publishes the service account file, and reset keeps keys", async () => {
    // Prepare
    const seeded = sim.seedKey("pre-existing");

    // Act
    await verifyRequest(sim, seeded.secret);
    sim.faults.latencyMs = 5;
    sim.reset();

    // Assess
    expect(sim.isKeyAccepted(seeded.secret)).toBe(true);
    expect(sim.activeKeys()).toEqual([{ ...seeded, lastUsedAt: START_S }]);
    expect(sim.requests).toEqual([]);
    expect(sim.faults.latencyMs).toBe(0);
    expect(sim.issuedSecrets()).toEqual([]);
    expect(JSON.parse(sim.serviceAccountJson)).toEqual({
      type: "service_account",
      name: "rotated-api-key simulator",
      private_key_id: sim.serviceAccount.privateKeyId,
      private_key: sim.serviceAccount.privateKeyPem,
      organization_id: "simulated-organization",
      region: "us",
    });
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("accepts signatures timestamped up to 300 s from the simulator clock, not 301 s", async () => {
    // Act
    const statuses = [];
    for (const skew of [-301, -300, 300, 301]) {
      const response = await adminRequest(sim, "GET", keysPath(sim), {
        nowSeconds: START_S + skew,
      });
      statuses.push(response.status);
    }

    // Assess
    expect(statuses).toEqual([401, 200, 200, 401]);
  });
});
