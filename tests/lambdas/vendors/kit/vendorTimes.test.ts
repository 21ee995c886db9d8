import { storedKeySchema } from "../../../../lambdas/contract/storedKey";
import { setWarningSink } from "../../../../lambdas/contract/warnings";
import { CloudflareAdapter } from "../../../../lambdas/vendors/cloudflare/cloudflareAdapter";
import { cloudflareOptionsSchema } from "../../../../lambdas/vendors/cloudflare/options";
import { isoTime, optionalTimes } from "../../../../lambdas/vendors/http/requests";
import {
  expiryFromDateString,
  expiryFromUnixSeconds,
  isoFromDateString,
  isoFromUnixSeconds,
} from "../../../../lambdas/vendors/kit/keys";
import {
  MAX_ISO_EPOCH_MS,
  MIN_ISO_EPOCH_MS,
  readVendorTime,
} from "../../../../lambdas/vendors/kit/vendorTimes";
import { SIM_POLICIES } from "../../../../harness/simulators/cloudflare/cloudflareSimulator";
import { startTestServer, type TestServer } from "../http/testServer";

const source = { vendor: "acme", operation: "listKeys", field: "expires_at" };
/** 2025-01-01T00:00:00Z in Unix seconds, and the same instant in milliseconds sent as seconds. */
const SECONDS = 1_735_689_600;
const MS_AS_SECONDS = SECONDS * 1000;

