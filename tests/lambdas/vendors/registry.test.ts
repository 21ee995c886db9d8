import { SUPPORTED_VENDORS } from "../../../lambdas/contract/vendorNames";
import { VENDORS, type VendorLoaders } from "../../../lambdas/vendors/registry";
import { sendgridVendor } from "../../../lambdas/vendors/sendgrid";
import { twilioVendor } from "../../../lambdas/vendors/twilio";

describe("the vendor registry", () => {
  it("has one entry per contract vendor name, each definition carrying its key as its name", () => {
    // Act
    const names = Object.keys(VENDORS);

    // Assess
    expect([...names].sort()).toEqual([...SUPPORTED_VENDORS].sort());
    expect(SUPPORTED_VENDORS.map((name) => VENDORS[name].name)).toEqual([...SUPPORTED_VENDORS]);
  });

  it("loads a vendor's code only when its definition is read", () => {
    // Prepare
    const loaded: string[] = [];
    let registry: typeof import("../../../lambdas/vendors/registry") | undefined;
    jest.isolateModules(() => {
      for (const name of SUPPORTED_VENDORS) {
        jest.doMock(`../../../lambdas/vendors/${name}`, () => {
          loaded.push(name);
          return jest.requireActual(`../../../lambdas/vendors/${name}`);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh registry, after the mocks
      registry = require("../../../lambdas/vendors/registry") as typeof registry;
    });
    const atStart = [...loaded];

    // Act
    const keysExpire = registry?.VENDORS.sendgrid.keysExpire;

    // Assess
    expect(atStart).toEqual([]);
    expect(keysExpire).toBe(false);
    expect(loaded).toEqual(["sendgrid"]);
  });

  it("fails to compile when a name has no entry, an entry has no name, or a name is wrong", () => {
    // Prepare
    const sendgrid = () => sendgridVendor;
    const twilio = () => twilioVendor;
    const { nylas, datadog, cloudflare, openai, gitlab, http } = {
      nylas: () => VENDORS.nylas,
      datadog: () => VENDORS.datadog,
      cloudflare: () => VENDORS.cloudflare,
      openai: () => VENDORS.openai,
      gitlab: () => VENDORS.gitlab,
      http: () => VENDORS.http,
    };
    const others = { nylas, datadog, cloudflare, openai, gitlab, http };

    // Act
    const complete = { ...others, sendgrid, twilio } satisfies VendorLoaders;
    // @ts-expect-error -- twilio has no entry
    const missing = { ...others, sendgrid } satisfies VendorLoaders;
    // @ts-expect-error -- acme is no vendor name
    const extra = { ...others, sendgrid, twilio, acme: twilio } satisfies VendorLoaders;
    // @ts-expect-error -- the twilio entry loads the sendgrid definition
    const misnamed = { ...others, sendgrid, twilio: sendgrid } satisfies VendorLoaders;

    // Assess
    expect(Object.keys(complete)).toHaveLength(SUPPORTED_VENDORS.length);
    expect([missing, extra, misnamed]).toHaveLength(3);
  });
});
