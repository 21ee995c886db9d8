import { readFileSync } from "node:fs";
import path from "node:path";
import { DatadogAdapter } from "../../lambdas/vendors/datadog/datadogAdapter";
import {
  datadogAdminCredentialSchema,
  datadogOptionsSchema,
} from "../../lambdas/vendors/datadog/options";
import { VendorHttp } from "../../lambdas/vendors/kit/transport";
import {
  startDatadogSimulator,
  type DatadogSimulator,
} from "../../harness/simulators/datadog/datadogSimulator";
import { checkExchange, type Spec } from "../../harness/simulators/shared/openApiCheck";

/** DataDog/datadog-api-client-typescript openapi.yaml excerpts (see the file's `x-source`). */
const spec = JSON.parse(
  readFileSync(path.join(__dirname, "specs", "datadog.json"), "utf8"),
) as Spec;

describe("Datadog contract: what the adapter sends and the simulator answers, against the published spec", () => {
  let sim: DatadogSimulator;
  const adapterWith = (credential: { apiKey: string; applicationKey: string }) =>
    new DatadogAdapter({
      options: datadogOptionsSchema.parse(sim.vendorOptions),
      credential: async () => datadogAdminCredentialSchema.parse(credential),
      http: new VendorHttp({ vendor: "datadog", baseDelayMs: 1, maxRetryAfterMs: 0 }),
    });
  const problems = (options = {}) => sim.exchanges.flatMap((e) => checkExchange(spec, e, options));
  const summary = () => sim.exchanges.map((e) => `${e.method} ${e.operation} ${e.status}`);

  beforeAll(async () => {
    sim = await startDatadogSimulator({ maxActiveKeys: 150 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it("conforms over a key's whole life: create, list, validate (good and bad key), delete, delete again, get", async () => {
    // Prepare
    const adapter = adapterWith(sim.admin);

    // Act
    const created = await adapter.createKey({ name: "contract-life", ttlDays: 90 });
    await adapter.verifyKey(created.secret);
    await adapter.verifyKey("0".repeat(32));
    const listed = await adapter.listKeys();
    await fetch(`${sim.baseUrl}/api/v2/api_keys/${created.id}`, {
      headers: { "dd-api-key": sim.admin.apiKey, "dd-application-key": sim.admin.applicationKey },
    });
    await adapter.revokeKey(created.id);
    await adapter.revokeKey(created.id);

    // Assess
    expect(listed.map((k) => [k.id, typeof k.lastUsedAt])).toEqual([[created.id, "string"]]);
    expect(summary()).toEqual([
      "POST create 201",
      "GET verify 200",
      "GET verify 403",
      "GET list 200",
      "GET get 200",
      "DELETE delete 204",
      "DELETE delete 404",
    ]);
    expect(JSON.parse(sim.exchanges[0]?.requestBody ?? "")).toEqual({
      data: { type: "api_keys", attributes: { name: "contract-life" } },
    });
    expect(problems()).toEqual([]);
  });

  it("conforms while paging through 120 keys (page[size]=100, page[number] 0 and 1)", async () => {
    // Prepare
    const adapter = adapterWith(sim.admin);
    for (let i = 0; i < 120; i++)
      await adapter.createKey({ name: `contract-page-${i}`, ttlDays: 0 });
    sim.reset();

    // Act
    const listed = await adapter.listKeys();

    // Assess
    expect(listed).toHaveLength(120);
    expect(sim.exchanges.map((e) => e.query)).toEqual([
      { "page[size]": "100", "page[number]": "0", sort: "created_at" },
      { "page[size]": "100", "page[number]": "1", sort: "created_at" },
    ]);
    expect(problems()).toEqual([]);
    for (const key of sim.activeKeys()) sim.revokeOutOfBand(key.id);
  });

  it("conforms on the documented refusals: the cap (400), a bad admin pair (403), and injected faults", async () => {
    // Prepare
    const adapter = adapterWith(sim.admin);
    sim.faults.maxActiveKeys = 0;

    // Act
    const capped = await adapter
      .createKey({ name: "contract-cap", ttlDays: 0 })
      .catch((e: Error) => e.name);
    const forbidden = await adapterWith({ apiKey: "0".repeat(32), applicationKey: "1".repeat(40) })
      .listKeys()
      .catch((e: Error) => e.name);
    sim.faults.failNext("list", 1, 429, { retryAfterSeconds: 0 });
    sim.faults.failNext("verify", 1, 500);
    await adapter.listKeys();
    await adapter.verifyKey("0".repeat(32));

    // Assess
    expect([capped, forbidden]).toEqual(["VendorCapacityError", "VendorAuthError"]);
    expect(summary()).toEqual([
      "POST create 400",
      "GET list 403",
      "GET list 429",
      "GET list 200",
      "GET verify 500",
      "GET verify 403",
    ]);
    expect(sim.exchanges[2]?.responseHeaders["X-RateLimit-Reset"]).toBe("0");
    expect(problems({ undeclaredStatusesAllowed: [500, 502, 503] })).toEqual([]);
  });

  it("the check really validates: a key without its JSON:API type, an unknown query and no DD-APPLICATION-KEY fail it", async () => {
    // Prepare
    await adapterWith(sim.admin).listKeys();
    const list = sim.exchanges[0];
    if (list === undefined) throw new Error("no exchange captured");
    const badBody = JSON.stringify({
      data: [{ id: "k", type: "keys", attributes: { last4: "abc" } }],
    });
    const { "dd-application-key": _dropped, ...apiKeyOnly } = list.requestHeaders;

    // Act
    const found = [
      ...checkExchange(spec, { ...list, responseBody: badBody }),
      ...checkExchange(spec, { ...list, query: { page_size: "100" } }),
      ...checkExchange(spec, { ...list, requestHeaders: apiKeyOnly }),
    ];

    // Assess
    expect(found).toEqual([
      'GET /api/v2/api_keys → 200 body.data[0].type: "keys" is not one of ["api_keys"]',
      "GET /api/v2/api_keys → 200 body.data[0].attributes.last4: shorter than 4",
      "GET /api/v2/api_keys: query parameter page_size is not in the spec",
      "GET /api/v2/api_keys: no security requirement of the spec is met by the request headers",
    ]);
  });
});