describe("vendor times beyond year 9999 and times that are no date", () => {
  let warnings: Array<[string, Readonly<Record<string, unknown>>]>;

  beforeEach(() => {
    warnings = [];
    setWarningSink((message, attributes) => warnings.push([message, attributes]));
  });
  afterAll(() => setWarningSink(undefined));

  it("bounds the ISO range at years 0000-9999", () => {
    // Act / Assess
    expect([
      new Date(MIN_ISO_EPOCH_MS).toISOString(),
      new Date(MAX_ISO_EPOCH_MS).toISOString(),
    ]).toEqual(["0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"]);
  });

  describe("expiryFromUnixSeconds", () => {
    it("reads seconds, and treats absent as no expiry", () => {
      // Act / Assess
      expect([
        expiryFromUnixSeconds(SECONDS, source),
        expiryFromUnixSeconds(null, source),
        expiryFromUnixSeconds(undefined, source),
      ]).toEqual(["2025-01-01T00:00:00.000Z", undefined, undefined]);
      expect(warnings).toEqual([]);
    });

    it("treats milliseconds sent as seconds (beyond 9999) as never expiring, with a warning of the magnitude", () => {
      // Act
      const expiry = expiryFromUnixSeconds(MS_AS_SECONDS, source);

      // Assess
      expect(expiry).toBeUndefined();
      expect(warnings).toEqual([
        [
          "acme listKeys: expires_at lies beyond year 9999 (1.7e+12 seconds); the key is treated as never expiring",
          {
            vendor: "acme",
            operation: "listKeys",
            field: "expires_at",
            magnitude: "1.7e+12 seconds",
          },
        ],
      ]);
    });

    it("treats a value beyond what Date can hold (1e20 s) as never expiring too, without throwing", () => {
      // Act / Assess
      expect(expiryFromUnixSeconds(1e20, source)).toBeUndefined();
      expect(warnings.map(([, a]) => a.magnitude)).toEqual(["1.0e+20 seconds"]);
    });

    it("refuses an expiry before year 0000 or not finite as a VendorResponseError", () => {
      // Act / Assess
      expect(() => expiryFromUnixSeconds(-1e12, source)).toThrow(
        expect.objectContaining({
          name: "VendorResponseError",
          message:
            "acme listKeys returned an expiry (expires_at) that is not a date this engine can store (before year 0000)",
          context: { vendor: "acme", operation: "listKeys" },
        }),
      );
      expect(() => expiryFromUnixSeconds(Number.NaN, source)).toThrow(
        "acme listKeys returned an expiry (expires_at) that is not a date this engine can store (not a finite number)",
      );
    });
  });

  describe("isoFromUnixSeconds (creation and last-use times)", () => {
    it("drops what it cannot store instead of writing +010000", () => {
      // Act / Assess
      expect([
        isoFromUnixSeconds(SECONDS),
        isoFromUnixSeconds(MS_AS_SECONDS),
        isoFromUnixSeconds(1e20),
        isoFromUnixSeconds(null),
      ]).toEqual(["2025-01-01T00:00:00.000Z", undefined, undefined, undefined]);
      expect(warnings).toEqual([]);
    });
  });

  describe("expiryFromDateString", () => {
    it("reads ISO-8601, date-only and RFC 2822 strings; empty and null are no expiry", () => {
      // Act / Assess
      expect(
        [
          "2025-06-01T05:06:07Z",
          "2025-06-01",
          "Tue, 01 Jan 2030 00:00:00 GMT",
          "9999-12-31T23:59:59Z",
          "",
          null,
        ].map((v) => expiryFromDateString(v, source)),
      ).toEqual([
        "2025-06-01T05:06:07.000Z",
        "2025-06-01T00:00:00.000Z",
        "2030-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.000Z",
        undefined,
        undefined,
      ]);
    });

    it("treats a year beyond 9999 as never expiring, with the year as the magnitude", () => {
      // Act
      const expiries = ["+010000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "+300000-01-01"].map(
        (v) => expiryFromDateString(v, source),
      );

      // Assess
      expect(expiries).toEqual([undefined, undefined, undefined]);
      expect(warnings.map(([, a]) => a.magnitude)).toEqual([
        "year 10000",
        "year 10000",
        "year 300000",
      ]);
    });

    it("refuses a string that is not a date as a VendorResponseError", () => {
      // Act / Assess
      expect(() => expiryFromDateString("never", source)).toThrow(
        "acme listKeys returned an expiry (expires_at) that is not a date this engine can store (not a date string)",
      );
    });
  });

  describe("isoFromDateString (creation and last-use times)", () => {
    it("drops unparseable and unstorable strings", () => {
      // Act / Assess
      expect(
        ["2025-06-01T05:06:07Z", "+010000-01-01T00:00:00Z", "never", null].map(isoFromDateString),
      ).toEqual(["2025-06-01T05:06:07.000Z", undefined, undefined, undefined]);
    });
  });

  describe("isoTime and optionalTimes (configurable adapter)", () => {
    it("reads seconds, milliseconds and strings, dropping creation times beyond 9999", () => {
      // Act / Assess
      expect(
        [SECONDS, String(SECONDS), MS_AS_SECONDS, 3e14, "2025-01-01T00:00:00Z", true].map(isoTime),
      ).toEqual([
        "2025-01-01T00:00:00.000Z",
        "2025-01-01T00:00:00.000Z",
        "2025-01-01T00:00:00.000Z",
        undefined,
        "2025-01-01T00:00:00.000Z",
        undefined,
      ]);
      expect(readVendorTime(true)).toEqual({ kind: "not-a-date", reason: "a boolean" });
    });

    it("gives no expiresAt for an expiry beyond 9999 but keeps the other times", () => {
      // Act
      const times = optionalTimes(
        { created: SECONDS, expires: 3e14 },
        { createdAt: "created", expiresAt: "expires" },
        { vendor: "http", operation: "createKey" },
      );

      // Assess
      expect(times).toEqual({ createdAt: "2025-01-01T00:00:00.000Z" });
      expect(warnings.map(([m]) => m)).toEqual([
        "http createKey: expires lies beyond year 9999 (3.0e+14 milliseconds); the key is treated as never expiring",
      ]);
    });

    it("refuses an expiry that is not a date", () => {
      // Act / Assess
      expect(() =>
        optionalTimes(
          { expires: "soon" },
          { expiresAt: "expires" },
          { vendor: "http", operation: "listKeys" },
        ),
      ).toThrow(
        "http listKeys returned an expiry (expires) that is not a date this engine can store (not a date string)",
      );
    });
  });

  describe("through an adapter", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    it("creates a key whose 'never' expiry is storable: no expiresAt, the stored-key schema accepts it", async () => {
      // Prepare
      server.handler = () => ({
        status: 200,
        body: {
          success: true,
          errors: [],
          messages: [],
          result: { id: "t1", value: "v".repeat(40), expires_on: "+010000-01-01T00:00:00Z" },
        },
      });
      const adapter = new CloudflareAdapter({
        options: cloudflareOptionsSchema.parse({ baseUrl: server.baseUrl, policies: SIM_POLICIES }),
        credential: async () => ({ apiToken: "admin-token-admin-token-admin" }),
      });

      // Act
      const created = await adapter.createKey({ name: "k", ttlDays: 0 });
      const stored = storedKeySchema.safeParse({
        apiKey: created.secret,
        keyId: created.id,
        keyName: "k",
        vendor: "cloudflare",
        createdAt: "2025-01-01T00:00:00.000Z",
        ...(created.expiresAt === undefined ? {} : { expiresAt: created.expiresAt }),
        rotationToken: "token",
      });

      // Assess
      expect(created.expiresAt).toBeUndefined();
      expect(stored.success).toBe(true);
      expect(warnings.map(([m]) => m)).toEqual([
        "cloudflare createKey: expires_on lies beyond year 9999 (year 10000); the key is treated as never expiring",
      ]);
    });
  });
});
