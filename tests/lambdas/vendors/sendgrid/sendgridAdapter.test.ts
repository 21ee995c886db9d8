import * as z from "zod/mini";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import { sendgridVendor } from "../../../../lambdas/vendors/sendgrid";
import {
  sendgridAdminCredentialSchema,
  sendgridOptionsSchema,
} from "../../../../lambdas/vendors/sendgrid/options";
import { SendGridAdapter } from "../../../../lambdas/vendors/sendgrid/sendgridAdapter";
import {
  startSendGridSimulator,
  type SendGridSimulator,
} from "../../../../harness/simulators/sendgrid/sendgridSimulator";
import {
  startScriptedServer,
  type ScriptedServer,
} from "../../../../harness/simulators/shared/scriptedServer";

const http = () =>
  new VendorHttp({ vendor: "sendgrid", baseDelayMs: 1, maxAttempts: 2, maxRetryAfterMs: 0 });
const errors = (message: string) => ({ errors: [{ field: null, message }] });

describe("SendGridAdapter against the SendGrid simulator", () => {
  let sim: SendGridSimulator;
  let adapter: SendGridAdapter;

  beforeAll(async () => {
    sim = await startSendGridSimulator({ maxActiveKeys: 3 });
    adapter = new SendGridAdapter({
      options: sendgridOptionsSchema.parse(sim.vendorOptions),
      credential: async () =>
        sendgridAdminCredentialSchema.parse(JSON.parse(sim.adminCredentialJson)),
      http: http(),
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    for (const key of sim.activeKeys()) sim.revokeOutOfBand(key.id);
  });

  it("creates a key without scopes (full access) and ignores the TTL: SendGrid keys never expire", async () => {
    // Act
    const created = await adapter.createKey({ name: "rotated-a", ttlDays: 90 });

    // Assess
    const key = sim.activeKeys()[0];
    expect(created).toEqual({ id: key?.id, name: "rotated-a", secret: key?.secret });
    expect(JSON.parse(sim.exchanges[0]?.requestBody ?? "")).toEqual({ name: "rotated-a" });
    expect(sim.exchanges[0]?.requestHeaders.authorization).toBe(`Bearer ${sim.adminKey}`);
  });

  it("lists names and ids, verifies a live key and rejects a deleted one (once revocation has propagated)", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-b", ttlDays: 0 });

    // Act
    const listed = await adapter.listKeys();
    const before = await adapter.verifyKey(created.secret);
    const revoked = await adapter.revokeKey(created.id);
    const again = await adapter.revokeKey(created.id);
    const after = await adapter.verifyKey(created.secret);

    // Assess
    expect(listed).toEqual([{ id: created.id, name: "rotated-b" }]);
    expect([before, revoked, again, after]).toEqual([
      { outcome: "valid" },
      "revoked",
      "already-gone",
      { outcome: "rejected", status: 401 },
    ]);
    expect(sim.exchanges.map((e) => `${e.method} ${e.path}`)[1]).toBe("GET /v3/api_keys");
    expect(sim.exchanges[1]?.query).toEqual({ limit: "100" });
  });

  it("keeps accepting a deleted key during SendGrid's revocation propagation delay", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-c", ttlDays: 0 });
    sim.store.revocationDelayMs = 60_000;

    try {
      // Act
      await adapter.revokeKey(created.id);
      const during = await adapter.verifyKey(created.secret);

      // Assess
      expect(during).toEqual({ outcome: "valid" });
      expect(sim.keys().find((k) => k.id === created.id)?.status).toBe("revoked");
    } finally {
      sim.store.revocationDelayMs = 0;
    }
  });

  it("turns the simulator's 403 at the cap into VendorCapacityError", async () => {
    // Prepare
    for (const name of ["k1", "k2", "k3"]) await adapter.createKey({ name, ttlDays: 0 });

    // Act
    const error = await adapter.createKey({ name: "k4", ttlDays: 0 }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "VendorCapacityError",
      message:
        "sendgrid refused a new key: the account has reached its cap of 100 API keys (The maximum number of API keys (3) has been reached.)",
      context: { vendor: "sendgrid", operation: "createKey", status: 403 },
    });
  });

  it("reports a wrong admin key as VendorAuthError without echoing any key", async () => {
    // Prepare
    const wrong = new SendGridAdapter({
      options: sendgridOptionsSchema.parse(sim.vendorOptions),
      credential: async () => ({ apiKey: "SG.wrongid.wrongsecretwrongsecret" }),
      http: http(),
    });

    // Act
    const error = await wrong.listKeys().catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "VendorAuthError",
      message:
        "sendgrid listKeys failed with HTTP 401: authorization required (check that the admin key in the admin credential secret has the api_keys scopes)",
    });
  });
});

