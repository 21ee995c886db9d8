import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { VendorError } from "../../../../lambdas/vendors/kit/errors";
import { VendorHttp, parseRetryAfter } from "../../../../lambdas/vendors/kit/transport";
import { freePort } from "../../../../harness/moto/motoLauncher";

describe("VendorHttp", () => {
  let server: Server;
  let baseUrl: string;
  let script: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      const next = script.shift() ?? { status: 200, body: "{}" };
      res.writeHead(next.status, next.headers);
      res.end(next.body ?? "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    hits = 0;
    script = [];
  });

  const http = new VendorHttp({ vendor: "acme", baseDelayMs: 1, maxAttempts: 3 });
  const get = () => ({ method: "GET" as const, url: `${baseUrl}/x` });

  it("retries an idempotent request on 5xx and returns the final answer", async () => {
    // Prepare
    script = [{ status: 503 }, { status: 502 }, { status: 200, body: "ok" }];

    // Act
    const res = await http.send("list", "idempotent", get);

    // Assess
    expect({ status: res.status, text: res.text, hits }).toEqual({
      status: 200,
      text: "ok",
      hits: 3,
    });
  });

  it("never retries an unsafe request on 5xx", async () => {
    // Prepare
    script = [{ status: 500 }, { status: 200 }];

    // Act
    const res = await http.send("create", "unsafe", get);

    // Assess
    expect({ status: res.status, hits }).toEqual({ status: 500, hits: 1 });
  });

  it("retries an unsafe request on 429, honouring Retry-After, and stops after maxAttempts", async () => {
    // Prepare
    script = [
      { status: 429, headers: { "retry-after": "0" } },
      { status: 429, headers: { "retry-after": "0" } },
      { status: 429, headers: { "retry-after": "0" } },
    ];

    // Act
    const res = await http.send("create", "unsafe", get);

    // Assess
    expect({ status: res.status, hits }).toEqual({ status: 429, hits: 3 });
  });

  it("refuses a response larger than the limit", async () => {
    // Prepare
    const small = new VendorHttp({ vendor: "acme", maxResponseBytes: 10 });
    script = [{ status: 200, body: "x".repeat(11) }];

    // Act / Assess
    await expect(small.send("list", "idempotent", get)).rejects.toMatchObject({
      name: "VendorResponseError",
      message: "acme list response unreadable: Error: body exceeds the 10-byte limit",
      context: { vendor: "acme", operation: "list", status: 200 },
    });
  });

  it("refuses plain http outside loopback without sending anything", async () => {
    // Act / Assess
    await expect(
      http.send("list", "idempotent", () => ({ method: "GET", url: "http://api.example.com/v1" })),
    ).rejects.toMatchObject({
      name: "VendorError",
      message: "acme list refused: vendor URLs must use https (got http://api.example.com)",
      retryable: false,
    });
    expect(hits).toBe(0);
  });

  it("reports a connection failure as retryable, naming the operation", async () => {
    // Prepare
    const closed = new VendorHttp({ vendor: "acme", maxAttempts: 1 });
    const port = await freePort();

    // Act
    const error = await closed
      .send("verify", "idempotent", () => ({ method: "GET", url: `http://127.0.0.1:${port}/x` }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).retryable).toBe(true);
    expect((error as Error).message).toMatch(
      /^acme verify got no response \(TypeError: fetch failed \(ECONNREFUSED\)\); the vendor may or may not have acted$/,
    );
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds, HTTP dates and X-RateLimit-Reset", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(
      parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now),
    ).toBe(5000);
    expect(parseRetryAfter(new Headers({ "x-ratelimit-reset": "2" }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({}), now)).toBeUndefined();
  });
});
