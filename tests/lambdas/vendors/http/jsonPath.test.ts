import { parseJsonPath, readJsonPath, readPath } from "../../../../lambdas/vendors/http/jsonPath";

describe("parseJsonPath", () => {
  it.each([
    ["", []],
    ["$", []],
    ["data", ["data"]],
    ["data.attributes.key", ["data", "attributes", "key"]],
    ["result[0].id", ["result", 0, "id"]],
    ["$.data[1]", ["data", 1]],
    ["$[0].id", [0, "id"]],
    ["[2]", [2]],
    ["rows[1][0]", ["rows", 1, 0]],
    ["page-info.next_url", ["page-info", "next_url"]],
    ["$oid", ["$oid"]],
  ])("parses %j", (text, expected) => {
    // Act / Assess
    expect(parseJsonPath(text)).toEqual(expected);
  });

  it.each(["a..b", "a.", ".a", "a[x]", "a[-1]", "a b", "a]", "a[0]b", "a[]"])(
    "refuses %j",
    (text) => {
      // Act / Assess
      expect(parseJsonPath(text)).toBeUndefined();
    },
  );
});

describe("readJsonPath", () => {
  const body = {
    data: { id: "k1", attributes: { key: "s3cr3t", tags: ["a", "b"] } },
    result: [{ id: 7 }, { id: 8 }],
    nothing: null,
  };

  it("reads nested keys and indexes", () => {
    // Act / Assess
    expect({
      key: readPath(body, "data.attributes.key"),
      tag: readPath(body, "data.attributes.tags[1]"),
      second: readPath(body, "result[1].id"),
      root: readPath(body, ""),
      nothing: readPath(body, "nothing"),
    }).toEqual({ key: "s3cr3t", tag: "b", second: 8, root: body, nothing: null });
  });

  it("answers undefined for missing steps, wrong kinds and inherited properties", () => {
    // Act / Assess
    expect([
      readPath(body, "data.missing.key"),
      readPath(body, "result[5].id"),
      readPath(body, "data[0]"),
      readPath(body, "result.id"),
      readPath(body, "nothing.id"),
      readPath(body, "data.constructor"),
      readJsonPath(body, ["__proto__"]),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("throws on a path that does not parse", () => {
    // Act / Assess
    expect(() => readPath(body, "a..b")).toThrow('invalid JSON path "a..b"');
  });
});
