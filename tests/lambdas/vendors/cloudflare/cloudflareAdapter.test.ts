import * as z from "zod/mini";
import { cloudflareVendor } from "../../../../lambdas/vendors/cloudflare";
import { CloudflareAdapter } from "../../../../lambdas/vendors/cloudflare/cloudflareAdapter";
import {
  cloudflareAdminCredentialSchema,
  cloudflareOptionsSchema,
} from "../../../../lambdas/vendors/cloudflare/options";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import {
  SIM_POLICIES,
  startCloudflareSimulator,
  type CloudflareSimulator,
} from "../../../../harness/simulators/cloudflare/cloudflareSimulator";
import {
  startScriptedServer,
  type ScriptedServer,
} from "../../../../harness/simulators/shared/scriptedServer";

const http = () =>
  new VendorHttp({ vendor: "cloudflare", baseDelayMs: 1, maxAttempts: 2, maxRetryAfterMs: 0 });
const NOW = new Date("2025-03-04T05:06:07.890Z");
const fail = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

describe("CloudflareAdapter against the Cloudflare simulator", () => {
  let sim: CloudflareSimulator;
  let adapter: CloudflareAdapter;

  beforeAll(async () => {
    sim = await startCloudflareSimulator({ maxActiveKeys: 3, now: () => NOW.getTime() });
    adapter = new CloudflareAdapter({
      options: cloudflareOptionsSchema.parse(sim.vendorOptions),
      credential: async () =>
        cloudflareAdminCredentialSchema.parse(JSON.parse(sim.adminCredentialJson)),
      http: http(),
      now: () => NOW,
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    for (const key of sim.activeKeys()) sim.revokeOutOfBand(key.id);
  });

  it("creates a token with the configured policies and expires_on = now + TTL days", async () => {
    // Act
    const created = await adapter.createKey({ name: "rotated-a", ttlDays: 90 });

    // Assess
    const key = sim.activeKeys()[0];
    expect(created).toEqual({
      id: key?.id,
      name: "rotated-a",
      secret: key?.secret,
      createdAt: "2025-03-04T05:06:07.000Z",
      expiresAt: "2025-06-02T05:06:07.000Z",
    });
    expect(JSON.parse(sim.exchanges[0]?.requestBody ?? "")).toEqual({
      name: "rotated-a",
      policies: SIM_POLICIES,
      expires_on: "2025-06-02T05:06:07Z",
    });
  });

  it("sends no expires_on for a TTL of 0, verifies the new token, revokes idempotently and never rolls", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-b", ttlDays: 0 });

    // Act
    const valid = await adapter.verifyKey(created.secret);
    const listed = await adapter.listKeys();
    const results = [await adapter.revokeKey(created.id), await adapter.revokeKey(created.id)];
    const rejected = await adapter.verifyKey(created.secret);

    // Assess
    expect(Object.keys(JSON.parse(sim.exchanges[0]?.requestBody ?? "") as object)).toEqual([
      "name",
      "policies",
    ]);
    expect([valid, rejected]).toEqual([{ outcome: "valid" }, { outcome: "rejected", status: 401 }]);
    expect(listed.map((k) => [k.id, k.name, k.lastUsedAt !== undefined])).toEqual([
      [created.id, "rotated-b", true],
    ]);
    expect(results).toEqual(["revoked", "already-gone"]);
    expect(sim.exchanges.map((e) => `${e.method} ${e.path.replace(created.id, "{id}")}`)).toEqual([
      "POST /client/v4/user/tokens",
      "GET /client/v4/user/tokens/verify",
      "GET /client/v4/user/tokens",
      "DELETE /client/v4/user/tokens/{id}",
      "DELETE /client/v4/user/tokens/{id}",
      "GET /client/v4/user/tokens/verify",
    ]);
  });

  it("lists an expired token, which still holds a slot under the cap, by asking for it", async () => {
    // Prepare: a token with a 1-day TTL, listed two days later
    let clock = NOW.getTime();
    const expiring = await startCloudflareSimulator({ maxActiveKeys: 3, now: () => clock });
    const later = new CloudflareAdapter({
      options: cloudflareOptionsSchema.parse(expiring.vendorOptions),
      credential: async () =>
        cloudflareAdminCredentialSchema.parse(JSON.parse(expiring.adminCredentialJson)),
      http: http(),
      now: () => new Date(clock),
    });
    const created = await later.createKey({ name: "rotated-expiring", ttlDays: 1 });
    clock += 2 * 86_400_000;

    // Act
    const listed = await later.listKeys().finally(() => expiring.close());

    // Assess
    expect(listed).toEqual([
      {
        id: created.id,
        name: "rotated-expiring",
        createdAt: "2025-03-04T05:06:07.000Z",
        expiresAt: "2025-03-05T05:06:07.000Z",
      },
    ]);
    expect(expiring.exchanges.map((e) => e.query)).toEqual([
      {},
      { page: "1", per_page: "50", include_expired: "true" },
    ]);
  });

  it("turns the simulator's refusal at the cap into VendorCapacityError", async () => {
    // Prepare
    for (const name of ["k1", "k2", "k3"]) await adapter.createKey({ name, ttlDays: 0 });

    // Act
    const error = await adapter.createKey({ name: "k4", ttlDays: 0 }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "VendorCapacityError",
      message:
        "cloudflare refused a new token: the user has reached the cap of 50 API tokens (1001: Maximum number of API tokens (3) reached)",
    });
  });

  it("shows why the roll endpoint is never used: rolling kills the old secret at once", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-roll", ttlDays: 0 });

    // Act
    const rolled = await fetch(`${sim.baseUrl}/client/v4/user/tokens/${created.id}/value`, {
      method: "PUT",
      headers: { authorization: `Bearer ${sim.adminToken}`, "content-type": "application/json" },
      body: "{}",
    });
    const body = (await rolled.json()) as { result: string };

    // Assess
    expect(rolled.status).toBe(200);
    expect([sim.isKeyAccepted(created.secret), sim.isKeyAccepted(body.result)]).toEqual([
      false,
      true,
    ]);
  });
});

