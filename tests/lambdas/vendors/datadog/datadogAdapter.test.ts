import * as z from "zod/mini";
import { datadogVendor } from "../../../../lambdas/vendors/datadog";
import { DatadogAdapter } from "../../../../lambdas/vendors/datadog/datadogAdapter";
import {
  datadogAdminCredentialSchema,
  datadogOptionsSchema,
} from "../../../../lambdas/vendors/datadog/options";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import {
  startDatadogSimulator,
  type DatadogSimulator,
} from "../../../../harness/simulators/datadog/datadogSimulator";
import {
  startScriptedServer,
  type ScriptedServer,
} from "../../../../harness/simulators/shared/scriptedServer";

const http = () =>
  new VendorHttp({ vendor: "datadog", baseDelayMs: 1, maxAttempts: 2, maxRetryAfterMs: 0 });
/** The simulator's fixed clock, so times in answers are exact. */
const SIM_NOW = "2025-03-04T05:06:07.000Z";
const admin = { apiKey: "a".repeat(32), applicationKey: "b".repeat(40) };

describe("DatadogAdapter against the Datadog simulator", () => {
  let sim: DatadogSimulator;
  let adapter: DatadogAdapter;

  beforeAll(async () => {
    sim = await startDatadogSimulator({ maxActiveKeys: 3, now: () => Date.parse(SIM_NOW) });
    adapter = new DatadogAdapter({
      options: datadogOptionsSchema.parse(sim.vendorOptions),
      credential: async () =>
        datadogAdminCredentialSchema.parse(JSON.parse(sim.adminCredentialJson)),
      http: http(),
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    for (const key of sim.activeKeys()) sim.revokeOutOfBand(key.id);
  });

  it("creates a key with the JSON:API body and both admin headers; no expiry is sent (Datadog keys never expire)", async () => {
    // Act
    const created = await adapter.createKey({ name: "rotated-a", ttlDays: 90 });

    // Assess
    const key = sim.activeKeys()[0];
    expect(created).toEqual({
      id: key?.id,
      name: "rotated-a",
      secret: key?.secret,
      createdAt: SIM_NOW,
    });
    const sent = sim.exchanges[0];
    expect(JSON.parse(sent?.requestBody ?? "")).toEqual({
      data: { type: "api_keys", attributes: { name: "rotated-a" } },
    });
    expect([
      sent?.requestHeaders["dd-api-key"],
      sent?.requestHeaders["dd-application-key"],
    ]).toEqual([sim.admin.apiKey, sim.admin.applicationKey]);
  });

  it("verifies with DD-API-KEY only, maps date_last_used to lastUsedAt, and revokes idempotently", async () => {
    // Prepare
    const created = await adapter.createKey({ name: "rotated-b", ttlDays: 0 });

    // Act
    const valid = await adapter.verifyKey(created.secret);
    const listed = await adapter.listKeys();
    const results = [await adapter.revokeKey(created.id), await adapter.revokeKey(created.id)];
    const rejected = await adapter.verifyKey(created.secret);

    // Assess
    expect(valid).toEqual({ outcome: "valid" });
    expect(listed).toEqual([
      { id: created.id, name: "rotated-b", createdAt: SIM_NOW, lastUsedAt: SIM_NOW },
    ]);
    expect(results).toEqual(["revoked", "already-gone"]);
    expect(rejected).toEqual({ outcome: "rejected", status: 403 });
    const verify = sim.exchanges.find((e) => e.operation === "verify");
    expect([
      verify?.requestHeaders["dd-api-key"],
      verify?.requestHeaders["dd-application-key"],
    ]).toEqual([created.secret, undefined]);
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
        "datadog refused a new key: the organization has reached its cap of API keys (API key limit reached: at most 3 API keys (max_allowed))",
    });
  });
});

