import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import { startTestServer, testAdapter, testOptions, type TestServer } from "./testServer";

describe("HttpAdapter revoke, verify and list against a loopback server", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const adapter = (overrides: Partial<HttpVendorOptions> = {}) =>
    testAdapter(testOptions(server.baseUrl, overrides));

  describe("revokeKey", () => {
    it.each([
      [204, "revoked"],
      [200, "revoked"],
      [404, "already-gone"],
    ] as const)("answers HTTP %d as %s", async (status, expected) => {
      // Prepare
      server.handler = () => ({ status });

      // Act
      const outcome = await adapter().revokeKey("key/1");

      // Assess
      expect({ outcome, method: server.requests[0]?.method, url: server.requests[0]?.url }).toEqual(
        {
          outcome: expected,
          method: "DELETE",
          url: "/v1/keys/key%2F1",
        },
      );
    });

    it("revokes with a POST body naming the key, and its own statuses", async () => {
      // Prepare
      server.handler = () => ({ status: 410 });

      // Act
      const outcome = await adapter({
        revoke: {
          method: "POST",
          path: "/v1/keys/revoke",
          body: { id: "{keyId}" },
          goneStatuses: [404, 410],
        },
      }).revokeKey("k1");

      // Assess
      expect({ outcome, body: server.requests[0]?.body }).toEqual({
        outcome: "already-gone",
        body: '{"id":"k1"}',
      });
    });

    it("retries 5xx, then fails naming the key", async () => {
      // Prepare
      server.handler = () => ({ status: 503, body: { message: "down" } });

      // Act / Assess
      await expect(adapter().revokeKey("k1")).rejects.toMatchObject({
        message: "http revokeKey failed with HTTP 503: down",
        context: { vendor: "http", operation: "revokeKey", status: 503, keyId: "k1" },
      });
      expect(server.requests).toHaveLength(3);
    });
  });

  describe("verifyKey", () => {
    it.each([
      [200, { outcome: "valid" }],
      [401, { outcome: "rejected", status: 401 }],
      [403, { outcome: "rejected", status: 403 }],
    ] as const)("answers HTTP %d", async (status, expected) => {
      // Prepare
      server.handler = () => ({ status, body: {} });

      // Act / Assess
      await expect(adapter().verifyKey("k")).resolves.toEqual(expected);
    });

    it("uses the configured statuses and throws on anything else", async () => {
      // Prepare
      const verify = { path: "/v1/me", successStatuses: [204], rejectedStatuses: [400] };
      server.handler = () => ({ status: 400, body: {} });
      const rejected = await adapter({ verify }).verifyKey("k");
      server.handler = () => ({ status: 200, body: { error: "odd" } });

      // Act / Assess
      expect(rejected).toEqual({ outcome: "rejected", status: 400 });
      await expect(adapter({ verify }).verifyKey("k")).rejects.toThrow(
        "http verifyKey failed with HTTP 200: odd",
      );
    });
  });

  describe("listKeys", () => {
    it("keeps active keys and reads ids, names and times in the vendor's formats", async () => {
      // Prepare
      server.handler = () => ({
        status: 200,
        body: {
          keys: [
            {
              id: 1,
              label: "a",
              status: "active",
              created: 1735689600,
              used: "Wed, 01 Jan 2025 01:00:00 +0000",
            },
            { id: "2", label: "b", status: "revoked" },
            {
              id: "3",
              label: "c",
              status: "active",
              created: 1735689600000,
              expires: null,
              used: "not a date",
            },
          ],
        },
      });

      // Act
      const keys = await adapter({
        list: {
          path: "/v1/keys",
          items: "keys",
          fields: {
            id: "id",
            name: "label",
            createdAt: "created",
            expiresAt: "expires",
            lastUsedAt: "used",
          },
          activeWhen: { path: "status", equals: "active" },
        },
      }).listKeys();

      // Assess
      expect(keys).toEqual([
        {
          id: "1",
          name: "a",
          createdAt: "2025-01-01T00:00:00.000Z",
          lastUsedAt: "2025-01-01T01:00:00.000Z",
        },
        { id: "3", name: "c", createdAt: "2025-01-01T00:00:00.000Z" },
      ]);
    });

    it("names a listed key's missing field by its place on the page", async () => {
      // Prepare
      server.handler = () => ({
        status: 200,
        body: { keys: [{ id: "a", name: "a" }, { name: "b" }] },
      });

      // Act / Assess
      await expect(adapter().listKeys()).rejects.toMatchObject({
        name: "VendorResponseError",
        message: "http listKeys returned HTTP 200 without the documented fields (keys[1].id)",
      });
    });

    it("says when the items path does not hold a list", async () => {
      // Prepare
      server.handler = () => ({ status: 200, body: { keys: { a: 1 } } });

      // Act / Assess
      await expect(adapter().listKeys()).rejects.toThrow(
        "http listKeys returned HTTP 200 without the documented fields (keys)",
      );
    });

    it("reads a list that is the whole body", async () => {
      // Prepare
      server.handler = () => ({ status: 200, body: [{ id: 7, name: "g" }] });

      // Act
      const keys = await adapter({
        list: { path: "/v1/keys", items: "", fields: { id: "id", name: "name" } },
      }).listKeys();

      // Assess
      expect(keys).toEqual([{ id: "7", name: "g" }]);
    });
  });
});
