/**
 * Contract test: the requests the OpenAI adapter sends and the answers the
 * OpenAI simulator gives, validated against the admin-api-keys operations of
 * OpenAI's OpenAPI spec (excerpt in `specs/openai.json`; its `x-source` says
 * where each shape comes from).
 */
import { VendorHttp } from "../../lambdas/vendors/kit/transport";
import { OpenAiAdapter } from "../../lambdas/vendors/openai/openAiAdapter";
import { checkRequest, checkResponse } from "../../harness/simulators/shared/openApiCheck";
import type { SimExchange } from "../../harness/simulators/shared/simServer";
import {
  startOpenAiSimulator,
  type OpenAiSimulator,
} from "../../harness/simulators/openai/openAiSimulator";
import spec from "./specs/openai.json";

const KEYS = "/v1/organization/admin_api_keys";

describe("OpenAI adapter and simulator against OpenAI's OpenAPI spec", () => {
  let sim: OpenAiSimulator;
  let exchanges: SimExchange[];

  beforeAll(async () => {
    // Prepare: a full lifecycle through the adapter, with more keys than one list page.
    sim = await startOpenAiSimulator({ maxActiveKeys: 1000 });
    const adapter = new OpenAiAdapter({
      options: { baseUrl: sim.baseUrl },
      credential: () => Promise.resolve({ adminApiKey: sim.adminApiKey }),
      http: new VendorHttp({ vendor: "openai", baseDelayMs: 1 }),
    });
    const created = await adapter.createKey({ name: "contract-1", ttlDays: 90 });
    await adapter.createKey({ name: "contract-2", ttlDays: 0 });
    for (let i = 0; i < 100; i++)
      await adapter.createKey({ name: `contract-bulk-${i}`, ttlDays: 1 });
    await adapter.verifyKey(created.secret);
    await adapter.listKeys();
    await adapter.revokeKey(created.id);
    exchanges = [...sim.exchanges];
  });
  afterAll(() => sim.close());

  it("exercised every operation of the excerpt", () => {
    // Assess
    const hit = new Set(exchanges.map((e) => `${e.method} ${e.operation}`));
    expect([...hit].sort()).toEqual(["DELETE delete", "GET list", "GET verify", "POST create"]);
    expect(exchanges.filter((e) => e.operation === "list")).toHaveLength(2);
  });

  it("sends only requests the spec allows", () => {
    // Act
    const problems = exchanges.flatMap((e) => checkRequest(spec, e));

    // Assess
    expect(problems).toEqual([]);
  });

  it("gets only answers the spec documents", () => {
    // Act
    const problems = exchanges.flatMap((e) => checkResponse(spec, e));

    // Assess
    expect(problems).toEqual([]);
  });

  it("would catch a request or answer that breaks the spec", () => {
    // Prepare
    const create = exchanges.find((e) => e.operation === "create");
    const list = exchanges.find((e) => e.operation === "list");
    if (create === undefined || list === undefined) throw new Error("both were exercised");
    const badRequest = { ...create, requestBody: JSON.stringify({ name: 7, expires_in: 10 }) };
    const badAnswer = {
      ...list,
      responseBody: JSON.stringify({ object: "list", data: [{ id: "key_1" }], has_more: "no" }),
    };

    // Act / Assess
    expect(checkRequest(spec, badRequest)).toEqual([
      `POST ${KEYS} request body.name: expected string, got integer`,
      `POST ${KEYS} request body: property expires_in is not allowed`,
    ]);
    expect(checkResponse(spec, badAnswer)).toEqual([
      `GET ${KEYS} → 200 body.data[0]: required property object is missing`,
      `GET ${KEYS} → 200 body.data[0]: required property redacted_value is missing`,
      `GET ${KEYS} → 200 body.data[0]: required property created_at is missing`,
      `GET ${KEYS} → 200 body.data[0]: required property expires_at is missing`,
      `GET ${KEYS} → 200 body.data[0]: required property owner is missing`,
      `GET ${KEYS} → 200 body.has_more: expected boolean, got string`,
    ]);
  });
});
