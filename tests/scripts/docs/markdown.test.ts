import { cell, replaceRegion, table } from "../../../scripts/docs/markdown";

describe("markdown helpers", () => {
  it("replace only the text between a region's markers", () => {
    // Prepare
    const page = "intro\n<!-- generated:x -->\nold\n<!-- /generated:x -->\noutro\n";
    // Act
    const out = replaceRegion(page, "docs/x.md", "x", "new");
    // Assess
    expect(out).toBe("intro\n<!-- generated:x -->\n\nnew\n\n<!-- /generated:x -->\noutro\n");
  });

  it("refuse a page without the markers, naming the file and the region", () => {
    expect(() => replaceRegion("no markers", "docs/x.md", "x", "new")).toThrow(
      "docs/x.md has no region <!-- generated:x --> … <!-- /generated:x -->: add both markers where the generated text belongs.",
    );
  });

  it("keep a table cell on one line with its pipes escaped", () => {
    expect(cell('`"us" | "eu"`\n  or none')).toBe('`"us" \\| "eu"` or none');
    expect(table(["a", "b"], [["1", "2"]])).toBe("| a | b |\n| --- | --- |\n| 1 | 2 |");
  });
});
