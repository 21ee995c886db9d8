import { forgetSecrets, maskSecrets } from "../../../../lambdas/contract/secretMask";
import {
  credentialTexts,
  rememberRequestCredentials,
  scrubRequestText,
} from "../../../../lambdas/vendors/kit/requestSecrets";

describe("requestSecrets", () => {
  beforeEach(() => forgetSecrets());

  it("finds the credential in a header value: whole, after its scheme, and a Basic password decoded", () => {
    // Act / Assess
    expect(credentialTexts("Bearer tok-1234567890")).toEqual([
      "Bearer tok-1234567890",
      "tok-1234567890",
    ]);
    expect(credentialTexts(`Basic ${Buffer.from("api:pass-12345").toString("base64")}`)).toEqual([
      "Basic YXBpOnBhc3MtMTIzNDU=",
      "YXBpOnBhc3MtMTIzNDU=",
      "api:pass-12345",
      "pass-12345",
    ]);
    expect(credentialTexts("short")).toEqual([]);
  });

  it("remembers credential headers only, not content headers or single-use signatures", () => {
    // Prepare
    const headers = {
      authorization: "Bearer tok-1234567890",
      "DD-APPLICATION-KEY": "appkey-1234567890",
      "private-token": "glpat-1234567890",
      "x-nylas-signature": "signature-1234567890",
      "content-type": "application/json",
    };

    // Act
    rememberRequestCredentials({ method: "GET", url: "https://api.example.com/", headers });

    // Assess
    expect(
      maskSecrets(
        "tok-1234567890 appkey-1234567890 glpat-1234567890 signature-1234567890 application/json",
      ),
    ).toBe("[redacted] [redacted] [redacted] signature-1234567890 application/json");
  });

  it("scrubs every header value of the request out of a library's text, as sent or space-split", () => {
    // Prepare
    const request = {
      method: "GET" as const,
      url: "https://api.example.com/",
      headers: { "x-custom": "abcdefgh\0ijklmnop" },
    };

    // Act
    const text = scrubRequestText('Headers.append: "abcdefgh ijklmnop" is invalid', request);

    // Assess
    expect(text).toBe('Headers.append: "[redacted] [redacted]" is invalid');
  });
});