describe("DatadogAdapter on answers the simulator does not give", () => {
  let server: ScriptedServer;
  let adapter: DatadogAdapter;
  const page = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      id: `id${from + i}`,
      type: "api_keys",
      attributes: {
        name: `k${from + i}`,
        created_at: "2024-01-02T03:04:05.000Z",
        date_last_used: null,
      },
    }));

  beforeAll(async () => {
    server = await startScriptedServer();
    adapter = new DatadogAdapter({
      options: datadogOptionsSchema.parse({ baseUrl: server.baseUrl }),
      credential: async () => admin,
      http: http(),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.script = [];
    server.received.length = 0;
  });

  it("pages until a short page, 100 keys at a time, oldest first", async () => {
    // Prepare
    server.script = [
      {
        status: 200,
        body: { data: page(100), meta: { max_allowed: 500, page: { total_filtered_count: 130 } } },
      },
      {
        status: 200,
        body: {
          data: page(30, 100),
          meta: { max_allowed: 500, page: { total_filtered_count: 130 } },
        },
      },
    ];

    // Act
    const keys = await adapter.listKeys();

    // Assess
    expect(keys).toHaveLength(130);
    expect(keys[129]).toEqual({ id: "id129", name: "k129", createdAt: "2024-01-02T03:04:05.000Z" });
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/v2/api_keys?page%5Bsize%5D=100&page%5Bnumber%5D=0&sort=created_at",
      "/api/v2/api_keys?page%5Bsize%5D=100&page%5Bnumber%5D=1&sort=created_at",
    ]);
  });

  it("decides a textless 400 on create by the organization's max_allowed, and leaves it a 400 below it", async () => {
    // Prepare
    server.script = [
      { status: 400, body: { errors: ["Bad Request"] } },
      { status: 200, body: { data: page(2), meta: { max_allowed: 2 } } },
      { status: 400, body: { errors: ["Bad Request"] } },
      { status: 200, body: { data: page(1), meta: { max_allowed: 2 } } },
    ];

    // Act
    const atCap = await adapter.createKey({ name: "n", ttlDays: 0 }).catch((e: Error) => e.name);
    const below = await adapter
      .createKey({ name: "n", ttlDays: 0 })
      .catch((e: Error) => `${e.name}: ${e.message}`);

    // Assess
    expect(atCap).toBe("VendorCapacityError");
    expect(below).toBe("VendorError: datadog createKey failed with HTTP 400: Bad Request");
  });

  it("fails clearly on a 201 without data.id and on a 200 validate that is not JSON", async () => {
    // Prepare
    server.script = [
      { status: 201, body: { data: { type: "api_keys", attributes: { key: "k".repeat(32) } } } },
      { status: 200, body: "<html>proxy</html>" },
    ];

    // Act
    const created = await adapter
      .createKey({ name: "n", ttlDays: 0 })
      .catch((e: Error) => e.message);
    const verified = await adapter.verifyKey("c".repeat(32)).catch((e: Error) => e.message);

    // Assess
    expect(created).toBe(
      "datadog createKey returned HTTP 201 without the documented fields (data.id)",
    );
    expect(verified).toBe("datadog verifyKey returned HTTP 200 with a body that is not JSON");
  });
});

describe("Datadog options and admin credential", () => {
  it("defaults to datadoghq.com, accepts the documented sites and names them when refusing another", () => {
    // Act
    const defaults = z.safeParse(datadogOptionsSchema, {});
    const eu = z.safeParse(datadogOptionsSchema, { site: "datadoghq.eu" });
    const bad = z.safeParse(datadogOptionsSchema, { site: "datadog.com" });

    // Assess
    expect([defaults.data, eu.data]).toEqual([{ site: "datadoghq.com" }, { site: "datadoghq.eu" }]);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "`site` must be one of datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, ap1.datadoghq.com, ap2.datadoghq.com, uk1.datadoghq.com, datadoghq.eu, ddog-gov.com, us2.ddog-gov.com",
    ]);
  });

  it("requires both keys of the admin pair, and the definition builds the adapter with Datadog's caps", () => {
    // Act
    const bad = z.safeParse(datadogAdminCredentialSchema, { apiKey: "short" });
    const adapter = datadogVendor.create(datadogOptionsSchema.parse({}), async () => admin);

    // Assess
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      "`apiKey` must be a Datadog API key (32 characters)",
      "`applicationKey` is required",
    ]);
    expect([adapter.vendor, adapter.maxActiveKeys, adapter.secretShownOnce]).toEqual([
      "datadog",
      50,
      false,
    ]);
  });
});