describe("SendGridAdapter on answers the simulator does not give", () => {
  let server: ScriptedServer;
  let adapter: SendGridAdapter;

  beforeAll(async () => {
    server = await startScriptedServer();
    adapter = new SendGridAdapter({
      options: sendgridOptionsSchema.parse({ baseUrl: server.baseUrl, scopes: ["mail.send"] }),
      credential: async () => ({ apiKey: "SG.admin.adminsecret" }),
      http: http(),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.script = [];
    server.received.length = 0;
  });

  it("decides a textless 403 on create by counting keys: 100 listed means the cap", async () => {
    // Prepare
    const result = Array.from({ length: 100 }, (_, i) => ({ name: `k${i}`, api_key_id: `id${i}` }));
    server.script = [
      { status: 403, body: errors("access forbidden") },
      { status: 200, body: { result } },
    ];

    // Act
    const error = await adapter.createKey({ name: "n", ttlDays: 0 }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "VendorCapacityError" });
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /v3/api_keys",
      "GET /v3/api_keys?limit=100",
    ]);
    expect(JSON.parse(server.received[0]?.body ?? "")).toEqual({
      name: "n",
      scopes: ["mail.send"],
    });
  });

  it("leaves a textless 403 on create as an auth error when fewer than 100 keys exist", async () => {
    // Prepare
    server.script = [
      { status: 403, body: errors("access forbidden") },
      { status: 200, body: { result: [] } },
    ];

    // Act
    const error = await adapter.createKey({ name: "n", ttlDays: 0 }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "VendorAuthError",
      message:
        "sendgrid createKey failed with HTTP 403: access forbidden (check that the admin key in the admin credential secret has the api_keys scopes)",
    });
  });

  it("fails clearly on a 201 without the key, never retries a 500, and maps a 500 on verify to a retryable error", async () => {
    // Prepare
    server.script = [
      { status: 201, body: { api_key_id: "id1", name: "n" } },
      { status: 500, body: { errors: [{ message: "internal" }] } },
      { status: 500, body: "{}" },
      { status: 500, body: "{}" },
    ];

    // Act
    const malformed = await adapter
      .createKey({ name: "n", ttlDays: 0 })
      .catch((e: Error) => e.message);
    const failed = await adapter
      .createKey({ name: "n", ttlDays: 0 })
      .catch((e: Error) => e.message);
    const verify = await adapter
      .verifyKey("SG.x.y")
      .catch((e: { retryable: boolean; message: string }) => e);

    // Assess
    expect(malformed).toBe(
      "sendgrid createKey returned HTTP 201 without the documented fields (api_key)",
    );
    expect(failed).toBe("sendgrid createKey failed with HTTP 500: internal");
    expect(verify).toMatchObject({
      retryable: true,
      message: "sendgrid verifyKey failed with HTTP 500: no error detail",
    });
    expect(server.received.map((r) => r.method)).toEqual(["POST", "POST", "GET", "GET"]);
  });
});

describe("SendGrid options and admin credential", () => {
  it("defaults to the global API host and rejects empty or malformed scopes with their own messages", () => {
    // Act
    const defaults = z.safeParse(sendgridOptionsSchema, {});
    const empty = z.safeParse(sendgridOptionsSchema, { scopes: [] });
    const bad = z.safeParse(sendgridOptionsSchema, { scopes: ["Mail Send"], region: "us" });

    // Assess
    expect(defaults.data).toEqual({ region: "global" });
    expect(empty.error?.issues.map((i) => i.message)).toEqual([
      "`scopes` must not be empty (leave it out for a full-access key)",
    ]);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "each of `scopes` must be a SendGrid scope such as `mail.send`",
      '`region` must be "global" or "eu"',
    ]);
  });

  it("accepts only an SG.<id>.<secret> admin key, and the definition builds the adapter with SendGrid's caps", () => {
    // Act
    const bad = z.safeParse(sendgridAdminCredentialSchema, { apiKey: "not-a-key" });
    const adapter = sendgridVendor.create(sendgridOptionsSchema.parse({}), async () => ({
      apiKey: "SG.a.b",
    }));

    // Assess
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "`apiKey` must be a SendGrid API key (SG.<id>.<secret>)",
    ]);
    expect([adapter.vendor, adapter.maxActiveKeys, adapter.secretShownOnce]).toEqual([
      "sendgrid",
      100,
      true,
    ]);
  });
});
