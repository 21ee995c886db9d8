import { ConfigurationError } from "../../../../lambdas/contract/errors";
import { GitLabAdapter } from "../../../../lambdas/vendors/gitlab/gitLabAdapter";
import type { GitLabOptions } from "../../../../lambdas/vendors/gitlab/options";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import {
  SIM_GROUP,
  SIM_PROJECT,
  startGitLabSimulator,
  type GitLabSimulator,
} from "../../../../harness/simulators/gitlab/gitLabSimulator";

/** 2026-01-15T12:00:00Z, the clock of adapter and simulator. */
const NOW = Date.UTC(2026, 0, 15, 12);

describe("GitLabAdapter against the GitLab simulator", () => {
  let sim: GitLabSimulator;

  const adapterWith = (options: Partial<GitLabOptions> = {}, token = sim.adminToken) =>
    new GitLabAdapter({
      options: {
        scope: "project",
        id: SIM_PROJECT.id,
        scopes: ["read_api"],
        maxLifetimeDays: 365,
        baseUrl: sim.baseUrl,
        ...options,
      },
      credential: () => Promise.resolve({ token }),
      http: new VendorHttp({ vendor: "gitlab", baseDelayMs: 1, maxAttempts: 4 }),
      now: () => NOW,
    });

  beforeAll(async () => {
    sim = await startGitLabSimulator({ maxActiveKeys: 1000, now: () => NOW });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it("creates a project token with scopes, role and an expiry date ttlDays ahead", async () => {
    // Act
    const created = await adapterWith({ accessLevel: 20 }).createKey({
      name: "rotated-g-1",
      ttlDays: 90,
    });

    // Assess
    const exchange = sim.exchanges.at(-1);
    expect([exchange?.method, exchange?.path, exchange?.status]).toEqual([
      "POST",
      `/api/v4/projects/${SIM_PROJECT.id}/access_tokens`,
      201,
    ]);
    expect(JSON.parse(exchange?.requestBody ?? "")).toEqual({
      name: "rotated-g-1",
      scopes: ["read_api"],
      expires_at: "2026-04-15",
      access_level: 20,
    });
    expect(exchange?.requestHeaders["private-token"]).toBe(sim.adminToken);
    expect(created).toEqual({
      id: expect.stringMatching(/^\d+$/) as unknown,
      name: "rotated-g-1",
      createdAt: "2026-01-15T12:00:00.000Z",
      expiresAt: "2026-04-15T00:00:00.000Z",
      secret: expect.stringMatching(/^glpat-/) as unknown,
    });
  });

  it("leaves expires_at to GitLab's maximum lifetime for ttlDays 0", async () => {
    // Act
    const created = await adapterWith().createKey({ name: "rotated-g-2", ttlDays: 0 });

    // Assess
    expect(JSON.parse(sim.exchanges.at(-1)?.requestBody ?? "")).toEqual({
      name: "rotated-g-2",
      scopes: ["read_api"],
    });
    expect(created.expiresAt).toBe("2027-01-15T00:00:00.000Z");
  });

  it("refuses a ttl beyond the instance's maximum lifetime before calling GitLab", async () => {
    // Act
    const error = await adapterWith()
      .createKey({ name: "rotated-g-3", ttlDays: 400 })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      "Invalid key lifetime for gitlab: ROTATION_KEY_TTL_DAYS is 400, but GitLab access tokens may live at most 365 days. Lower it, or raise `maxLifetimeDays` if your instance allows longer lifetimes.",
    );
    expect(sim.requests).toEqual([]);
  });

  it("manages group tokens, and projects named by their full path", async () => {
    // Act
    await adapterWith({ scope: "group", id: SIM_GROUP.id }).createKey({
      name: "rotated-g-4",
      ttlDays: 1,
    });
    await adapterWith({ id: SIM_PROJECT.path }).listKeys();

    // Assess
    expect(sim.exchanges.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `POST /api/v4/groups/${SIM_GROUP.id}/access_tokens 201`,
      "GET /api/v4/projects/simulated-group%2Fsimulated-project/access_tokens 200",
    ]);
  });

  it("lists active tokens only, across X-Next-Page pages", async () => {
    // Prepare: 230 tokens of the project make three pages of 100; one is revoked.
    const adapter = adapterWith();
    const existing = (await adapter.listKeys()).length;
    for (let i = existing; i < 230; i++) await adapter.createKey({ name: `bulk-${i}`, ttlDays: 1 });
    const revoked = (await adapter.listKeys())[5];
    await adapter.revokeKey(revoked?.id ?? "");
    sim.reset();

    // Act
    const keys = await adapter.listKeys();

    // Assess
    expect(keys).toHaveLength(229);
    expect(keys.map((k) => k.id)).not.toContain(revoked?.id);
    expect(sim.exchanges.map((e) => e.search)).toEqual([
      "?state=active&per_page=100&page=1",
      "?state=active&per_page=100&page=2",
      "?state=active&per_page=100&page=3",
    ]);
  });

  it("revokes with DELETE, and treats an already revoked or unknown token as gone", async () => {
    // Prepare
    const adapter = adapterWith();
    const created = await adapter.createKey({ name: "rotated-g-5", ttlDays: 1 });
    sim.reset();

    // Act
    const outcomes = [
      await adapter.revokeKey(created.id),
      await adapter.revokeKey(created.id),
      await adapter.revokeKey("999999"),
    ];

    // Assess
    expect(outcomes).toEqual(["revoked", "already-gone", "already-gone"]);
    expect(sim.exchanges.map((e) => `${e.method} ${e.status}`)).toEqual([
      "DELETE 204",
      "DELETE 400",
      "GET 200",
      "DELETE 404",
    ]);
  });

  it("never calls the rotate endpoint", async () => {
    // Act: a full lifecycle through the adapter.
    const adapter = adapterWith();
    const created = await adapter.createKey({ name: "rotated-g-6", ttlDays: 1 });
    await adapter.verifyKey(created.secret);
    await adapter.listKeys();
    await adapter.revokeKey(created.id);

    // Assess
    expect(sim.requests.filter((r) => r.path.includes("rotate"))).toEqual([]);
  });

  it("verifies with /personal_access_tokens/self: valid, valid without read_api, rejected", async () => {
    // Prepare
    const readApi = await adapterWith().createKey({ name: "rotated-g-7", ttlDays: 1 });
    const repoOnly = await adapterWith({ scopes: ["read_repository"] }).createKey({
      name: "rotated-g-8",
      ttlDays: 1,
    });
    sim.reset();

    // Act
    const results = [
      await adapterWith().verifyKey(readApi.secret),
      await adapterWith().verifyKey(repoOnly.secret),
      await adapterWith().verifyKey("glpat-not-a-real-token-000"),
    ];

    // Assess
    expect(results).toEqual([
      { outcome: "valid" },
      { outcome: "valid" },
      { outcome: "rejected", status: 401 },
    ]);
    expect(sim.exchanges.map((e) => `${e.path} ${e.status}`)).toEqual([
      "/api/v4/personal_access_tokens/self 200",
      "/api/v4/personal_access_tokens/self 403",
      "/api/v4/personal_access_tokens/self 401",
    ]);
  });

  it("waits out a plain-text 429 on create, honouring Retry-After", async () => {
    // Prepare
    sim.faults.failNext("create", 1, 429, { retryAfterSeconds: 0 });

    // Act
    await adapterWith().createKey({ name: "rotated-g-9", ttlDays: 1 });

    // Assess
    expect(
      sim.exchanges.map((e) => [e.status, e.responseBody, e.responseHeaders["Retry-After"]]),
    ).toEqual([
      [429, "Retry later\n", "0"],
      [201, expect.any(String), undefined],
    ]);
  });

  it("reports a rejected admin token with GitLab's message and what to check", async () => {
    // Act
    const error = await adapterWith({}, "glpat-wrong-token-0000000")
      .listKeys()
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe("VendorAuthError");
    expect((error as Error).message).toBe(
      "gitlab listKeys failed with HTTP 401: 401 Unauthorized (check the personal access token in the admin credential secret (api scope, Maintainer of the project))",
    );
  });
});
