import { VendorDeadlineError } from "../../../../lambdas/vendors/kit/errors";
import { runWithDeadline } from "../../../../lambdas/contract/deadline";
import { CloudflareAdapter } from "../../../../lambdas/vendors/cloudflare/cloudflareAdapter";
import { cloudflareOptionsSchema } from "../../../../lambdas/vendors/cloudflare/options";
import { VendorHttp, type VendorRequest } from "../../../../lambdas/vendors/kit/transport";
import { SIM_POLICIES } from "../../../../harness/simulators/cloudflare/cloudflareSimulator";
import { startTestServer, type TestServer } from "./testServer";

/** How late after the deadline a call cut by it may end (timer and socket teardown). */
const TIMER_SLACK_MS = 150;

describe("VendorHttp within the Lambda's deadline", () => {
  let server: TestServer;
  const get = (): VendorRequest => ({ method: "GET", url: `${server.baseUrl}/v1/keys` });
  const post = (): VendorRequest => ({ method: "POST", url: `${server.baseUrl}/v1/keys` });
  /** Settles `call` within a deadline `inMs` from now; returns the error and when it ended. */
  const within = async (inMs: number, call: () => Promise<unknown>) => {
    const deadline = Date.now() + inMs;
    const error = await runWithDeadline(deadline, call).catch((e: unknown) => e);
    return { error, endedAfterDeadlineMs: Date.now() - deadline };
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    jest.restoreAllMocks();
  });

  it("cuts a hung create at the deadline instead of its 10 s timeout, and reports its outcome as unknown", async () => {
    // Prepare
    server.handler = () => ({ status: 200, hang: true });
    const http = new VendorHttp({ vendor: "acme" });

    // Act
    const { error, endedAfterDeadlineMs } = await within(400, () =>
      http.send("createKey", "unsafe", post),
    );

    // Assess
    expect(error).toBeInstanceOf(VendorDeadlineError);
    expect(error).toMatchObject({
      name: "VendorDeadlineError",
      message:
        "acme createKey got no response before the Lambda's deadline (1 attempt); the vendor may or may not have acted",
      context: { vendor: "acme", operation: "createKey" },
      retryable: true,
      outcomeUnknown: true,
      attempts: 1,
    });
    expect(endedAfterDeadlineMs).toBeLessThan(TIMER_SLACK_MS);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry an idempotent call cut by the deadline", async () => {
    // Prepare
    server.handler = () => ({ status: 200, hang: true });
    const http = new VendorHttp({ vendor: "acme", baseDelayMs: 1 });

    // Act
    const { error, endedAfterDeadlineMs } = await within(300, () =>
      http.send("listKeys", "idempotent", get),
    );

    // Assess
    expect((error as Error).message).toBe(
      "acme listKeys got no response before the Lambda's deadline (1 attempt); the vendor may or may not have acted",
    );
    expect(endedAfterDeadlineMs).toBeLessThan(TIMER_SLACK_MS);
    expect(server.requests).toHaveLength(1);
  });

  it("never starts a Retry-After wait that would end past the deadline: stops at once with the typed error", async () => {
    // Prepare
    server.handler = () => ({ status: 503, headers: { "retry-after": "20" } });
    const http = new VendorHttp({ vendor: "acme" });

    // Act
    const { error, endedAfterDeadlineMs } = await within(2_000, () =>
      http.send("verifyKey", "idempotent", get),
    );

    // Assess
    expect(error).toMatchObject({
      name: "VendorDeadlineError",
      message:
        "acme verifyKey stopped: the Lambda's deadline leaves no time for another attempt (1 attempt, last: HTTP 503)",
      retryable: false,
      outcomeUnknown: false,
      attempts: 1,
    });
    expect(endedAfterDeadlineMs).toBeLessThan(-1_000);
    expect(server.requests).toHaveLength(1);
  });

  it("never starts a backoff wait that would end past the deadline", async () => {
    // Prepare: waits are 200 ms then 400 ms at most; jitter pinned to its ceiling
    jest.spyOn(Math, "random").mockReturnValue(1);
    server.handler = () => ({ status: 503 });
    const http = new VendorHttp({ vendor: "acme", baseDelayMs: 200, maxAttempts: 10 });

    // Act
    const { error, endedAfterDeadlineMs } = await within(700, () =>
      http.send("listKeys", "idempotent", get),
    );

    // Assess
    expect((error as Error).message).toBe(
      "acme listKeys stopped: the Lambda's deadline leaves no time for another attempt (2 attempts, last: HTTP 503)",
    );
    expect(endedAfterDeadlineMs).toBeLessThan(0);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a 429 create while there is time, then stops without a further attempt", async () => {
    // Prepare
    server.handler = () => ({ status: 429, headers: { "retry-after": "0.3" } });
    const http = new VendorHttp({ vendor: "acme", maxAttempts: 10 });

    // Act
    const { error, endedAfterDeadlineMs } = await within(800, () =>
      http.send("createKey", "unsafe", post),
    );

    // Assess
    expect(error).toMatchObject({
      message:
        "acme createKey stopped: the Lambda's deadline leaves no time for another attempt (2 attempts, last: HTTP 429)",
      retryable: false,
    });
    expect(endedAfterDeadlineMs).toBeLessThan(0);
    expect(server.requests).toHaveLength(2);
  });

  it("sends nothing when the deadline leaves no time for an attempt", async () => {
    // Prepare
    const http = new VendorHttp({ vendor: "acme" });

    // Act
    const { error } = await within(100, () => http.send("revokeKey", "idempotent", get));

    // Assess
    expect(error).toMatchObject({
      name: "VendorDeadlineError",
      message:
        "acme revokeKey stopped: the Lambda's deadline leaves no time for an attempt (0 attempts)",
      retryable: false,
      attempts: 0,
    });
    expect(server.requests).toHaveLength(0);
  });

  it("keeps its own timeout when the deadline is further away", async () => {
    // Prepare
    server.handler = () => ({ status: 200, hang: true });
    const http = new VendorHttp({ vendor: "acme", timeoutMs: 200, maxAttempts: 1 });

    // Act
    const { error } = await within(5_000, () => http.send("listKeys", "idempotent", get));

    // Assess
    expect(error).toMatchObject({
      name: "VendorError",
      retryable: true,
      message:
        "acme listKeys got no response (TimeoutError: The operation was aborted due to timeout); the vendor may or may not have acted",
    });
  });

  it("ends a paged listing at the deadline when a later page hangs", async () => {
    // Prepare
    const page = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `t${i}`, name: `k${i}`, status: "active" }));
    server.handler = (request) =>
      request.url.includes("page=1&")
        ? {
            status: 200,
            body: {
              success: true,
              errors: [],
              messages: [],
              result: page(50),
              result_info: { page: 1, per_page: 50, total_pages: 3 },
            },
          }
        : { status: 200, hang: true };
    const adapter = new CloudflareAdapter({
      options: cloudflareOptionsSchema.parse({ baseUrl: server.baseUrl, policies: SIM_POLICIES }),
      credential: async () => ({ apiToken: "admin-token-admin-token-admin" }),
    });

    // Act
    const { error, endedAfterDeadlineMs } = await within(500, () => adapter.listKeys());

    // Assess
    expect(error).toMatchObject({
      name: "VendorDeadlineError",
      message:
        "cloudflare listKeys got no response before the Lambda's deadline (1 attempt); the vendor may or may not have acted",
    });
    expect(endedAfterDeadlineMs).toBeLessThan(TIMER_SLACK_MS);
    expect(server.requests).toHaveLength(2);
  });
});
