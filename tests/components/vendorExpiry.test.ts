import { RotatedApiKeyArgsError } from "../../components/errors";
import { planRotatedApiKey } from "../../components/validateArgs";
import { defaultArgs } from "./componentArgs";

describe("vendors whose keys cannot expire", () => {
  it("default to keyTtlDays 0, so there is no expiry alarm to starve of data", () => {
    // Act
    const plan = planRotatedApiKey("sendgrid-key", {
      ...defaultArgs,
      vendor: "sendgrid",
      vendorOptions: {},
    });

    // Assess
    expect(plan.keyTtlDays).toBe(0);
    expect(plan.monitoring.alarms?.keyExpiry).toBeUndefined();
    expect(plan.monitoring.alarms?.overdueRotation).toBeDefined();
  });

  it("refuse a key TTL, naming the vendor", () => {
    // Act
    let error: unknown;
    try {
      planRotatedApiKey("twilio-key", {
        ...defaultArgs,
        vendor: "twilio",
        vendorOptions: { accountSid: `AC${"0".repeat(32)}` },
        keyTtlDays: 40,
      });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(RotatedApiKeyArgsError);
    expect((error as RotatedApiKeyArgsError).problems).toEqual([
      "`keyTtlDays` must be 0 for twilio, whose keys cannot expire (received 40). Omit it; the rotation schedule and `maxKeyAgeDays` bound key age instead.",
    ]);
  });

  it("keep the 90-day default for vendors that expire keys", () => {
    expect(planRotatedApiKey("nylas-key", defaultArgs).keyTtlDays).toBe(90);
  });
});
