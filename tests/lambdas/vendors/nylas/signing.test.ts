import { constants, generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import {
  NylasSigningError,
  generateNonce,
  signNylasRequest,
  type NylasSigningKey,
} from "../../../../lambdas/vendors/nylas/signing";

const KEYS_PATH = "/v3/admin/applications/app-123/api-keys";
const NONCE = "AbCdEfGhIj0123456789";
const TIMESTAMP = 1742932766;

function rsaKey(bits: number): { key: NylasSigningKey; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const privateKeyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return { key: { privateKeyPem, privateKeyId: "kid-0001" }, publicKey };
}

function verifies(publicKey: KeyObject, message: string, signatureB64: string): boolean {
  return verify(
    "sha256",
    Buffer.from(message, "utf8"),
    { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(signatureB64, "base64"),
  );
}

function captureError(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

describe("signNylasRequest", () => {
  const { key, publicKey } = rsaKey(2048);

  it("signs a POST over the canonical envelope with the body embedded as a canonical JSON string", () => {
    // Prepare
    const body = { name: "rotated/prod/tok-1", expires_in: 90 };
    const expectedEnvelope =
      '{"method":"post","nonce":"AbCdEfGhIj0123456789","path":"/v3/admin/applications/app-123/api-keys",' +
      '"payload":"{\\"expires_in\\":90,\\"name\\":\\"rotated/prod/tok-1\\"}","timestamp":1742932766}';

    // Act
    const signed = signNylasRequest({
      method: "POST",
      path: KEYS_PATH,
      body,
      key,
      nowSeconds: TIMESTAMP,
      nonce: NONCE,
    });

    // Assess
    expect(signed.body).toBe('{"expires_in":90,"name":"rotated/prod/tok-1"}');
    expect(Object.keys(signed.headers).sort()).toEqual([
      "Content-Type",
      "X-Nylas-Kid",
      "X-Nylas-Nonce",
      "X-Nylas-Signature",
      "X-Nylas-Timestamp",
    ]);
    expect(signed.headers["Content-Type"]).toBe("application/json");
    expect(signed.headers["X-Nylas-Kid"]).toBe("kid-0001");
    expect(signed.headers["X-Nylas-Nonce"]).toBe(NONCE);
    expect(signed.headers["X-Nylas-Timestamp"]).toBe("1742932766");
    expect(verifies(publicKey, expectedEnvelope, signed.headers["X-Nylas-Signature"] ?? "")).toBe(
      true,
    );
    expect(Buffer.from(signed.headers["X-Nylas-Signature"] ?? "", "base64")).toHaveLength(256);
  });

  it("signs a GET without payload, without body and without Content-Type", () => {
    // Prepare
    const expectedEnvelope =
      '{"method":"get","nonce":"AbCdEfGhIj0123456789","path":"/v3/admin/applications/app-123/api-keys",' +
      '"timestamp":1742932766}';

    // Act
    const signed = signNylasRequest({
      method: "get",
      path: KEYS_PATH,
      key,
      nowSeconds: TIMESTAMP,
      nonce: NONCE,
    });

    // Assess
    expect(signed.body).toBeUndefined();
    expect("body" in signed).toBe(false);
    expect(signed.headers["Content-Type"]).toBeUndefined();
    expect(verifies(publicKey, expectedEnvelope, signed.headers["X-Nylas-Signature"] ?? "")).toBe(
      true,
    );
  });

  it("signs a DELETE over the path of the key", () => {
    // Prepare
    const path = `${KEYS_PATH}/key-42`;
    const expectedEnvelope =
      '{"method":"delete","nonce":"AbCdEfGhIj0123456789","path":"/v3/admin/applications/app-123/api-keys/key-42",' +
      '"timestamp":1742932766}';

    // Act
    const signed = signNylasRequest({
      method: "DELETE",
      path,
      key,
      nowSeconds: TIMESTAMP,
      nonce: NONCE,
    });

    // Assess
    expect(verifies(publicKey, expectedEnvelope, signed.headers["X-Nylas-Signature"] ?? "")).toBe(
      true,
    );
  });

  it("sends nested bodies with keys sorted at every level and signs those exact bytes", () => {
    // Prepare
    const body = { z: { b: [3, { y: 1, x: 2 }], a: "é" }, a: true };

    // Act
    const signed = signNylasRequest({
      method: "PUT",
      path: "/v3/admin/x",
      body,
      key,
      nowSeconds: TIMESTAMP,
      nonce: NONCE,
    });

    // Assess
    expect(signed.body).toBe('{"a":true,"z":{"a":"é","b":[3,{"x":2,"y":1}]}}');
    const envelope = `{"method":"put","nonce":"${NONCE}","path":"/v3/admin/x","payload":${JSON.stringify(signed.body)},"timestamp":${TIMESTAMP}}`;
    expect(verifies(publicKey, envelope, signed.headers["X-Nylas-Signature"] ?? "")).toBe(true);
  });

  it("is deterministic for a fixed nonce and timestamp (PKCS#1 v1.5)", () => {
    // Prepare
    const input = {
      method: "POST",
      path: KEYS_PATH,
      body: { name: "k" },
      key,
      nowSeconds: TIMESTAMP,
      nonce: NONCE,
    };

    // Act
    const first = signNylasRequest(input);
    const second = signNylasRequest(input);

    // Assess
    expect(second).toEqual(first);
  });

  it("defaults the timestamp to the current Unix time in seconds and the nonce to 20 alphanumerics", () => {
    // Prepare
    const before = Math.floor(Date.now() / 1000);

    // Act
    const first = signNylasRequest({ method: "GET", path: KEYS_PATH, key });
    const second = signNylasRequest({ method: "GET", path: KEYS_PATH, key });
    const after = Math.floor(Date.now() / 1000);

    // Assess
    const timestamp = Number(first.headers["X-Nylas-Timestamp"]);
    expect(first.headers["X-Nylas-Timestamp"]).toMatch(/^\d{10}$/);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);
    expect(first.headers["X-Nylas-Nonce"]).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(second.headers["X-Nylas-Nonce"]).not.toBe(first.headers["X-Nylas-Nonce"]);
  });

  it.each([
    [
      "a query string in the path",
      { path: `${KEYS_PATH}?limit=5` },
      "`path` must be the request path only",
    ],
    ["a relative path", { path: "v3/admin" }, "`path` must be the request path only"],
    [
      "a body on a GET",
      { method: "GET", body: { a: 1 } },
      "A GET request cannot carry a signed body",
    ],
    [
      "a body that is not JSON",
      { body: { n: 1n } },
      "`body` cannot be signed: Cannot write a value of type bigint at $.n as JSON",
    ],
    [
      "a short nonce",
      { nonce: "abc" },
      "`nonce` must be exactly 20 letters or digits (got 3 characters)",
    ],
    [
      "a nonce with symbols",
      { nonce: "AbCdEfGhIj012345678-" },
      "`nonce` must be exactly 20 letters or digits",
    ],
    [
      "milliseconds as a fraction",
      { nowSeconds: 1742932766.5 },
      "`nowSeconds` must be a non-negative integer",
    ],
    ["a method with spaces", { method: "PO ST" }, "`method` must be an HTTP method"],
  ])("rejects %s", (_label, override, message) => {
    // Prepare
    const input = {
      method: "POST",
      path: KEYS_PATH,
      key,
      nowSeconds: TIMESTAMP,
      nonce: NONCE,
      ...override,
    };

    // Act
    const error = captureError(() => signNylasRequest(input));

    // Assess
    expect(error).toBeInstanceOf(NylasSigningError);
    expect(error.message).toContain(message);
  });

  describe("key errors never contain the private key", () => {
    const { privateKey: ecKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const ecPem = ecKey.export({ type: "pkcs8", format: "pem" }).toString();
    const weak = rsaKey(1024).key.privateKeyPem;
    const pemBody = key.privateKeyPem.split("\n").slice(1, -2).join("\n");
    const cases: Array<[string, string, string, string]> = [
      [
        "a truncated PEM",
        key.privateKeyPem.slice(0, 400),
        pemBody.slice(20, 80),
        "is not a readable unencrypted PEM private key",
      ],
      [
        "a public key",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        "AAAA",
        "is not a readable unencrypted PEM private key",
      ],
      ["an EC key", ecPem, ecPem.split("\n")[1] ?? "", "must be RSA, got ec"],
      [
        "a 1024-bit RSA key",
        weak,
        weak.split("\n")[1] ?? "",
        "must have at least 2048 bits, got 1024",
      ],
    ];

    it.each(cases)("for %s", (_label, privateKeyPem, fragment, message) => {
      // Prepare
      const badKey = { privateKeyPem, privateKeyId: "kid-0001" };

      // Act
      const error = captureError(() =>
        signNylasRequest({
          method: "GET",
          path: KEYS_PATH,
          key: badKey,
          nowSeconds: TIMESTAMP,
          nonce: NONCE,
        }),
      );

      // Assess
      expect(error).toBeInstanceOf(NylasSigningError);
      expect(error.message).toBe(`The private key of service account \`kid-0001\` ${message}`);
      const everything = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        String(error.cause),
      ].join("\n");
      expect(fragment.length).toBeGreaterThan(3);
      expect(everything).not.toContain(fragment);
      expect(everything).not.toContain("PRIVATE KEY");
    });
  });
});

describe("generateNonce", () => {
  it("returns 20 characters from [A-Za-z0-9], covering the whole alphabet", () => {
    // Prepare
    const seen = new Set<string>();

    // Act
    const nonces = Array.from({ length: 500 }, () => generateNonce());

    // Assess
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9]{20}$/);
      for (const char of nonce) seen.add(char);
    }
    expect(new Set(nonces).size).toBe(500);
    expect(seen.size).toBe(62);
  });
});
