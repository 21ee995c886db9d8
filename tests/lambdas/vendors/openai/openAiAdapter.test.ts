import { ConfigurationError } from "../../../../lambdas/contract/errors";
import { VendorError } from "../../../../lambdas/vendors/kit/errors";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import { OpenAiAdapter } from "../../../../lambdas/vendors/openai/openAiAdapter";
import {
  startOpenAiSimulator,
  type OpenAiSimulator,
} from "../../../../harness/simulators/openai/openAiSimulator";

describe("OpenAiAdapter against the OpenAI simulator", () => {
  let sim: OpenAiSimulator;
  let adapter: OpenAiAdapter;

  const adapterWith = (adminApiKey: string): OpenAiAdapter =>
    new OpenAiAdapter({
      options: { baseUrl: sim.baseUrl },
      credential: () => Promise.resolve({ adminApiKey }),
      http: new VendorHttp({ vendor: "openai", baseDelayMs: 1, maxAttempts: 4 }),
    });

  beforeAll(async () => {
    sim = await startOpenAiSimulator({ maxActiveKeys: 1000 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    adapter = adapterWith(sim.adminApiKey);
  });

  it("creates a key expiring after ttlDays, shown once, with the admin key as Bearer", async () => {
    // Act
    const before = Math.floor(Date.now() / 1000);
    const created = await adapter.createKey({ name: "rotated-a-1", ttlDays: 90 });

    // Assess
    const exchange = sim.exchanges.at(-1);
    expect(JSON.parse(exchange?.requestBody ?? "")).toEqual({
      name: "rotated-a-1",
      expires_in_seconds: 7_776_000,
    });
    expect(exchange?.requestHeaders.authorization).toBe(`Bearer ${sim.adminApiKey}`);
    expect(exchange?.requestHeaders["content-type"]).toBe("application/json");
    expect(created.secret).toMatch(/^sk-admin-/);
    expect(created.name).toBe("rotated-a-1");
    const expires = Date.parse(created.expiresAt ?? "") / 1000;
    expect(expires - Date.parse(created.createdAt ?? "") / 1000).toBe(7_776_000);
    expect(Date.parse(created.createdAt ?? "") / 1000).toBeGreaterThanOrEqual(before);
    expect(sim.issuedSecrets()).toEqual([created.secret]);
  });

  it("omits expires_in_seconds for ttlDays 0 (a key that never expires)", async () => {
    // Act
    const created = await adapter.createKey({ name: "rotated-a-2", ttlDays: 0 });

    // Assess
    expect(JSON.parse(sim.exchanges.at(-1)?.requestBody ?? "")).toEqual({ name: "rotated-a-2" });
    expect(created.expiresAt).toBeUndefined();
  });

  it("refuses a ttl beyond OpenAI's 365 days before calling OpenAI", async () => {
    // Act
    const error = await adapter
      .createKey({ name: "rotated-a-3", ttlDays: 366 })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      "Invalid key lifetime for openai: ROTATION_KEY_TTL_DAYS is 366, but OpenAI admin keys expire after at most 365 days (expires_in_seconds ≤ 31536000). Set it to 1-365, or 0 for keys that do not expire.",
    );
    expect(sim.requests).toEqual([]);
  });

  it("turns the cap refusal into a VendorCapacityError", async () => {
    // Prepare
    sim.faults.maxActiveKeys = sim.activeKeys().length;

    // Act
    const error = await adapter
      .createKey({ name: "rotated-a-4", ttlDays: 1 })
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe("VendorCapacityError");
    expect((error as Error).message).toBe(
      `openai refused a new key: invalid_request_error: Maximum number of admin API keys (${sim.faults.maxActiveKeys}) reached for this organization. Delete a key before creating a new one.`,
    );
  });

  it("never retries a create that failed with 500, and says it may be retried later", async () => {
    // Prepare
    sim.faults.failNext("create", 1, 500);

    // Act
    const error = await adapter
      .createKey({ name: "rotated-a-5", ttlDays: 1 })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).retryable).toBe(true);
    expect((error as Error).message).toBe(
      "openai createKey failed with HTTP 500: server_error: The server had an error while processing your request. Sorry about that!",
    );
    expect(sim.requests.map((r) => [r.operation, r.status])).toEqual([["create", 500]]);
  });

  it("fails a create without the key's value, naming the missing field", async () => {
    // Prepare
    sim.faults.malformNext("create", 1, "missing-secret");

    // Act / Assess
    await expect(adapter.createKey({ name: "rotated-a-6", ttlDays: 1 })).rejects.toThrow(
      "openai createKey returned HTTP 200 without the documented fields (value)",
    );
  });

  it("lists every key across cursor pages, with last use", async () => {
    // Prepare: 205 keys make three pages of 100.
    const missing = 205 - sim.activeKeys().length;
    for (let i = 0; i < missing; i++) {
      await adapter.createKey({ name: `bulk-${i}`, ttlDays: 1 });
    }
    const used = sim.activeKeys()[0];
    expect(await adapter.verifyKey(used?.secret ?? "")).toEqual({ outcome: "valid" });
    sim.reset();

    // Act
    const keys = await adapter.listKeys();

    // Assess
    expect(keys.map((k) => k.id)).toEqual(sim.activeKeys().map((k) => k.id));
    const lists = sim.exchanges.filter((e) => e.operation === "list").map((e) => e.search);
    const ids = sim.activeKeys().map((k) => k.id);
    expect(lists).toEqual([
      "?limit=100&order=asc",
      `?limit=100&order=asc&after=${ids[99]}`,
      `?limit=100&order=asc&after=${ids[199]}`,
    ]);
    expect(keys[0]?.lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(keys[1]?.lastUsedAt).toBeUndefined();
  });

  it("verifies with an admin endpoint: valid, rejected (401), retried through 503s", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-a-7", ttlDays: 1 });
    const revoked = await adapter.createKey({ name: "rotated-a-8", ttlDays: 1 });
    await adapter.revokeKey(revoked.id);
    sim.reset();
    sim.faults.failNext("verify", 2, 503);

    // Act
    const valid = await adapter.verifyKey(created.secret);
    const rejected = await adapter.verifyKey(revoked.secret);

    // Assess
    expect([valid, rejected]).toEqual([{ outcome: "valid" }, { outcome: "rejected", status: 401 }]);
    expect(sim.exchanges.map((e) => `${e.path}${e.search} ${e.status}`)).toEqual([
      "/v1/organization/projects?limit=1 503",
      "/v1/organization/projects?limit=1 503",
      "/v1/organization/projects?limit=1 200",
      "/v1/organization/projects?limit=1 401",
    ]);
  });

  it("revokes a key once, then reports it already gone", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-a-9", ttlDays: 1 });

    // Act
    const first = await adapter.revokeKey(created.id);
    const second = await adapter.revokeKey(created.id);

    // Assess
    expect([first, second]).toEqual(["revoked", "already-gone"]);
    expect(sim.isKeyAccepted(created.secret)).toBe(false);
  });

  it("reports a rejected admin key without echoing any part of it", async () => {
    // Prepare
    const wrong = "sk-admin-this-is-not-a-valid-admin-key-0000";

    // Act
    const error = await adapterWith(wrong)
      .listKeys()
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe("VendorAuthError");
    expect((error as Error).message).toBe(
      "openai listKeys failed with HTTP 401: invalid_api_key: Incorrect API key provided: [redacted key]. You can find your API key at https://platform.openai.com/account/api-keys. (check the admin API key in the admin credential secret)",
    );
  });
});
