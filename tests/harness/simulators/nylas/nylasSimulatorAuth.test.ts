import { generateKeyPairSync, sign } from "node:crypto";
import {
  startNylasSimulator,
  type NylasSimulator,
} from "../../../../harness/simulators/nylas/nylasSimulator";
import {
  adminRequest,
  keysPath,
  send,
  type AdminRequestOptions,
} from "../../../../harness/simulators/nylas/simulatorTestClient";

const REQUEST_ID = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe("Nylas simulator: service-account authentication", () => {
  let sim: NylasSimulator;

  beforeAll(async () => {
    sim = await startNylasSimulator();
  });

  afterAll(async () => {
    await sim.close();
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  const otherPem = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  const body = { name: "k" };
  const cases: Array<[string, () => AdminRequestOptions, string]> = [
    [
      "without X-Nylas-Kid",
      () => ({ body, omitHeaders: ["X-Nylas-Kid"] }),
      "Missing service account header(s): X-Nylas-Kid",
    ],
    [
      "without X-Nylas-Nonce",
      () => ({ body, omitHeaders: ["X-Nylas-Nonce"] }),
      "Missing service account header(s): X-Nylas-Nonce",
    ],
    [
      "without X-Nylas-Timestamp",
      () => ({ body, omitHeaders: ["X-Nylas-Timestamp"] }),
      "Missing service account header(s): X-Nylas-Timestamp",
    ],
    [
      "without X-Nylas-Signature",
      () => ({ body, omitHeaders: ["X-Nylas-Signature"] }),
      "Missing service account header(s): X-Nylas-Signature",
    ],
    [
      "with an unknown kid",
      () => ({ body, extraHeaders: { "X-Nylas-Kid": "someone-else" } }),
      "Unknown service account key (X-Nylas-Kid)",
    ],
    [
      "signed by another private key",
      () => ({
        body,
        key: { privateKeyPem: otherPem, privateKeyId: sim.serviceAccount.privateKeyId },
      }),
      "Invalid request signature",
    ],
    [
      "signed for another path",
      () => ({ body, signedPath: "/v3/admin/applications/x/api-keys" }),
      "Invalid request signature",
    ],
    [
      "timestamped 310 s ago",
      () => ({ body, nowSeconds: now() - 310 }),
      "X-Nylas-Timestamp is outside the allowed 5-minute window",
    ],
    [
      "timestamped 310 s ahead",
      () => ({ body, nowSeconds: now() + 310 }),
      "X-Nylas-Timestamp is outside the allowed 5-minute window",
    ],
    [
      "timestamped in milliseconds",
      () => ({ body, nowSeconds: Date.now() }),
      "X-Nylas-Timestamp must be a Unix timestamp in seconds",
    ],
    [
      "with a nonce that is not 20 alphanumerics",
      () => ({ body, extraHeaders: { "X-Nylas-Nonce": "short" } }),
      "X-Nylas-Nonce must be 20 alphanumeric characters",
    ],
    [
      "whose body is not canonical",
      () => ({ body, rawBody: '{"name": "k"}' }),
      "Request body is not canonical JSON (sorted keys, no whitespace)",
    ],
    [
      "whose body is not the signed payload",
      () => ({ body, rawBody: '{"name":"other"}' }),
      "Invalid request signature",
    ],
  ];

  it.each(cases)(
    "refuses a create %s with 401 and creates nothing",
    async (_label, options, message) => {
      // Act
      const response = await adminRequest(sim, "POST", keysPath(sim), options());

      // Assess
      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        request_id: REQUEST_ID,
        error: { type: "unauthorized", message },
      });
      expect(sim.keys()).toEqual([]);
    },
  );

  it("refuses a signature whose envelope path includes the query string", async () => {
    // Prepare
    const path = keysPath(sim);
    const nonce = "QueryInPath000000001";
    const timestamp = now();
    const envelope = `{"method":"get","nonce":"${nonce}","path":"${path}?limit=5","timestamp":${timestamp}}`;
    const signature = sign(
      "sha256",
      Buffer.from(envelope),
      sim.serviceAccount.privateKeyPem,
    ).toString("base64");
    const headers = {
      "X-Nylas-Kid": sim.serviceAccount.privateKeyId,
      "X-Nylas-Nonce": nonce,
      "X-Nylas-Timestamp": String(timestamp),
      "X-Nylas-Signature": signature,
    };

    // Act
    const response = await send(`${sim.baseUrl}${path}?limit=5`, { method: "GET", headers });

    // Assess
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "unauthorized", message: "Invalid request signature" },
    });
  });

  it("accepts timestamps within 300 s and a query string that is not signed", async () => {
    // Act
    const behind = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: now() - 299 });
    const ahead = await adminRequest(sim, "GET", keysPath(sim), { nowSeconds: now() + 299 });
    const withQuery = await adminRequest(sim, "GET", keysPath(sim), { query: "?limit=5" });

    // Assess
    expect([behind.status, ahead.status, withQuery.status]).toEqual([200, 200, 200]);
  });

  it("refuses a reused nonce", async () => {
    // Prepare
    const nonce = "ReusedNonce000000001";

    // Act
    const first = await adminRequest(sim, "GET", keysPath(sim), { nonce });
    const second = await adminRequest(sim, "GET", keysPath(sim), { nonce });

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect(second.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "unauthorized", message: "X-Nylas-Nonce has already been used" },
    });
  });

  it("refuses an API key in place of a service-account signature, and a body that is not JSON", async () => {
    // Prepare
    const seeded = sim.seedKey("bearer");

    // Act
    const bearer = await send(`${sim.baseUrl}${keysPath(sim)}`, {
      method: "GET",
      headers: { Authorization: `Bearer ${seeded.secret}` },
    });
    const notJson = await adminRequest(sim, "POST", keysPath(sim), { body, rawBody: "name=k" });

    // Assess
    expect(bearer.status).toBe(401);
    expect(bearer.json).toEqual({
      request_id: REQUEST_ID,
      error: {
        type: "unauthorized",
        message:
          "Missing service account header(s): X-Nylas-Kid, X-Nylas-Nonce, X-Nylas-Timestamp, X-Nylas-Signature",
      },
    });
    expect(bearer.text).not.toContain(seeded.secret);
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({
      request_id: REQUEST_ID,
      error: { type: "invalid_request_error", message: "Invalid JSON payload format." },
    });
  });
});
