import { VendorError } from "../../../../lambdas/vendors/kit/errors";
import { forgetSecrets, maskSecrets } from "../../../../lambdas/contract/secretMask";
import { VendorHttp, type VendorRequest } from "../../../../lambdas/vendors/kit/transport";
import { createAdapter } from "../../../../lambdas/vendors/registry";
import { SIM_POLICIES } from "../../../../harness/simulators/cloudflare/cloudflareSimulator";
import { startTestServer, type TestServer } from "./testServer";

const TOKEN = "tok-0f3e9b7c2a61d48e5b90";

describe("credentials never reach an error, log or the wire when they cannot be sent safely", () => {
  let server: TestServer;
  const http = new VendorHttp({ vendor: "acme", baseDelayMs: 1, maxAttempts: 1 });
  const withAuth = (authorization: string) => (): VendorRequest => ({
    method: "GET",
    url: `${server.baseUrl}/v1/keys`,
    headers: { authorization, accept: "application/json" },
  });
  const cloudflare = (credential: object) =>
    createAdapter(
      { vendor: "cloudflare", vendorOptions: { policies: SIM_POLICIES, baseUrl: server.baseUrl } },
      () => Promise.resolve(JSON.stringify(credential)),
    );
  const failure = (call: () => Promise<unknown>): Promise<Error> =>
    call().then(
      () => {
        throw new Error("expected the call to fail");
      },
      (e: unknown) => e as Error,
    );

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.handler = () => ({ status: 200, body: {} });
    forgetSecrets();
    jest.restoreAllMocks();
  });

  it.each([
    ["a line break", `Bearer ${TOKEN}\n`],
    ["a line break", `Bearer ${TOKEN.slice(0, 8)}\r\n${TOKEN.slice(8)}`],
    ["a NUL character", `Bearer ${TOKEN}\0`],
    ["a control character", `Bearer ${TOKEN}\u0007`],
    ["a character beyond U+00FF", `Bearer ${TOKEN}\u2028`],
  ])(
    "refuses a header value with %s before sending, naming the header only",
    async (problem, value) => {
      // Act
      const error = await failure(() => http.send("listKeys", "idempotent", withAuth(value)));

      // Assess
      expect(error).toBeInstanceOf(VendorError);
      expect(error).toMatchObject({
        name: "VendorError",
        message: `acme listKeys refused before sending: the authorization header value contains ${problem}; check the credential or key it carries (value not shown)`,
        retryable: false,
      });
      expect(JSON.stringify([error.message, error.stack])).not.toContain(TOKEN.slice(8));
      expect(server.requests).toHaveLength(0);
    },
  );

  it("refuses an admin credential with a newline when it is loaded, naming the field", async () => {
    // Act
    const error = await failure(() => cloudflare({ apiToken: `${TOKEN}\nrest-of-it` }).listKeys());

    // Assess
    expect(error).toMatchObject({
      name: "ConfigurationError",
      message:
        "Invalid cloudflare admin credential secret: apiToken: `apiToken` contains a line break, which cannot be sent in an HTTP header (value not shown).",
    });
    expect(error.message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a key to verify that holds a newline, without sending it", async () => {
    // Act
    const error = await failure(() =>
      cloudflare({ apiToken: "admin-token-admin-token-admin" }).verifyKey(`${TOKEN}\n`),
    );

    // Assess
    expect(error.message).toBe(
      "cloudflare verifyKey refused before sending: the authorization header value contains a line break; check the credential or key it carries (value not shown)",
    );
    expect(server.requests).toHaveLength(0);
  });

  it("scrubs header values out of a library error that quotes them, and masks its cause", async () => {
    // Prepare: fetch failing the way it does on a bad header value
    jest
      .spyOn(globalThis, "fetch")
      .mockRejectedValue(
        new TypeError(`Headers.append: "Bearer ${TOKEN}" is an invalid header value.`),
      );

    // Act
    const error = await failure(() =>
      http.send("listKeys", "idempotent", withAuth(`Bearer ${TOKEN}`)),
    );

    // Assess
    expect(error.message).toBe(
      'acme listKeys got no response (TypeError: Headers.append: "[redacted]" is an invalid header value.); the vendor may or may not have acted',
    );
    expect((error.cause as Error).message).toBe(
      'Headers.append: "[redacted]" is an invalid header value.',
    );
    expect(JSON.stringify([error.stack, (error.cause as Error).stack])).not.toContain(TOKEN);
  });

  it("remembers the credentials it sends, the admin credential and every key created or verified", async () => {
    // Prepare
    const created = "cf-new-token-value-0123456789";
    server.handler = (request) =>
      request.method === "POST"
        ? {
            status: 200,
            body: { success: true, errors: [], messages: [], result: { id: "t1", value: created } },
          }
        : {
            status: 200,
            body: { success: true, errors: [], messages: [], result: { status: "active" } },
          };
    const adapter = cloudflare({ apiToken: "admin-token-admin-token-admin" });

    // Act
    await adapter.createKey({ name: "k", ttlDays: 0 });
    await adapter.verifyKey("key-being-verified-0001");
    await http.send("listKeys", "idempotent", withAuth(`Basic ${btoa("user:basic-pass-123")}`));

    // Assess
    expect(
      maskSecrets(
        `admin-token-admin-token-admin ${created} key-being-verified-0001 basic-pass-123 k t1`,
      ),
    ).toBe("[redacted] [redacted] [redacted] [redacted] k t1");
  });

  it("masks a known key that a vendor echoes in its error text", async () => {
    // Prepare
    server.handler = () => ({
      status: 400,
      body: {
        success: false,
        errors: [{ code: 1001, message: "Token key-being-verified-0002 is malformed" }],
      },
    });

    // Act
    const error = await failure(() =>
      cloudflare({ apiToken: "admin-token-admin-token-admin" }).verifyKey(
        "key-being-verified-0002",
      ),
    );

    // Assess
    expect(error.message).toBe(
      "cloudflare verifyKey failed with HTTP 400: 1001: Token [redacted] is malformed",
    );
  });
});
