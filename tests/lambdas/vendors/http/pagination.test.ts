import { linkHeaderNext } from "../../../../lambdas/vendors/http/pagination";
import type { HttpVendorOptions } from "../../../../harness/simulators/http/configuredSimulators";
import { startTestServer, testAdapter, testOptions, type TestServer } from "./testServer";

const KEYS = ["a", "b", "c", "d", "e"].map((id) => ({ id, name: `rotated-${id}` }));

describe("key-list pagination against a loopback server", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const listWith = (list: Partial<HttpVendorOptions["list"]>) =>
    testAdapter(
      testOptions(server.baseUrl, {
        list: { path: "/v1/keys", items: "keys", fields: { id: "id", name: "name" }, ...list },
      }),
    );
  const paths = () => server.requests.map((r) => r.url);
  const ids = (keys: ReadonlyArray<{ id: string }>) => keys.map((k) => k.id);

  it("style none: reads one response", async () => {
    // Prepare
    server.handler = () => ({ status: 200, body: { keys: KEYS } });

    // Act
    const keys = await listWith({ query: { limit: "100" } }).listKeys();

    // Assess
    expect({ ids: ids(keys), paths: paths() }).toEqual({
      ids: ["a", "b", "c", "d", "e"],
      paths: ["/v1/keys?limit=100"],
    });
  });

  describe("style page", () => {
    const pageOf = (url: string, param: string, first: number, size: number) => {
      const query = new URL(url, "http://x").searchParams;
      const start = (Number(query.get(param)) - first) * size;
      return KEYS.slice(start, start + size);
    };

    it("stops at a short page", async () => {
      // Prepare
      server.handler = (req) => ({ status: 200, body: { keys: pageOf(req.url, "page", 1, 2) } });

      // Act
      const keys = await listWith({
        pagination: { style: "page", pageParam: "page", sizeParam: "per_page", pageSize: 2 },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: [
          "/v1/keys?per_page=2&page=1",
          "/v1/keys?per_page=2&page=2",
          "/v1/keys?per_page=2&page=3",
        ],
      });
    });

    it("counts from page 0 and stops at an empty page when no size is sent", async () => {
      // Prepare
      server.handler = (req) => ({
        status: 200,
        body: { keys: pageOf(req.url, "page[number]", 0, 3) },
      });

      // Act
      const keys = await listWith({
        pagination: { style: "page", pageParam: "page[number]", firstPage: 0 },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: [
          "/v1/keys?page%5Bnumber%5D=0",
          "/v1/keys?page%5Bnumber%5D=1",
          "/v1/keys?page%5Bnumber%5D=2",
        ],
      });
    });

    it("stops at the total number of pages the vendor reports", async () => {
      // Prepare
      server.handler = (req) => ({
        status: 200,
        body: { result: pageOf(req.url, "page", 1, 3), result_info: { total_pages: 2 } },
      });

      // Act
      const keys = await listWith({
        items: "result",
        pagination: { style: "page", pageParam: "page", totalPagesPath: "result_info.total_pages" },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: ["/v1/keys?page=1", "/v1/keys?page=2"],
      });
    });
  });

  describe("style nextUrl", () => {
    it("follows relative and absolute links from the body", async () => {
      // Prepare
      server.handler = (req) =>
        req.url === "/v1/keys?PageSize=2"
          ? {
              status: 200,
              body: { keys: KEYS.slice(0, 2), meta: { next: "/v1/keys?Page=1&PageSize=2" } },
            }
          : req.url === "/v1/keys?Page=1&PageSize=2"
            ? {
                status: 200,
                body: {
                  keys: KEYS.slice(2, 4),
                  meta: { next: `${server.baseUrl}/v1/keys?Page=2&PageSize=2` },
                },
              }
            : { status: 200, body: { keys: KEYS.slice(4), meta: { next: null } } };

      // Act
      const keys = await listWith({
        pagination: {
          style: "nextUrl",
          nextUrlFrom: "body",
          nextUrlPath: "meta.next",
          sizeParam: "PageSize",
          pageSize: 2,
        },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: ["/v1/keys?PageSize=2", "/v1/keys?Page=1&PageSize=2", "/v1/keys?Page=2&PageSize=2"],
      });
    });

    it("follows the Link header's rel=next", async () => {
      // Prepare
      server.handler = (req) => {
        const page = Number(new URL(req.url, "http://x").searchParams.get("p") ?? "0");
        const next = page < 2 ? `<${server.baseUrl}/v1/keys?p=${page + 1}>; rel="next", ` : "";
        return {
          status: 200,
          body: { keys: KEYS.slice(page * 2, page * 2 + 2) },
          headers: { link: `${next}<${server.baseUrl}/v1/keys?p=0>; rel="first"` },
        };
      };

      // Act
      const keys = await listWith({
        pagination: { style: "nextUrl", nextUrlFrom: "linkHeader" },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: ["/v1/keys", "/v1/keys?p=1", "/v1/keys?p=2"],
      });
    });

    it("refuses to send the admin credential to another origin", async () => {
      // Prepare
      server.handler = () => ({
        status: 200,
        body: { keys: KEYS.slice(0, 1), next: "https://elsewhere.example/v1/keys?page=2" },
      });

      // Act / Assess
      await expect(
        listWith({
          pagination: { style: "nextUrl", nextUrlFrom: "body", nextUrlPath: "next" },
        }).listKeys(),
      ).rejects.toMatchObject({
        name: "VendorResponseError",
        message: `http listKeys failed: its next-page link points to another origin (https://elsewhere.example); the admin credential is sent only to ${server.baseUrl}`,
      });
      expect(paths()).toEqual(["/v1/keys"]);
    });

    it("refuses a link back to a page already read", async () => {
      // Prepare
      server.handler = () => ({ status: 200, body: { keys: KEYS.slice(0, 1), next: "/v1/keys" } });

      // Act / Assess
      await expect(
        listWith({
          pagination: { style: "nextUrl", nextUrlFrom: "body", nextUrlPath: "next" },
        }).listKeys(),
      ).rejects.toThrow(
        "http listKeys failed: its pagination returned to a page already read (/v1/keys)",
      );
    });
  });

  describe("style cursor", () => {
    const cursorPage = (url: string) => {
      const after = new URL(url, "http://x").searchParams.get("after");
      const start = after === null ? 0 : KEYS.findIndex((k) => k.id === after) + 1;
      const data = KEYS.slice(start, start + 2);
      return {
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: start + 2 < KEYS.length,
      };
    };

    it("sends the last id until has_more is false", async () => {
      // Prepare
      server.handler = (req) => ({ status: 200, body: cursorPage(req.url) });

      // Act
      const keys = await listWith({
        items: "data",
        pagination: {
          style: "cursor",
          cursorParam: "after",
          cursorPath: "last_id",
          hasMorePath: "has_more",
          sizeParam: "limit",
          pageSize: 2,
        },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: ["/v1/keys?limit=2", "/v1/keys?limit=2&after=b", "/v1/keys?limit=2&after=d"],
      });
    });

    it("stops when the cursor is empty, without a has-more flag", async () => {
      // Prepare
      server.handler = (req) => {
        const page = cursorPage(req.url);
        return {
          status: 200,
          body: { data: page.data, next_cursor: page.has_more ? page.last_id : "" },
        };
      };

      // Act
      const keys = await listWith({
        items: "data",
        pagination: { style: "cursor", cursorParam: "after", cursorPath: "next_cursor" },
      }).listKeys();

      // Assess
      expect({ ids: ids(keys), paths: paths() }).toEqual({
        ids: ["a", "b", "c", "d", "e"],
        paths: ["/v1/keys", "/v1/keys?after=b", "/v1/keys?after=d"],
      });
    });
  });

  it("gives up after maxPages rather than return a partial list", async () => {
    // Prepare
    server.handler = (req) => ({
      status: 200,
      body: {
        keys: KEYS.slice(0, 1),
        next: `${req.url.split("?")[0]}?n=${server.requests.length}`,
      },
    });

    // Act / Assess
    await expect(
      listWith({
        maxPages: 3,
        pagination: { style: "nextUrl", nextUrlFrom: "body", nextUrlPath: "next" },
      }).listKeys(),
    ).rejects.toThrow(
      "http listKeys failed: read 3 pages and the vendor still reports more; raise `list.maxPages`",
    );
    expect(server.requests).toHaveLength(3);
  });
});

describe("linkHeaderNext", () => {
  it.each([
    [
      '<https://a.example/p2>; rel="next", <https://a.example/p9>; rel="last"',
      "https://a.example/p2",
    ],
    ['<https://a.example/p1>; rel="prev", </p3>; rel=next', "/p3"],
    ['</p4>; rel="next last"', "/p4"],
    ['<https://a.example/p1>; rel="prev"', undefined],
    [null, undefined],
  ])("reads %j", (header, expected) => {
    // Act / Assess
    expect(linkHeaderNext(header)).toBe(expected);
  });
});
