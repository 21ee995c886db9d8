import { createAdapter } from "../../../../lambdas/vendors/registry";

describe("openai vendor definition", () => {
  it("accepts `{}` as options and rejects plain http to a non-loopback host", () => {
    // Act
    const adapter = createAdapter({ vendor: "openai", vendorOptions: {} }, () =>
      Promise.resolve(""),
    );

    // Assess
    expect([adapter.vendor, adapter.secretShownOnce, adapter.maxActiveKeys]).toEqual([
      "openai",
      true,
      undefined,
    ]);
    expect(() =>
      createAdapter(
        { vendor: "openai", vendorOptions: { baseUrl: "http://api.openai.com/v1" } },
        () => Promise.resolve(""),
      ),
    ).toThrow(
      "Invalid ROTATION_VENDOR_OPTIONS for openai: baseUrl: `baseUrl` must use https (plain http is allowed only on loopback, for simulators).",
    );
  });

  it("refuses an admin credential that is not an admin key, without showing it", async () => {
    // Prepare
    const adapter = createAdapter({ vendor: "openai", vendorOptions: {} }, () =>
      Promise.resolve(JSON.stringify({ adminApiKey: "sk-proj-abcdefghijklmnop" })),
    );

    // Act / Assess
    await expect(adapter.listKeys()).rejects.toThrow(
      "Invalid openai admin credential secret: adminApiKey: `adminApiKey` must be an OpenAI admin API key (it starts with `sk-admin-`).",
    );
  });
});
