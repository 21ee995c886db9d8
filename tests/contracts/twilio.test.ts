/**
 * Contract test: the requests the Twilio adapter sends (form-encoded bodies
 * included) and the answers the Twilio simulator gives, validated against the
 * Keys operations of twilio-oai's `twilio_api_v2010.json` (excerpt in
 * `specs/twilio.json`, source commit in its `x-source`).
 */
import { VendorHttp } from "../../lambdas/vendors/kit/transport";
import { TwilioAdapter } from "../../lambdas/vendors/twilio/twilioAdapter";
import { checkRequest, checkResponse } from "../../harness/simulators/shared/openApiCheck";
import type { SimExchange } from "../../harness/simulators/shared/simServer";
import {
  startTwilioSimulator,
  type TwilioSimulator,
} from "../../harness/simulators/twilio/twilioSimulator";
import spec from "./specs/twilio.json";

describe("Twilio adapter and simulator against Twilio's OpenAPI spec", () => {
  let sim: TwilioSimulator;
  let exchanges: SimExchange[];

  beforeAll(async () => {
    // Prepare: a full lifecycle through the adapter, with more keys than one list page.
    sim = await startTwilioSimulator({ maxActiveKeys: 2000 });
    const adapter = new TwilioAdapter({
      options: { accountSid: sim.account.accountSid, baseUrl: sim.baseUrl },
      credential: () => Promise.resolve({ authToken: sim.account.authToken }),
      http: new VendorHttp({ vendor: "twilio", baseDelayMs: 1 }),
    });
    const created = await adapter.createKey({
      name: "rotated-0123456789-7d3f0b8e-2f1a-4c59-9a7e-3b1f2c4d5e6f",
      ttlDays: 90,
    });
    for (let i = 0; i < 1000; i++) await adapter.createKey({ name: `bulk-${i}`, ttlDays: 0 });
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

  it("sends only requests the spec allows, FriendlyName within its documented 64 characters", () => {
    // Act
    const problems = exchanges.flatMap((e) => checkRequest(spec, e));
    const names = exchanges
      .filter((e) => e.operation === "create")
      .map((e) => new URLSearchParams(e.requestBody).get("FriendlyName") ?? "");

    // Assess
    expect(problems).toEqual([]);
    expect(names.filter((n) => n.length === 0 || n.length > 64)).toEqual([]);
  });

  it("gets only answers the spec documents", () => {
    // Act
    const problems = exchanges.flatMap((e) => checkResponse(spec, e));

    // Assess
    expect(problems).toEqual([]);
  });

  it("would catch a JSON body, a bad page size or a malformed key", () => {
    // Prepare
    const create = exchanges.find((e) => e.operation === "create");
    const list = exchanges.find((e) => e.operation === "list");
    if (create === undefined || list === undefined) throw new Error("both were exercised");
    const jsonCreate = {
      ...create,
      requestHeaders: { ...create.requestHeaders, "content-type": "application/json" },
    };
    const bigPage = { ...list, query: { PageSize: "5000" } };
    const badKey = {
      ...create,
      responseBody: JSON.stringify({ sid: "AK123", date_created: "2026-01-01T00:00:00Z" }),
    };

    const keys = `/2010-04-01/Accounts/${sim.account.accountSid}/Keys.json`;

    // Act / Assess
    expect(checkRequest(spec, jsonCreate)).toEqual([
      `POST ${keys}: request Content-Type is application/json, not application/x-www-form-urlencoded`,
    ]);
    expect(checkRequest(spec, bigPage)).toEqual([
      `GET ${keys} query PageSize: above the maximum 1000`,
    ]);
    expect(checkResponse(spec, badKey)).toEqual([
      `POST ${keys} → 201 body.sid: shorter than 34`,
      `POST ${keys} → 201 body.sid: does not match ^SK[0-9a-fA-F]{32}$`,
      `POST ${keys} → 201 body.date_created: "2026-01-01T00:00:00Z" is not an RFC 2822 date-time`,
    ]);
  });
});
