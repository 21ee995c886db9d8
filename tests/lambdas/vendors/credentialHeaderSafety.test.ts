import * as z from "zod/mini";
import type { VendorName } from "../../../lambdas/contract/vendorNames";
import { VENDORS } from "../../../lambdas/vendors/registry";
import { headerValueProblem } from "../../../lambdas/vendors/kit/headerSafety";

const hex32 = "0123456789abcdef".repeat(2);

/** A valid admin credential per vendor, and the field of it that ends up in a header. */
const CASES: ReadonlyArray<[VendorName, string, Record<string, unknown>]> = [
  ["cloudflare", "apiToken", { apiToken: "t".repeat(40) }],
  ["sendgrid", "apiKey", { apiKey: "SG.abc123.def456" }],
  ["datadog", "applicationKey", { apiKey: "a".repeat(32), applicationKey: "b".repeat(40) }],
  ["gitlab", "token", { token: `glpat-${"x".repeat(20)}` }],
  ["openai", "adminApiKey", { adminApiKey: "sk-admin-abc123" }],
  ["twilio", "authToken", { authToken: hex32 }],
  ["twilio", "apiKeySecret", { apiKeySid: `SK${hex32}`, apiKeySecret: "s".repeat(32) }],
  [
    "nylas",
    "private_key_id",
    { private_key_id: "kid-1", private_key: "-----BEGIN PRIVATE KEY-----\nMIIE\n" },
  ],
];

describe("admin credentials must be header-safe", () => {
  it.each(CASES)("%s refuses a NUL in `%s`, naming the field only", (vendor, field, valid) => {
    // Prepare
    const schema = VENDORS[vendor].adminCredentialSchema as z.ZodMiniType;
    const bad = { ...valid, [field]: `${String(valid[field])}\0x` };

    // Act
    const ok = z.safeParse(schema, valid);
    const refused = z.safeParse(schema, bad);

    // Assess
    expect(ok.success).toBe(true);
    expect(refused.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      `${field}: \`${field}\` contains a NUL character, which cannot be sent in an HTTP header (value not shown)`,
    ]);
  });

  it("the http vendor refuses a token or header value with a line break", () => {
    // Prepare
    const schema = VENDORS.http.adminCredentialSchema;

    // Act
    const token = z.safeParse(schema, { token: "abc\ndef" });
    const headers = z.safeParse(schema, { headers: { "X-Key": "abc\0def" } });

    // Assess
    expect(
      [...(token.error?.issues ?? []), ...(headers.error?.issues ?? [])].map((i) => i.message),
    ).toEqual([
      "`token` must not contain line breaks, NUL, other control characters or characters beyond U+00FF: it is sent in an HTTP header (value not shown)",
      "`headers.X-Key` must not contain line breaks, NUL, other control characters or characters beyond U+00FF: it is sent in an HTTP header (value not shown)",
    ]);
  });

  it.each([
    ["Bearer abc", undefined],
    ["Bearer abc\tdef é", undefined],
    ["abc\n", "a line break"],
    ["abc\r", "a line break"],
    ["a\0b\nc", "a line break"],
    ["a\0b", "a NUL character"],
    ["a\u001bb", "a control character"],
    ["a\u007fb", "a control character"],
    ["a\u0100b", "a character beyond U+00FF"],
  ])("headerValueProblem(%j) is %s", (value, problem) => {
    // Act / Assess
    expect(headerValueProblem(value)).toBe(problem);
  });
});