describe("CloudflareAdapter on answers the simulator does not give", () => {
  let server: ScriptedServer;
  let adapter: CloudflareAdapter;
  const tokens = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `t${i}`, name: `k${i}`, status: "active" }));

  beforeAll(async () => {
    server = await startScriptedServer();
    adapter = new CloudflareAdapter({
      options: cloudflareOptionsSchema.parse({ baseUrl: server.baseUrl, policies: SIM_POLICIES }),
      credential: async () => ({ apiToken: "admin-token-admin-token-admin" }),
      http: http(),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.script = [];
    server.received.length = 0;
  });

  it("pages with result_info until the last page, and lists expired tokens too (they hold a slot)", async () => {
    // Prepare
    const ok = (result: unknown[], page: number) => ({
      status: 200,
      body: {
        success: true,
        errors: [],
        messages: [],
        result,
        result_info: { page, per_page: 50, total_pages: 2 },
      },
    });
    server.script = [
      ok(tokens(50), 1),
      ok([{ id: "x", name: "old", status: "expired", expires_on: "2020-01-01T00:00:00Z" }], 2),
    ];

    // Act
    const keys = await adapter.listKeys();

    // Assess
    expect(keys).toHaveLength(51);
    expect(keys[50]).toEqual({ id: "x", name: "old", expiresAt: "2020-01-01T00:00:00.000Z" });
    expect(server.received.map((r) => r.url)).toEqual([
      "/user/tokens?page=1&per_page=50&include_expired=true",
      "/user/tokens?page=2&per_page=50&include_expired=true",
    ]);
  });

  it("decides a textless 400 on create by counting tokens against the cap of 50", async () => {
    // Prepare
    const listOf = (n: number) => ({
      status: 200,
      body: {
        success: true,
        errors: [],
        messages: [],
        result: tokens(n),
        result_info: { total_pages: 1 },
      },
    });
    server.script = [
      { status: 400, body: fail(1001, "Bad request") },
      listOf(50),
      { status: 400, body: fail(1001, "Bad request") },
      listOf(49),
    ];

    // Act
    const atCap = await adapter.createKey({ name: "n", ttlDays: 0 }).catch((e: Error) => e.name);
    const below = await adapter
      .createKey({ name: "n", ttlDays: 0 })
      .catch((e: Error) => `${e.name}: ${e.message}`);

    // Assess
    expect(atCap).toBe("VendorCapacityError");
    expect(below).toBe("VendorError: cloudflare createKey failed with HTTP 400: 1001: Bad request");
  });

  it("fails clearly on a create without result.value, and on a 200 verify whose token is not active", async () => {
    // Prepare
    server.script = [
      { status: 200, body: { success: true, errors: [], messages: [], result: { id: "t1" } } },
      {
        status: 200,
        body: { success: true, errors: [], messages: [], result: { id: "t1", status: "disabled" } },
      },
    ];

    // Act
    const created = await adapter
      .createKey({ name: "n", ttlDays: 0 })
      .catch((e: Error) => e.message);
    const verified = await adapter.verifyKey("some-token");

    // Assess
    expect(created).toBe(
      "cloudflare createKey returned HTTP 200 without the documented fields (result.value)",
    );
    expect(verified).toEqual({ outcome: "rejected", status: 200 });
  });
});

describe("Cloudflare options and admin credential", () => {
  it("requires policies and says which part of a policy is wrong", () => {
    // Act
    const missing = z.safeParse(cloudflareOptionsSchema, {});
    const bad = z.safeParse(cloudflareOptionsSchema, {
      policies: [{ effect: "permit", permission_groups: [{ id: "zone-read" }], resources: {} }],
    });

    // Assess
    expect(missing.error?.issues.map((i) => i.message)).toEqual([
      "`policies` is required: the access policies of each new token",
    ]);
    expect(bad.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      'policies.0.effect: a policy `effect` must be "allow" or "deny"',
      "policies.0.permission_groups.0.id: a permission group `id` is 32 hex characters",
      "policies.0.resources: a policy needs at least one resource",
    ]);
  });

  it("accepts a token admin credential, and the definition builds the adapter with Cloudflare's caps", () => {
    // Act
    const bad = z.safeParse(cloudflareAdminCredentialSchema, { apiToken: "short" });
    const adapter = cloudflareVendor.create(
      cloudflareOptionsSchema.parse({ policies: SIM_POLICIES }),
      async () => ({
        apiToken: "t".repeat(40),
      }),
    );

    // Assess
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "`apiToken` must be a Cloudflare API token",
    ]);
    expect([adapter.vendor, adapter.maxActiveKeys, adapter.secretShownOnce]).toEqual([
      "cloudflare",
      50,
      true,
    ]);
  });
});
