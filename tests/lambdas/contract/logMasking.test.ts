import { VendorError } from "../../../lambdas/vendors/kit/errors";
import { logger } from "../../../lambdas/engine/core/observability";
import {
  forgetSecrets,
  rememberSecret,
  rememberSecretsIn,
} from "../../../lambdas/contract/secretMask";
import { warn } from "../../../lambdas/contract/warnings";
import { captureOutput, type CapturedOutput } from "../../../harness/captureOutput";

const SECRET = "cf-token-8d1e7a0b4c5f";
const PEM_LINE = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";

describe("the rotation Lambda's logger masks remembered secrets", () => {
  let output: CapturedOutput;

  beforeEach(() => {
    forgetSecrets();
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it("in the message, nested attributes, error objects and their causes", () => {
    // Prepare
    rememberSecret(SECRET);
    rememberSecretsIn(
      JSON.stringify({ private_key: `-----BEGIN PRIVATE KEY-----\n${PEM_LINE}\n-----END` }),
    );
    const cause = new TypeError(`Headers.append: "Bearer ${SECRET}" is an invalid header value.`);
    const error = new VendorError(`acme verifyKey failed: ${cause.message}`, {}, true, { cause });

    // Act
    logger.warn(`message with ${SECRET}`, {
      nested: { deeper: [`x${SECRET}y`, { pem: `line ${PEM_LINE}` }] },
      error,
    });
    logger.error("plain error", error);

    // Assess
    const lines = output.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(output.text()).not.toContain(SECRET);
    expect(output.text()).not.toContain(PEM_LINE);
    expect(lines[0]).toMatchObject({
      level: "WARN",
      message: "message with [redacted]",
      nested: { deeper: ["x[redacted]y", { pem: "line [redacted]" }] },
      error: {
        name: "VendorError",
        message:
          'acme verifyKey failed: Headers.append: "Bearer [redacted]" is an invalid header value.',
        retryable: true,
        cause: {
          name: "TypeError",
          message: 'Headers.append: "Bearer [redacted]" is an invalid header value.',
        },
      },
    });
    expect(lines[1]).toMatchObject({
      level: "ERROR",
      message: "plain error",
      error: { name: "VendorError" },
    });
  });

  it("and warnings from vendor code reach it, masked too", () => {
    // Prepare
    rememberSecret(SECRET);

    // Act
    warn(`nylas listKeys: odd value near ${SECRET}`, { vendor: "nylas", magnitude: "1.7e+12" });

    // Assess
    expect(output.lines().map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: "WARN",
        message: "nylas listKeys: odd value near [redacted]",
        vendor: "nylas",
        magnitude: "1.7e+12",
      }),
    ]);
  });
});
