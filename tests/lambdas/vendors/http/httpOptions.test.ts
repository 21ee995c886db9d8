import * as z from "zod/mini";
import { createAdapter } from "../../../../lambdas/vendors/registry";
import { httpOptionsSchema } from "../../../../lambdas/vendors/http/httpOptions";
import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import { testOptions } from "./testServer";

const BASE = testOptions("https://api.example.com");

/** The messages of every problem with `value`, in zod's order; `[]` when valid. */
function problems(value: unknown): string[] {
  const parsed = z.safeParse(httpOptionsSchema, value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

const withCreate = (create: Partial<HttpVendorOptions["create"]>): HttpVendorOptions => ({
  ...BASE,
  create: { ...BASE.create, ...create },
});
const withList = (list: Partial<HttpVendorOptions["list"]>): HttpVendorOptions => ({
  ...BASE,
  list: { ...BASE.list, ...list },
});

describe("httpOptionsSchema", () => {
  it("fills in every documented default", () => {
    // Act
    const options = z.parse(httpOptionsSchema, BASE);

    // Assess
    expect(options).toEqual({
      baseUrl: "https://api.example.com",
      adminAuth: "bearer",
      expiryFormat: "none",
      errorPaths: [
        "error.message",
        "errors[0].message",
        "errors[0].detail",
        "message",
        "error_description",
        "detail",
        "error",
        "errors[0]",
      ],
      create: {
        method: "POST",
        path: "/v1/keys",
        body: { name: "{name}" },
        bodyFormat: "json",
        successStatuses: [200, 201],
        response: { id: "id", secret: "secret" },
      },
      list: {
        method: "GET",
        path: "/v1/keys",
        bodyFormat: "json",
        successStatuses: [200],
        items: "keys",
        fields: { id: "id", name: "name" },
        pagination: { style: "none" },
        maxPages: 50,
      },
      revoke: {
        method: "DELETE",
        path: "/v1/keys/{keyId}",
        bodyFormat: "json",
        successStatuses: [200, 202, 204],
        goneStatuses: [404],
      },
      verify: {
        method: "GET",
        path: "/v1/me",
        bodyFormat: "json",
        auth: { style: "bearer" },
        successStatuses: [200],
        rejectedStatuses: [401, 403],
      },
    });
    expect(z.parse(httpOptionsSchema, options)).toEqual(options);
  });

  it("names every missing section", () => {
    // Act / Assess
    expect(problems({})).toEqual([
      '`baseUrl` must be an absolute URL such as "https://api.example.com" (received nothing)',
      '`create` must be an object: the create-key request, e.g. { "path": "/v1/keys", "response": { "id": "id", "secret": "key" } } (received nothing)',
      '`list` must be an object: the list-keys request, e.g. { "path": "/v1/keys", "items": "data", "fields": { "id": "id", "name": "name" } } (received nothing)',
      '`revoke` must be an object: the revoke-key request, e.g. { "path": "/v1/keys/{keyId}" } (received nothing)',
      '`verify` must be an object: a cheap call made with the new key, e.g. { "path": "/v1/me" } (received nothing)',
    ]);
  });

  it.each([
    [
      "plain http off loopback",
      "http://api.example.com",
      '`baseUrl` must use https (plain http is allowed only on loopback, for simulators) (received "http://api.example.com")',
    ],
    [
      "credentials in the URL, without showing them",
      "https://user:pw@api.example.com",
      "`baseUrl` must not hold a user name or password (put credentials in the admin credential secret) (value not shown)",
    ],
    [
      "a query string",
      "https://api.example.com/v1?x=1",
      '`baseUrl` must not hold "?" or "#" (put query parameters in `query`) (received "https://api.example.com/v1?x=1")',
    ],
    [
      "a number",
      42,
      '`baseUrl` must be an absolute URL such as "https://api.example.com" (received 42)',
    ],
  ])("refuses a baseUrl with %s", (_case, baseUrl, message) => {
    // Act / Assess
    expect(problems({ ...BASE, baseUrl })).toEqual([message]);
  });

  it("names bad request fields, unknown options and the keys allowed", () => {
    // Act
    const found = problems({
      ...withCreate({ method: "GET" as "POST", path: "v1/keys", successStatuses: [] }),
      colour: "red",
      verify: { path: "/v1/me", successStatuses: [200, 99], rejectedStatuses: "401" },
    });

    // Assess
    expect(found).toEqual([
      '`create.method` must be one of "POST", "PUT", "PATCH" (received "GET")',
      '`create.path` must be a path starting with "/", without "?", "#" or spaces (put query parameters in `query`) (received "v1/keys")',
      "`create.successStatuses` must be a non-empty list of HTTP statuses (100-599): statuses of a created key (received an empty list)",
      "`verify.successStatuses[1]` must be an HTTP status: a whole number from 100 to 599 (received 99)",
      '`verify.rejectedStatuses` must be a non-empty list of HTTP statuses (100-599): statuses of a key that does not work (yet) (received "401")',
      "The options have unknown option(s) `colour`; allowed: `baseUrl`, `variables`, `headers`, `adminAuth`, `expiryFormat`, `maxActiveKeys`, `capReached`, `errorPaths`, `create`, `list`, `revoke`, `verify`",
    ]);
  });

  it("names bad JSON paths, header names and values without showing header values", () => {
    // Act
    const found = problems({
      ...withCreate({ response: { id: "data..id", secret: "data.key", colour: "x" } as never }),
      headers: { "Bad Name": "v", "X-Ok": "secret\nvalue" },
    });

    // Assess
    expect(found).toEqual([
      '`headers` has an invalid header name "Bad Name": use letters, digits and !#$%&\'*+-.^_`|~',
      "`headers.X-Ok` must not contain line breaks (value not shown)",
      '`create.response.id` must be a JSON path: dotted keys with optional [n] indexes, e.g. "data.attributes.key" or "result[0].id" ("" for the whole body) (received "data..id")',
      "`create.response` has unknown option(s) `colour`; allowed: `id`, `secret`, `name`, `createdAt`, `expiresAt`",
    ]);
  });

  it("names bad cap, variable and error-path settings", () => {
    // Act
    const found = problems({
      ...withList({ activeWhen: { path: "status", equals: {} as never } }),
      maxActiveKeys: 0,
      capReached: { bodyPattern: "(" },
      variables: { app: 3 as never },
      errorPaths: [],
    });

    // Assess
    expect(found).toEqual([
      "`variables.app` must be a string (received 3)",
      "`maxActiveKeys` must be a whole number from 1 to 100000: the vendor's cap on active keys (received 0)",
      '`capReached.bodyPattern` must be a valid, non-empty regular expression (received "(")',
      "`errorPaths` must not be empty (received an empty list)",
      "`list.activeWhen.equals` must be a string, number or boolean (received an object)",
    ]);
  });

  it("checks every placeholder against the variables available where it is used", () => {
    // Act
    const found = problems({
      ...BASE,
      variables: { app: "a1", keyId: "x" },
      headers: { "X-App": "{app}", "X-Name": "{name}" },
      create: {
        ...BASE.create,
        path: "/apps/{app}/keys/{expiry}",
        body: { name: "{nmae}", ttl: "{expiry}" },
      },
      revoke: { path: "/apps/{app}/keys" },
    });

    // Assess
    expect(found).toEqual([
      '`variables` has an invalid variable name "keyId": use letters, digits and "_" (not starting with a digit), and not "name", "expiry", "keyId", which the adapter provides',
      "`headers.X-Name` uses {name}, which is not available there; available: {app}, {keyId}",
      "`create.path` uses {expiry}, which is not available there; available: {name}, {app}, {keyId}",
      "`create.body.name` uses {nmae}, which is not available there; available: {name}, {expiry}, {app}, {keyId}",
      '`expiryFormat` is "none" but `create.body.ttl` uses {expiry}; set it to how the vendor takes an expiry ("days", "seconds", "iso" or "date"), or remove {expiry}',
      '`revoke.path` must use {keyId} (or `revoke.query` or `revoke.body` must), so the request names the key to revoke (received "/apps/{app}/keys")',
    ]);
  });

  it("refuses nested form bodies and bodies on GET", () => {
    // Act
    const found = problems({
      ...withCreate({ bodyFormat: "form", body: { name: "{name}", policy: { a: 1 } } }),
      verify: { path: "/v1/me", body: { x: 1 } },
    });

    // Assess
    expect(found).toEqual([
      '`create.body` must be a flat object of strings, numbers, booleans or null when `create.bodyFormat` is "form" (received an object)',
      '`verify.body` cannot be sent with a GET request; remove it or set `verify.method` to "POST"',
    ]);
  });

  it("accepts every shipped example configuration", () => {
    // Act / Assess
    expect(
      problems({
        ...BASE,
        variables: { account: "AC1" },
        adminAuth: "basic",
        expiryFormat: "seconds",
        create: {
          path: "/accounts/{account}/keys",
          bodyFormat: "form",
          body: { FriendlyName: "{name}", expiration: "{expiry}" },
          response: { id: "key.id", secret: "key.secret", expiresAt: "key.expires_at" },
        },
        list: {
          path: "/accounts/{account}/keys",
          items: "items",
          fields: { id: "id", name: "description", lastUsedAt: "last_used" },
          activeWhen: { path: "status", equals: "active" },
          pagination: {
            style: "cursor",
            cursorParam: "after",
            cursorPath: "last_id",
            hasMorePath: "has_more",
          },
        },
        revoke: {
          method: "POST",
          path: "/accounts/{account}/keys/revoke",
          body: { id: "{keyId}" },
        },
        verify: { path: "/v1/me", auth: { style: "basic-password", username: "api" } },
      }),
    ).toEqual([]);
  });

  it("reaches the Lambda as a ConfigurationError naming each field", () => {
    // Act
    let error: unknown;
    try {
      createAdapter({ vendor: "http", vendorOptions: withCreate({ path: "keys" }) }, () =>
        Promise.resolve("{}"),
      );
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toMatchObject({
      name: "ConfigurationError",
      message:
        'Invalid ROTATION_VENDOR_OPTIONS for http: create.path: `create.path` must be a path starting with "/", without "?", "#" or spaces (put query parameters in `query`) (received "keys").',
    });
  });
});
