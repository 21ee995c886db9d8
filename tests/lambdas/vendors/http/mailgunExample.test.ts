import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import {
  startTestServer,
  testAdapter,
  type RecordedRequest,
  type Reply,
  type TestServer,
} from "./testServer";

/** The worked example of docs/httpAdapter.md, pointed at `baseUrl`. */
function mailgunOptions(baseUrl: string): HttpVendorOptions {
  return {
    baseUrl,
    adminAuth: "basic",
    expiryFormat: "seconds",
    create: {
      path: "/v1/keys",
      bodyFormat: "form",
      body: { role: "basic", kind: "user", description: "{name}", expiration: "{expiry}" },
      successStatuses: [200],
      response: {
        id: "key.id",
        secret: "key.secret",
        name: "key.description",
        createdAt: "key.created_at",
        expiresAt: "key.expires_at",
      },
    },
    list: {
      path: "/v1/keys",
      items: "items",
      fields: { id: "id", name: "description", createdAt: "created_at", expiresAt: "expires_at" },
      activeWhen: { path: "is_disabled", equals: false },
    },
    revoke: { path: "/v1/keys/{keyId}" },
    verify: {
      path: "/v3/domains",
      query: { limit: "1" },
      auth: { style: "basic-password", username: "api" },
    },
  };
}

const ADMIN = { username: "api", password: "admin-key" };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** A fake Mailgun with the documented shapes: basic auth, form create, `{message, key}`, `{items}`. */
function mailgun(): (request: RecordedRequest) => Reply {
  const keys: Array<{ id: string; description: string; secret: string; is_disabled: boolean }> = [];
  const rfc2822 = "Wed, 01 Jan 2025 00:00:00 GMT";
  return (req) => {
    const path = req.url.split("?")[0] ?? "";
    if (path === "/v3/domains") {
      const ok = keys.some(
        (k) => !k.is_disabled && req.headers.authorization === basic("api", k.secret),
      );
      return ok ? { status: 200, body: { items: [] } } : { status: 401, body: "Forbidden" };
    }
    if (req.headers.authorization !== basic(ADMIN.username, ADMIN.password)) {
      return { status: 401, body: "Forbidden" };
    }
    if (req.method === "POST" && path === "/v1/keys") {
      const form = new URLSearchParams(req.body);
      const key = {
        id: `key-${keys.length + 1}`,
        description: form.get("description") ?? "",
        secret: `secret-${keys.length + 1}`,
        is_disabled: false,
      };
      keys.push(key);
      return {
        status: 200,
        body: {
          message: "great success",
          key: {
            ...key,
            kind: "user",
            role: "basic",
            created_at: rfc2822,
            expires_at: "Fri, 31 Jan 2025 00:00:00 GMT",
          },
        },
      };
    }
    if (req.method === "GET" && path === "/v1/keys") {
      return {
        status: 200,
        body: {
          items: keys.map(({ secret: _secret, ...k }) => ({
            ...k,
            created_at: rfc2822,
            expires_at: null,
          })),
        },
      };
    }
    const key = keys.find((k) => `/v1/keys/${k.id}` === path && !k.is_disabled);
    if (req.method === "DELETE" && key !== undefined) {
      key.is_disabled = true;
      return { status: 200, body: { message: "key deleted" } };
    }
    return { status: 404, body: { message: "key not found" } };
  };
}

describe("the Mailgun worked example of docs/httpAdapter.md", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    server.handler = mailgun();
  });
  afterAll(() => server.close());

  it("creates, verifies, lists and revokes a key as Mailgun documents", async () => {
    // Prepare
    const adapter = testAdapter(mailgunOptions(server.baseUrl), ADMIN);

    // Act
    const created = await adapter.createKey({ name: "rotated-abc-tok", ttlDays: 90 });
    const verified = await adapter.verifyKey(created.secret);
    const listed = await adapter.listKeys();
    const revoked = await adapter.revokeKey(created.id);
    const again = await adapter.revokeKey(created.id);
    const afterRevoke = await adapter.verifyKey(created.secret);
    const listedAfter = await adapter.listKeys();

    // Assess
    expect(created).toEqual({
      id: "key-1",
      name: "rotated-abc-tok",
      createdAt: "2025-01-01T00:00:00.000Z",
      expiresAt: "2025-01-31T00:00:00.000Z",
      secret: "secret-1",
    });
    expect(server.requests[0]?.body).toBe(
      "role=basic&kind=user&description=rotated-abc-tok&expiration=7776000",
    );
    expect({ verified, listed, revoked, again, afterRevoke, listedAfter }).toEqual({
      verified: { outcome: "valid" },
      listed: [{ id: "key-1", name: "rotated-abc-tok", createdAt: "2025-01-01T00:00:00.000Z" }],
      revoked: "revoked",
      again: "already-gone",
      afterRevoke: { outcome: "rejected", status: 401 },
      listedAfter: [],
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /v1/keys",
      "GET /v3/domains?limit=1",
      "GET /v1/keys",
      "DELETE /v1/keys/key-1",
      "DELETE /v1/keys/key-1",
      "GET /v3/domains?limit=1",
      "GET /v1/keys",
    ]);
  });
});
