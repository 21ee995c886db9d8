import { createAdapter } from "../../../../lambdas/vendors/registry";

const accountSid = `AC${"0".repeat(32)}`;

describe("twilio vendor definition", () => {
  it("requires an Account SID", () => {
    // Act / Assess
    expect(() =>
      createAdapter({ vendor: "twilio", vendorOptions: { accountSid: "AC123" } }, () =>
        Promise.resolve(""),
      ),
    ).toThrow(
      "Invalid ROTATION_VENDOR_OPTIONS for twilio: accountSid: `accountSid` must be a Twilio Account SID (AC followed by 32 hex digits).",
    );
  });

  it("takes either the Auth Token or a whole Main key as the admin credential", async () => {
    // Prepare
    const adapter = (credential: object) =>
      createAdapter({ vendor: "twilio", vendorOptions: { accountSid } }, () =>
        Promise.resolve(JSON.stringify(credential)),
      );
    const expected =
      "Invalid twilio admin credential secret: set either `authToken` (the account's Auth Token) or both `apiKeySid` and `apiKeySecret` (a Main API key).";

    // Act / Assess
    await expect(adapter({}).listKeys()).rejects.toThrow(expected);
    await expect(adapter({ apiKeySid: `SK${"1".repeat(32)}` }).listKeys()).rejects.toThrow(
      expected,
    );
    await expect(
      adapter({ authToken: "a", apiKeySid: `SK${"1".repeat(32)}`, apiKeySecret: "b" }).listKeys(),
    ).rejects.toThrow(expected);
  });
});
