import { ConfigurationError } from "../../../../lambdas/contract/errors";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import type { TwilioAdminCredential } from "../../../../lambdas/vendors/twilio/options";
import { TwilioAdapter } from "../../../../lambdas/vendors/twilio/twilioAdapter";
import {
  startTwilioSimulator,
  type TwilioSimulator,
} from "../../../../harness/simulators/twilio/twilioSimulator";

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("TwilioAdapter against the Twilio simulator", () => {
  let sim: TwilioSimulator;

  const adapterWith = (credential?: TwilioAdminCredential) =>
    new TwilioAdapter({
      options: { accountSid: sim.account.accountSid, baseUrl: sim.baseUrl },
      credential: () => Promise.resolve(credential ?? { authToken: sim.account.authToken }),
      http: new VendorHttp({ vendor: "twilio", baseDelayMs: 1, maxAttempts: 4 }),
    });

  beforeAll(async () => {
    sim = await startTwilioSimulator({ maxActiveKeys: 2000 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it("creates a key with a form-encoded FriendlyName; the secret is the SK…:secret pair", async () => {
    // Act
    const created = await adapterWith().createKey({ name: "rotated-t-1", ttlDays: 90 });

    // Assess
    const exchange = sim.exchanges.at(-1);
    expect([exchange?.method, exchange?.path, exchange?.status]).toEqual([
      "POST",
      `/2010-04-01/Accounts/${sim.account.accountSid}/Keys.json`,
      201,
    ]);
    expect(exchange?.requestBody).toBe("FriendlyName=rotated-t-1");
    expect(exchange?.requestHeaders["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(exchange?.requestHeaders.authorization).toBe(
      basic(sim.account.accountSid, sim.account.authToken),
    );
    const key = sim.keys().at(-1);
    expect(created).toEqual({
      id: key?.id,
      name: "rotated-t-1",
      createdAt: new Date((key?.createdAt ?? 0) * 1000).toISOString(),
      secret: `${key?.id}:${key?.secret}`,
    });
    expect(created.expiresAt).toBeUndefined();
  });

  it("manages keys with a Main API key as the admin credential", async () => {
    // Prepare
    const adapter = adapterWith({
      apiKeySid: sim.account.mainKeySid,
      apiKeySecret: sim.account.mainKeySecret,
    });

    // Act
    const created = await adapter.createKey({ name: "rotated-t-2", ttlDays: 0 });

    // Assess
    expect(sim.exchanges.at(-1)?.requestHeaders.authorization).toBe(
      basic(sim.account.mainKeySid, sim.account.mainKeySecret),
    );
    expect(await adapter.revokeKey(created.id)).toBe("revoked");
  });

  it("refuses a key name longer than Twilio's 64 characters before calling Twilio", async () => {
    // Act
    const error = await adapterWith()
      .createKey({ name: "x".repeat(65), ttlDays: 1 })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      "Invalid key name for twilio: the key name is 65 characters, but a Twilio FriendlyName holds at most 64. Use a ROTATION_KEY_NAME_PREFIX of at most 16 characters.",
    );
    expect(sim.requests).toEqual([]);
  });

  it("verifies with the key's own Basic credentials on a resource Standard keys may read", async () => {
    // Prepare
    const created = await adapterWith().createKey({ name: "rotated-t-3", ttlDays: 1 });
    const revoked = await adapterWith().createKey({ name: "rotated-t-4", ttlDays: 1 });
    await adapterWith().revokeKey(revoked.id);
    sim.reset();

    // Act
    const results = [
      await adapterWith().verifyKey(created.secret),
      await adapterWith().verifyKey(revoked.secret),
    ];

    // Assess
    expect(results).toEqual([{ outcome: "valid" }, { outcome: "rejected", status: 401 }]);
    const [sid, secret] = created.secret.split(":");
    expect(sim.exchanges.map((e) => [`${e.path}${e.search}`, e.status])).toEqual([
      [`/2010-04-01/Accounts/${sim.account.accountSid}/Applications.json?PageSize=1`, 200],
      [`/2010-04-01/Accounts/${sim.account.accountSid}/Applications.json?PageSize=1`, 401],
    ]);
    expect(sim.exchanges[0]?.requestHeaders.authorization).toBe(basic(sid ?? "", secret ?? ""));
  });

  it("shows why the Account resource is no verify endpoint: Standard keys get 20003 there", async () => {
    // Prepare
    const created = await adapterWith().createKey({ name: "rotated-t-5", ttlDays: 1 });
    const [sid, secret] = created.secret.split(":");

    // Act
    const res = await fetch(`${sim.baseUrl}/2010-04-01/Accounts/${sim.account.accountSid}.json`, {
      headers: { authorization: basic(sid ?? "", secret ?? "") },
    });

    // Assess
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 20003,
      message: "Authentication Error - invalid username",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
  });

  it("lists every key across next_page_uri pages", async () => {
    // Prepare: 1,001 keys make two pages of 1,000.
    const adapter = adapterWith();
    const missing = 1001 - sim.activeKeys().length;
    for (let i = 0; i < missing; i++) await adapter.createKey({ name: `bulk-${i}`, ttlDays: 0 });
    sim.reset();

    // Act
    const keys = await adapter.listKeys();

    // Assess
    expect(keys.map((k) => k.id)).toEqual(sim.activeKeys().map((k) => k.id));
    const last = sim.activeKeys()[999]?.id ?? "";
    expect(sim.exchanges.map((e) => e.search)).toEqual([
      "?PageSize=1000",
      `?PageSize=1000&Page=1&PageToken=PA${last}`,
    ]);
  });

  it("revokes a key once, then reports it already gone", async () => {
    // Prepare
    const created = await adapterWith().createKey({ name: "rotated-t-6", ttlDays: 1 });
    sim.reset();

    // Act
    const outcomes = [
      await adapterWith().revokeKey(created.id),
      await adapterWith().revokeKey(created.id),
    ];

    // Assess
    expect(outcomes).toEqual(["revoked", "already-gone"]);
    expect(sim.exchanges.map((e) => `${e.method} ${e.status}`)).toEqual([
      "DELETE 204",
      "DELETE 404",
    ]);
  });

  it("turns the cap refusal into a VendorCapacityError, and 500 on create into one attempt", async () => {
    // Prepare
    sim.faults.maxActiveKeys = sim.activeKeys().length;
    sim.faults.failNext("create", 1, 500);

    // Act
    const failed = await adapterWith()
      .createKey({ name: "rotated-t-7", ttlDays: 1 })
      .catch((e: unknown) => e);
    const capped = await adapterWith()
      .createKey({ name: "rotated-t-7", ttlDays: 1 })
      .catch((e: unknown) => e);

    // Assess
    expect((failed as Error).message).toBe(
      "twilio createKey failed with HTTP 500: 20500 An internal server error has occurred",
    );
    expect((capped as Error).name).toBe("VendorCapacityError");
    expect((capped as Error).message).toBe(
      `twilio refused a new key: 20001 Maximum number of API keys (${sim.faults.maxActiveKeys}) reached for this account. Delete a key before creating a new one.`,
    );
    expect(sim.requests.map((r) => r.status)).toEqual([500, 400]);
  });

  it("reports rejected admin credentials with Twilio's code and what to check", async () => {
    // Act
    const error = await adapterWith({ authToken: "0".repeat(32) })
      .listKeys()
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe("VendorAuthError");
    expect((error as Error).message).toBe(
      "twilio listKeys failed with HTTP 401: 20003 Authenticate (check the Auth Token or Main API key in the admin credential secret, and `accountSid`)",
    );
  });
});
