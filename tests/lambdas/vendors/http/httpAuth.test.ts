import * as z from "zod/mini";
import { httpAdminCredentialSchema } from "../../../../lambdas/vendors/http/auth";
import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import { startTestServer, testAdapter, testOptions, type TestServer } from "./testServer";

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("authentication styles against a loopback server", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.handler = () => ({ status: 200, body: { keys: [] } });
  });

  const only = <T extends string>(names: readonly T[]) => {
    const headers = server.requests[0]?.headers ?? {};
    return Object.fromEntries(names.map((n) => [n, headers[n]]));
  };

  describe("admin requests", () => {
    it.each([
      [
        "bearer",
        { token: "admin-token" },
        { authorization: "Bearer admin-token", "x-api-key": undefined },
      ],
      [
        "headers",
        { headers: { "X-Api-Key": "k1", Authorization: "Token t1" } },
        { authorization: "Token t1", "x-api-key": "k1" },
      ],
      [
        "basic",
        { username: "api", password: "p@ss:word" },
        { authorization: basic("api", "p@ss:word"), "x-api-key": undefined },
      ],
      ["none", {}, { authorization: undefined, "x-api-key": undefined }],
    ] as const)("%s sends the credential's headers", async (adminAuth, credential, expected) => {
      // Act
      await testAdapter(testOptions(server.baseUrl, { adminAuth }), credential).listKeys();

      // Assess
      expect(only(["authorization", "x-api-key"])).toEqual(expected);
    });

    it("sends shared and per-operation headers, the credential winning over both", async () => {
      // Prepare
      const options = testOptions(server.baseUrl, {
        variables: { app: "app-1" },
        headers: { "X-App": "{app}", Authorization: "static", "Notion-Version": "1" },
        list: {
          path: "/v1/keys",
          items: "keys",
          fields: { id: "id", name: "name" },
          headers: { "notion-version": "2" },
        },
      });

      // Act
      await testAdapter(options).listKeys();

      // Assess
      expect(only(["authorization", "x-app", "notion-version", "accept"])).toEqual({
        authorization: "Bearer admin-token",
        "x-app": "app-1",
        "notion-version": "2",
        accept: "application/json",
      });
    });

    it("refuses a credential that does not fit the style, naming fields only, before any request", async () => {
      // Prepare
      const adapter = testAdapter(testOptions(server.baseUrl, { adminAuth: "basic" }), {
        token: "s3cr3t-token",
      });

      // Act / Assess
      await expect(adapter.listKeys()).rejects.toMatchObject({
        name: "ConfigurationError",
        message:
          'Invalid http admin credential secret: `adminAuth` is "basic", so the admin credential must hold `username` and `password` (it holds `token`).',
      });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("verify presents the new key", () => {
    it.each([
      [{ style: "bearer" }, { authorization: "Bearer new-key", "x-key": undefined }],
      [
        { style: "bearer", prefix: "Token " },
        { authorization: "Token new-key", "x-key": undefined },
      ],
      [
        { style: "header", header: "X-Key" },
        { authorization: undefined, "x-key": "new-key" },
      ],
      [
        { style: "header", header: "X-Key", prefix: "ApiKey " },
        { authorization: undefined, "x-key": "ApiKey new-key" },
      ],
      [{ style: "basic-username" }, { authorization: basic("new-key", ""), "x-key": undefined }],
      [
        { style: "basic-username", password: "x" },
        { authorization: basic("new-key", "x"), "x-key": undefined },
      ],
      [
        { style: "basic-password", username: "api" },
        { authorization: basic("api", "new-key"), "x-key": undefined },
      ],
    ] as const)("%j", async (auth, expected) => {
      // Prepare
      const options = testOptions(server.baseUrl, {
        verify: { path: "/v1/me", auth: auth as HttpVendorOptions["verify"]["auth"] },
      });

      // Act
      const result = await testAdapter(options, {}).verifyKey("new-key");

      // Assess
      expect(result).toEqual({ outcome: "valid" });
      expect(only(["authorization", "x-key"])).toEqual(expected);
    });

    it("never loads the admin credential", async () => {
      // Prepare
      const credential = jest.fn(() => Promise.resolve({ token: "admin" }));
      const adapter = testAdapter(testOptions(server.baseUrl), credential);

      // Act
      await adapter.verifyKey("new-key");

      // Assess
      expect(credential).not.toHaveBeenCalled();
    });
  });
});

describe("httpAdminCredentialSchema", () => {
  const messages = (value: unknown) => {
    const parsed = z.safeParse(httpAdminCredentialSchema, value);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  it("accepts each documented shape", () => {
    // Act / Assess
    expect([
      messages({ token: "t" }),
      messages({ headers: { "DD-API-KEY": "a", "DD-APPLICATION-KEY": "b" } }),
      messages({ username: "api", password: "" }),
    ]).toEqual([[], [], []]);
  });

  it("names what is wrong and never shows a value", () => {
    // Act
    const found = [
      ...messages({ token: "" }),
      ...messages({ tokn: "s3cr3t-1" }),
      ...messages({ headers: { "X-Key": 5, "Bad Name": "s3cr3t-2" } }),
      ...messages({ username: "u", password: 12345 }),
      ...messages("s3cr3t-3"),
    ];

    // Assess
    expect(found).toEqual([
      "`token` must be a non-empty string (value not shown)",
      "The admin credential has unknown field(s) `tokn`; it holds `token`, `headers`, or `username` and `password`",
      "The admin credential must hold `token`, `headers`, or `username` and `password` (it holds none of them)",
      "`headers.X-Key` must be a string (value not shown)",
      "`headers` has a key that is not an HTTP header name (value not shown)",
      "`password` must be a string (value not shown)",
      'The admin credential must be a JSON object: { "token" }, { "headers": {...} } or { "username", "password" } (value not shown)',
    ]);
    expect(found.join("\n")).not.toMatch(/s3cr3t|12345/);
  });
});
