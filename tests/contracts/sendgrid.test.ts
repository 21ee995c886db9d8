import { readFileSync } from "node:fs";
import path from "node:path";
import { VendorHttp } from "../../lambdas/vendors/kit/transport";
import {
  sendgridAdminCredentialSchema,
  sendgridOptionsSchema,
} from "../../lambdas/vendors/sendgrid/options";
import { SendGridAdapter } from "../../lambdas/vendors/sendgrid/sendgridAdapter";
import { checkExchange, type Spec } from "../../harness/simulators/shared/openApiCheck";
import {
  startSendGridSimulator,
  type SendGridSimulator,
} from "../../harness/simulators/sendgrid/sendgridSimulator";

/** twilio/sendgrid-oai excerpts (see the file's `x-source`). */
const spec = JSON.parse(
  readFileSync(path.join(__dirname, "specs", "sendgrid.json"), "utf8"),
) as Spec;

describe("SendGrid contract: what the adapter sends and the simulator answers, against the published spec", () => {
  let sim: SendGridSimulator;
  const adapterWith = (apiKey: string) =>
    new SendGridAdapter({
      options: sendgridOptionsSchema.parse({ ...sim.vendorOptions, scopes: ["mail.send"] }),
      credential: async () => sendgridAdminCredentialSchema.parse({ apiKey }),
      http: new VendorHttp({ vendor: "sendgrid", baseDelayMs: 1, maxRetryAfterMs: 0 }),
    });
  const problems = (options = {}) => sim.exchanges.flatMap((e) => checkExchange(spec, e, options));
  const summary = () => sim.exchanges.map((e) => `${e.method} ${e.operation} ${e.status}`);

  beforeAll(async () => {
    sim = await startSendGridSimulator({ maxActiveKeys: 2 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it("conforms over a key's whole life: create, list, verify (good and bad key), delete, delete again", async () => {
    // Prepare
    const adapter = adapterWith(sim.adminKey);

    // Act
    const created = await adapter.createKey({ name: "contract-life", ttlDays: 90 });
    await adapter.listKeys();
    await adapter.verifyKey(created.secret);
    await adapter.verifyKey("SG.unknown.secret");
    await adapter.revokeKey(created.id);
    await adapter.revokeKey(created.id);
    const get = await fetch(`${sim.baseUrl}/v3/api_keys/${created.id}`, {
      headers: { authorization: `Bearer ${sim.adminKey}` },
    });

    // Assess
    expect(get.status).toBe(404);
    expect(summary()).toEqual([
      "POST create 201",
      "GET list 200",
      "GET verify 200",
      "GET verify 401",
      "DELETE delete 204",
      "DELETE delete 404",
      "GET get 404",
    ]);
    expect(JSON.parse(sim.exchanges[0]?.requestBody ?? "")).toEqual({
      name: "contract-life",
      scopes: ["mail.send"],
    });
    expect(problems()).toEqual([]);
  });

  it("conforms on the documented refusals: the cap (403), a bad admin key (401), and get of a live key", async () => {
    // Prepare
    const adapter = adapterWith(sim.adminKey);
    const first = await adapter.createKey({ name: "contract-cap-1", ttlDays: 0 });
    await adapter.createKey({ name: "contract-cap-2", ttlDays: 0 });

    // Act
    const capped = await adapter
      .createKey({ name: "contract-cap-3", ttlDays: 0 })
      .catch((e: Error) => e.name);
    const unauthorized = await adapterWith("SG.wrong.key")
      .listKeys()
      .catch((e: Error) => e.name);
    await fetch(`${sim.baseUrl}/v3/api_keys/${first.id}`, {
      headers: { authorization: `Bearer ${sim.adminKey}` },
    });

    // Assess
    expect([capped, unauthorized]).toEqual(["VendorCapacityError", "VendorAuthError"]);
    expect(summary()).toEqual([
      "POST create 201",
      "POST create 201",
      "POST create 403",
      "GET list 401",
      "GET get 200",
    ]);
    expect(problems()).toEqual([]);
    for (const key of sim.activeKeys()) sim.revokeOutOfBand(key.id);
  });

  it("conforms on injected faults wherever the spec declares their status (it declares no 429, 502 or 503)", async () => {
    // Prepare
    const adapter = adapterWith(sim.adminKey);
    sim.faults.failNext("create", 1, 500);
    sim.faults.failNext("list", 1, 429, { retryAfterSeconds: 0 });
    sim.faults.failNext("verify", 1, 503);

    // Act
    await adapter.createKey({ name: "contract-faults", ttlDays: 0 }).catch(() => undefined);
    await adapter.listKeys();
    await adapter.verifyKey("SG.unknown.secret");

    // Assess
    expect(summary()).toEqual([
      "POST create 500",
      "GET list 429",
      "GET list 200",
      "GET verify 503",
      "GET verify 401",
    ]);
    expect(sim.exchanges[1]?.responseHeaders["X-RateLimit-Remaining"]).toBe("0");
    expect(problems({ undeclaredStatusesAllowed: [429, 502, 503] })).toEqual([]);
  });

  it("the check really validates: a create answer with a numeric id and no body on a list fail it", async () => {
    // Prepare
    await adapterWith(sim.adminKey).listKeys();
    const list = sim.exchanges[0];
    if (list === undefined) throw new Error("no exchange captured");
    const create = {
      ...list,
      method: "POST",
      query: {},
      status: 201,
      requestBody: "{}",
      responseBody: '{"api_key_id":7}',
    };

    // Act
    const found = [
      ...checkExchange(spec, {
        ...create,
        requestHeaders: { ...create.requestHeaders, "content-type": "application/json" },
      }),
      ...checkExchange(spec, { ...list, status: 200, responseBody: "" }),
      ...checkExchange(spec, { ...list, requestHeaders: {} }),
    ];

    // Assess
    expect(found).toEqual([
      "POST /v3/api_keys request body: required property name is missing",
      "POST /v3/api_keys → 201 body.api_key_id: expected string, got integer",
      "GET /v3/api_keys → 200: response body is not JSON",
      "GET /v3/api_keys: no security requirement of the spec is met by the request headers",
    ]);
  });
});
