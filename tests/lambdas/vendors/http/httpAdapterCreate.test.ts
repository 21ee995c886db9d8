import { VendorCapacityError } from "../../../../lambdas/vendors/kit/errors";
import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import { startTestServer, testAdapter, testOptions, type TestServer } from "./testServer";

const INPUT = { name: "rotated-abc-123", ttlDays: 30 };

describe("HttpAdapter.createKey against a loopback server", () => {
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

  describe("createKey", () => {
    it("sends the rendered JSON body and reads the configured fields", async () => {
      // Prepare
      server.handler = () => ({
        status: 201,
        body: {
          data: {
            id: 42,
            attributes: {
              key: "s3cr3t",
              label: "vendor-name",
              created: 1735689600,
              expires: "2025-01-31T00:00:00Z",
            },
          },
        },
      });

      // Act
      const key = await adapter({
        variables: { team: "billing" },
        expiryFormat: "days",
        create: {
          path: "/teams/{team}/keys",
          query: { dry: "false" },
          body: {
            data: { name: "{name}", team: "{team}", expires_in: "{expiry}", scopes: ["read"] },
          },
          response: {
            id: "data.id",
            secret: "data.attributes.key",
            name: "data.attributes.label",
            createdAt: "data.attributes.created",
            expiresAt: "data.attributes.expires",
          },
        },
      }).createKey(INPUT);

      // Assess
      expect(key).toEqual({
        id: "42",
        name: "vendor-name",
        createdAt: "2025-01-01T00:00:00.000Z",
        expiresAt: "2025-01-31T00:00:00.000Z",
        secret: "s3cr3t",
      });
      const [request] = server.requests;
      expect({
        method: request?.method,
        url: request?.url,
        contentType: request?.headers["content-type"],
        body: JSON.parse(request?.body ?? "null") as unknown,
      }).toEqual({
        method: "POST",
        url: "/teams/billing/keys?dry=false",
        contentType: "application/json",
        body: { data: { name: INPUT.name, team: "billing", expires_in: 30, scopes: ["read"] } },
      });
    });

    it("sends a form body with the expiry in seconds, and keeps our name when the vendor echoes none", async () => {
      // Prepare
      server.handler = () => ({ status: 200, body: { key: { id: "k1", secret: "s1" } } });

      // Act
      const key = await adapter({
        expiryFormat: "seconds",
        create: {
          method: "PUT",
          path: "/v1/keys",
          bodyFormat: "form",
          body: { description: "{name}", expiration: "{expiry}", role: "admin" },
          response: { id: "key.id", secret: "key.secret", name: "key.description" },
        },
      }).createKey(INPUT);

      // Assess
      expect(key).toEqual({ id: "k1", name: INPUT.name, secret: "s1" });
      expect({
        method: server.requests[0]?.method,
        contentType: server.requests[0]?.headers["content-type"],
        body: server.requests[0]?.body,
      }).toEqual({
        method: "PUT",
        contentType: "application/x-www-form-urlencoded",
        body: "description=rotated-abc-123&expiration=2592000&role=admin",
      });
    });

    it("sends an ISO expiry from the adapter's clock, and none for a key that never expires", async () => {
      // Prepare
      server.handler = () => ({ status: 200, body: { id: "k1", secret: "s1" } });
      const options: Partial<HttpVendorOptions> = {
        expiryFormat: "iso",
        create: {
          path: "/v1/keys",
          body: { name: "{name}", expires_on: "{expiry}" },
          response: { id: "id", secret: "secret" },
        },
      };

      // Act
      await adapter(options).createKey(INPUT);
      await adapter(options).createKey({ ...INPUT, ttlDays: 0 });

      // Assess
      expect(server.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([
        { name: INPUT.name, expires_on: "2025-01-31T00:00:00.000Z" },
        { name: INPUT.name },
      ]);
    });

    it("names the configured fields a create response lacks", async () => {
      // Prepare
      server.handler = () => ({ status: 201, body: { id: "k1", secret: "" } });

      // Act / Assess
      await expect(adapter().createKey(INPUT)).rejects.toMatchObject({
        name: "VendorResponseError",
        message: "http createKey returned HTTP 201 without the documented fields (secret)",
      });
    });

    it("says when a create response is not JSON", async () => {
      // Prepare
      server.handler = () => ({ status: 200, body: "<html>oops</html>" });

      // Act / Assess
      await expect(adapter().createKey(INPUT)).rejects.toMatchObject({
        name: "VendorResponseError",
        message: "http createKey returned HTTP 200 with a body that is not JSON",
      });
    });

    it("never retries a create that failed with 5xx, and quotes the vendor's error", async () => {
      // Prepare
      server.handler = () => ({ status: 500, body: { errors: [{ message: "boom" }] } });

      // Act / Assess
      await expect(adapter().createKey(INPUT)).rejects.toMatchObject({
        name: "VendorError",
        retryable: true,
        message: "http createKey failed with HTTP 500: boom",
      });
      expect(server.requests).toHaveLength(1);
    });

    it("retries a create refused with 429", async () => {
      // Prepare
      let calls = 0;
      server.handler = () =>
        (calls += 1) === 1
          ? { status: 429, body: {}, headers: { "retry-after": "0" } }
          : { status: 201, body: { id: "k1", secret: "s1" } };

      // Act
      const key = await adapter().createKey(INPUT);

      // Assess
      expect({ id: key.id, requests: server.requests.length }).toEqual({ id: "k1", requests: 2 });
    });

    it("reads the vendor's error text at the configured paths", async () => {
      // Prepare
      server.handler = () => ({ status: 400, body: { problem: { text: "name taken" } } });

      // Act / Assess
      await expect(adapter({ errorPaths: ["problem.text"] }).createKey(INPUT)).rejects.toThrow(
        "http createKey failed with HTTP 400: name taken",
      );
    });
  });

  describe("the vendor's cap", () => {
    const cap = { capReached: { statuses: [403], bodyPattern: "maximum number of keys" } };

    it("turns the vendor's cap refusal into a VendorCapacityError", async () => {
      // Prepare
      server.handler = () => ({
        status: 403,
        body: { errors: [{ message: "The maximum number of keys (100) has been reached." }] },
      });

      // Act
      const error: unknown = await adapter(cap)
        .createKey(INPUT)
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(VendorCapacityError);
      expect(error).toMatchObject({
        message:
          "http refused a new key at its cap: HTTP 403: The maximum number of keys (100) has been reached.",
        context: { vendor: "http", operation: "createKey", status: 403 },
      });
    });

    it("leaves a refusal with the cap's status but not its text an ordinary error", async () => {
      // Prepare
      server.handler = () => ({ status: 403, body: { errors: [{ message: "missing scope" }] } });

      // Act / Assess
      await expect(adapter(cap).createKey(INPUT)).rejects.toMatchObject({
        name: "VendorAuthError",
        message:
          'http createKey failed with HTTP 403: missing scope (check the admin credential secret and `adminAuth` ("bearer"))',
      });
    });

    it("refuses before creating when maxActiveKeys keys are already active", async () => {
      // Prepare
      server.handler = () => ({
        status: 200,
        body: {
          keys: [
            { id: "a", name: "a" },
            { id: "b", name: "b" },
          ],
        },
      });

      // Act / Assess
      await expect(adapter({ maxActiveKeys: 2 }).createKey(INPUT)).rejects.toMatchObject({
        name: "VendorCapacityError",
        message: "http refused a new key at its cap: 2 keys are active and `maxActiveKeys` is 2",
      });
      expect(server.requests.map((r) => r.method)).toEqual(["GET"]);
      expect(adapter({ maxActiveKeys: 2 }).maxActiveKeys).toBe(2);
    });
  });
});
