import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GitLabAdapter } from "../../../../lambdas/vendors/gitlab/gitLabAdapter";
import { VendorHttp } from "../../../../lambdas/vendors/kit/transport";
import {
  SIM_PROJECT,
  startGitLabSimulator,
  type GitLabSimulator,
} from "../../../../harness/simulators/gitlab/gitLabSimulator";

describe("GitLab's rotate endpoint (why the adapter never calls it)", () => {
  let sim: GitLabSimulator;
  const rotate = (tokenId: string) =>
    fetch(`${sim.baseUrl}/projects/${SIM_PROJECT.id}/access_tokens/${tokenId}/rotate`, {
      method: "POST",
      headers: { "PRIVATE-TOKEN": sim.adminToken },
    });

  beforeAll(async () => {
    sim = await startGitLabSimulator();
  });
  afterAll(() => sim.close());

  it("kills the old token at once, and a retried rotate revokes the whole family", async () => {
    // Prepare
    const adapter = new GitLabAdapter({
      options: {
        scope: "project",
        id: SIM_PROJECT.id,
        scopes: ["api"],
        maxLifetimeDays: 365,
        baseUrl: sim.baseUrl,
      },
      credential: () => Promise.resolve({ token: sim.adminToken }),
    });
    const original = await adapter.createKey({ name: "family", ttlDays: 30 });

    // Act
    const first = await rotate(original.id);
    const rotated = (await first.json()) as { id: number; token: string };
    const oldWorksAfterRotate = sim.isKeyAccepted(original.secret);
    const retry = await rotate(original.id);

    // Assess
    expect([first.status, retry.status]).toEqual([200, 401]);
    expect(oldWorksAfterRotate).toBe(false);
    expect(sim.isKeyAccepted(rotated.token)).toBe(false);
    expect(sim.activeKeys()).toEqual([]);
  });
});

describe("GitLab listing without X-Next-Page (Link header only)", () => {
  let server: Server;
  let baseUrl: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  let nextLink = "";

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", headers: req.headers });
      const first = /[?&]page=1(&|$)/.test(req.url ?? "");
      const body = JSON.stringify([
        { id: first ? 1 : 2, name: `t${first ? 1 : 2}`, active: true, revoked: false },
      ]);
      res.writeHead(200, {
        "content-type": "application/json",
        ...(first ? { link: nextLink } : {}),
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
  });

  const adapter = () =>
    new GitLabAdapter({
      options: { scope: "project", id: 5, scopes: ["api"], maxLifetimeDays: 365, baseUrl },
      credential: () => Promise.resolve({ token: "glpat-link-test-token-0000" }),
      http: new VendorHttp({ vendor: "gitlab", baseDelayMs: 1 }),
    });

  it("follows a same-origin rel=next link", async () => {
    // Prepare
    nextLink = `<${baseUrl}/projects/5/access_tokens?state=active&per_page=100&page=2>; rel="next"`;

    // Act
    const keys = await adapter().listKeys();

    // Assess
    expect(keys.map((k) => k.id)).toEqual(["1", "2"]);
    expect(seen.map((s) => s.url)).toEqual([
      "/api/v4/projects/5/access_tokens?state=active&per_page=100&page=1",
      "/api/v4/projects/5/access_tokens?state=active&per_page=100&page=2",
    ]);
  });

  it("does not follow a link to another host with the token", async () => {
    // Prepare
    nextLink = `<https://elsewhere.example/api/v4/projects/5/access_tokens?page=2>; rel="next"`;

    // Act
    const keys = await adapter().listKeys();

    // Assess
    expect(keys.map((k) => k.id)).toEqual(["1"]);
    expect(seen).toHaveLength(1);
  });
});
