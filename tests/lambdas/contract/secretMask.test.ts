import { VendorError, VendorResponseError } from "../../../lambdas/vendors/kit/errors";
import {
  MAX_REMEMBERED_SECRETS,
  forgetSecrets,
  maskError,
  maskSecrets,
  maskingJsonReplacer,
  rememberSecret,
  rememberSecretsIn,
  rememberedSecretCount,
} from "../../../lambdas/contract/secretMask";

const SECRET = "sk-live-4f9a1c2b7e";
const PEM_BODY = [
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
  "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
];
const PEM = ["-----BEGIN PRIVATE KEY-----", ...PEM_BODY, "-----END PRIVATE KEY-----", ""].join(
  "\n",
);

describe("secretMask", () => {
  beforeEach(() => forgetSecrets());

  it("masks every occurrence of a remembered value, and ignores values shorter than 8 characters", () => {
    // Prepare
    rememberSecret(SECRET);
    rememberSecret("short12");

    // Act
    const masked = maskSecrets(`a ${SECRET} b ${SECRET} c short12`);

    // Assess
    expect(masked).toBe("a [redacted] b [redacted] c short12");
    expect(rememberedSecretCount()).toBe(1);
  });

  it("masks a longer value whole when it contains a shorter remembered one", () => {
    // Prepare
    rememberSecret("abcdefgh");
    rememberSecret("Bearer abcdefgh-ijkl");

    // Act / Assess
    expect(maskSecrets("x Bearer abcdefgh-ijkl y abcdefgh")).toBe("x [redacted] y [redacted]");
  });

  it(`remembers only the newest ${MAX_REMEMBERED_SECRETS} values, refreshing a value remembered again`, () => {
    // Prepare
    const values = Array.from({ length: MAX_REMEMBERED_SECRETS + 1 }, (_, i) => `secret-${i}-xx`);
    rememberSecret(values[0] ?? "");
    for (const value of values.slice(1)) {
      rememberSecret(value);
      rememberSecret(values[0] ?? "");
    }

    // Act
    const masked = values.slice(0, 2).map(maskSecrets);

    // Assess
    expect(rememberedSecretCount()).toBe(MAX_REMEMBERED_SECRETS);
    expect(masked).toEqual(["[redacted]", "secret-1-xx"]);
  });

  it("remembers each string of a JSON credential, and each line of a PEM key in it", () => {
    // Prepare
    rememberSecretsIn(JSON.stringify({ private_key_id: "kid-0123456789", private_key: PEM }));

    // Act: a PEM shows up with escaped newlines in a JSON log line
    const masked = maskSecrets(JSON.stringify({ error: `bad key ${PEM}`, kid: "kid-0123456789" }));

    // Assess
    expect(masked).toBe(
      JSON.stringify({
        error:
          "bad key -----BEGIN PRIVATE KEY-----\n[redacted]\n[redacted]\n-----END PRIVATE KEY-----\n",
        kid: "[redacted]",
      }),
    );
    expect(masked).not.toContain(PEM_BODY[0]);
  });

  it("remembers a text that is not JSON whole", () => {
    // Prepare
    rememberSecretsIn("not-json-token-123");

    // Act / Assess
    expect(maskSecrets("token=not-json-token-123")).toBe("token=[redacted]");
  });

  it("masks an error's message, stack, context and cause chain, keeping its class", () => {
    // Prepare
    rememberSecret(SECRET);
    const root = new TypeError(`Headers.append: "Bearer ${SECRET}" is an invalid header value.`);
    const error = new VendorError(
      `acme listKeys got no response (${root.message})`,
      { vendor: "acme", operation: "listKeys", keyId: SECRET },
      true,
      { cause: root },
    );

    // Act
    const masked = maskError(error);

    // Assess
    expect(masked).toBeInstanceOf(VendorError);
    expect(masked).toMatchObject({
      name: "VendorError",
      message:
        'acme listKeys got no response (Headers.append: "Bearer [redacted]" is an invalid header value.)',
      context: { vendor: "acme", operation: "listKeys", keyId: "[redacted]" },
      retryable: true,
    });
    expect((masked.cause as Error).name).toBe("TypeError");
    expect((masked.cause as Error).message).toBe(
      'Headers.append: "Bearer [redacted]" is an invalid header value.',
    );
    expect(JSON.stringify([masked.stack, (masked.cause as Error).stack])).not.toContain(SECRET);
    expect(error.message).toContain(SECRET);
  });

  it("returns an error with nothing to mask as it is, and turns a thrown non-error into an Error", () => {
    // Prepare
    rememberSecret(SECRET);
    const clean = new VendorResponseError("acme createKey returned HTTP 200 without id", {});

    // Act
    const same = maskError(clean);
    const fromString = maskError(`boom ${SECRET}`);
    const fromLike = maskError({ name: "FetchError", message: `bad ${SECRET}` });

    // Assess
    expect(same).toBe(clean);
    expect([fromString.name, fromString.message]).toEqual(["Error", "boom [redacted]"]);
    expect([fromLike.name, fromLike.message]).toEqual(["FetchError", "bad [redacted]"]);
  });

  it("masks string values and object keys at any depth as a JSON replacer", () => {
    // Prepare
    rememberSecret(SECRET);

    // Act
    const text = JSON.stringify(
      { a: [{ b: `x${SECRET}` }], [SECRET]: 1, n: 2 },
      maskingJsonReplacer,
    );

    // Assess
    expect(text).toBe('{"a":[{"b":"x[redacted]"}],"[redacted]":1,"n":2}');
  });
});
