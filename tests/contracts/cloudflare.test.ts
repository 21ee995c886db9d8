import { readFileSync } from "node:fs";
import path from "node:path";
import { CloudflareAdapter } from "../../lambdas/vendors/cloudflare/cloudflareAdapter";
import {
  cloudflareAdminCredentialSchema,
  cloudflareOptionsSchema,
} from "../../lambdas/vendors/cloudflare/options";
import { VendorHttp } from "../../lambdas/vendors/kit/transport";
import {
  startCloudflareSimulator,
  type CloudflareSimulator,
} from "../../harness/simulators/cloudflare/cloudflareSimulator";
import { checkExchange, type Spec } from "../../harness/simulators/shared/openApiCheck";

/** cloudflare/cloudflare-typescript user-token types as OpenAPI (see the file's `x-source`). */
const spec = JSON.parse(
  readFileSync(path.join(__dirname, "specs", "cloudflare.json"), "utf8"),
) as Spec;

describe("Cloudflare contract: what the adapter sends and the simulator answers, against the SDK's spec types", () => {
  let sim: CloudflareSimulator;
  const adapterWith = (apiToken: string) =>
    new CloudflareAdapter({
      options: cloudflareOptionsSchema.parse(sim.vendorOptions),
      credential: async () => cloudflareAdminCredentialSchema.parse({ apiToken }),
      http: new VendorHttp({ vendor: "cloudflare", baseDelayMs: 1, maxRetryAfterMs: 0 }),
    });
  const problems = (options = {}) => sim.exchanges.flatMap((e) => checkExchange(spec, e, options));
  const summary = () => sim.exchanges.map((e) => `${e.method} ${e.operation} ${e.status}`);

  beforeAll(async () => {
    sim = await startCloudflareSimulator({ maxActiveKeys: 60 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it("conforms over a token's whole life: create with expiry, list, verify (good and bad), delete, delete again, get", async () => {
    // Prepare
    const adapter = adapterWith(sim.adminToken);

    // Act
    const created = await adapter.createKey({ name: "contract-life", ttlDays: 30 });
    await adapter.listKeys();
    await adapter.verifyKey(created.secret);
    await adapter.verifyKey("not-a-token-of-this-user-0000000000000");
    await fetch(`${sim.baseUrl}/client/v4/user/tokens/${created.id}`, {
      headers: { authorization: `Bearer ${sim.adminToken}` },
    });
    await adapter.revokeKey(created.id);
    await adapter.revokeKey(created.id);

    // Assess
    expect(summary()).toEqual([
      "POST create 200",
      "GET list 200",
      "GET verify 200",
      "GET verify 401",
      "GET get 200",
      "DELETE delete 200",
      "DELETE delete 404",
    ]);
    const sent = JSON.parse(sim.exchanges[0]?.requestBody ?? "") as Record<string, unknown>;
    expect(Object.keys(sent)).toEqual(["name", "policies", "expires_on"]);
    expect(problems()).toEqual([]);
  });

  it("conforms while paging through 55 tokens (per_page=50, pages 1 and 2)", async () => {
    // Prepare
    const adapter = adapterWith(sim.adminToken);
    for (let i = 0; i < 55; i++)
      await adapter.createKey({ name: `contract-page-${i}`, ttlDays: 0 });
    sim.reset();

    // Act
    const listed = await adapter.listKeys();

    // Assess
    expect(listed).toHaveLength(55);
    expect(sim.exchanges.map((e) => e.query)).toEqual([
      { page: "1", per_page: "50", include_expired: "true" },
      { page: "2", per_page: "50", include_expired: "true" },
    ]);
    expect(problems()).toEqual([]);
    for (const key of sim.activeKeys()) sim.revokeOutOfBand(key.id);
  });

  it("conforms on the refusals: the cap, a bad admin token (401), a 429 with Retry-After; 5xx is undeclared", async () => {
    // Prepare
    const adapter = adapterWith(sim.adminToken);
    sim.faults.maxActiveKeys = 0;

    // Act
    const capped = await adapter
      .createKey({ name: "contract-cap", ttlDays: 0 })
      .catch((e: Error) => e.name);
    const unauthorized = await adapterWith("wrong-token-0000000000000000000000000000")
      .listKeys()
      .catch((e: Error) => e.name);
    sim.faults.failNext("list", 1, 429, { retryAfterSeconds: 0 });
    sim.faults.failNext("verify", 1, 502);
    await adapter.listKeys();
    await adapter.verifyKey("not-a-token-of-this-user-0000000000000");

    // Assess
    expect([capped, unauthorized]).toEqual(["VendorCapacityError", "VendorAuthError"]);
    expect(summary()).toEqual([
      "POST create 400",
      "GET list 401",
      "GET list 429",
      "GET list 200",
      "GET verify 502",
      "GET verify 401",
    ]);
    expect(sim.exchanges[2]?.responseHeaders["Retry-After"]).toBe("0");
    expect(problems({ undeclaredStatusesAllowed: [500, 502, 503] })).toEqual([]);
  });

  it("conforms when listing an expired token, which the simulator shows only with include_expired=true", async () => {
    // Prepare: a token that expired a day ago
    let clock = Date.parse("2025-03-04T00:00:00Z");
    const expiring = await startCloudflareSimulator({ now: () => clock });
    const adapter = new CloudflareAdapter({
      options: cloudflareOptionsSchema.parse(expiring.vendorOptions),
      credential: async () =>
        cloudflareAdminCredentialSchema.parse({ apiToken: expiring.adminToken }),
      http: new VendorHttp({ vendor: "cloudflare", baseDelayMs: 1, maxRetryAfterMs: 0 }),
      now: () => new Date(clock),
    });
    const created = await adapter.createKey({ name: "contract-expired", ttlDays: 1 });
    clock += 2 * 86_400_000;
    const list = (query: string) =>
      fetch(`${expiring.baseUrl}/client/v4/user/tokens${query}`, {
        headers: { authorization: `Bearer ${expiring.adminToken}` },
      }).then(
        async (r) => ((await r.json()) as { result: Array<{ id: string; status: string }> }).result,
      );

    // Act
    const listed = await adapter.listKeys();
    const plain = await list("");
    const asked = await list("?include_expired=true");
    await expiring.close();

    // Assess
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect([plain, asked.map((t) => [t.id, t.status])]).toEqual([[], [[created.id, "expired"]]]);
    expect(expiring.exchanges.flatMap((e) => checkExchange(spec, e))).toEqual([]);
  });

  it("the check really validates: a policy without effect, a token with a bad status and an error without code fail it", async () => {
    // Prepare
    await adapterWith(sim.adminToken).listKeys();
    const list = sim.exchanges[0];
    if (list === undefined) throw new Error("no exchange captured");
    const policies = [{ permission_groups: [{ id: "g" }], resources: { r: "*" } }];
    const create = {
      ...list,
      method: "POST",
      query: {},
      requestHeaders: { ...list.requestHeaders, "content-type": "application/json" },
      requestBody: JSON.stringify({ name: "n", policies }),
    };
    const tokenList = JSON.stringify({
      success: true,
      errors: [],
      messages: [],
      result: [{ id: "t", status: "revoked" }],
    });
    const error = JSON.stringify({
      success: false,
      errors: [{ message: "no code" }],
      messages: [],
      result: null,
    });

    // Act
    const found = [
      ...checkExchange(spec, {
        ...create,
        responseBody: JSON.stringify({ success: true, errors: [], messages: [], result: {} }),
      }),
      ...checkExchange(spec, { ...list, responseBody: tokenList }),
      ...checkExchange(spec, { ...list, status: 403, responseBody: error }),
    ];

    // Assess
    expect(found).toEqual([
      "POST /client/v4/user/tokens request body.policies[0]: required property effect is missing",
      'GET /client/v4/user/tokens → 200 body.result[0].status: "revoked" is not one of ["active","disabled","expired"]',
      "GET /client/v4/user/tokens → 403 body.errors[0]: required property code is missing",
    ]);
  });
});
