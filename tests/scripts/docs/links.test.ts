import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PAGES = ["README.md", ...readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)].filter(
  (f) => f.endsWith(".md"),
);

/** Every Markdown link target of a page (code blocks left out). */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

/** GitHub's anchor for a heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1] as string)));
}

describe("links in the README and docs/", () => {
  it.each(PAGES)("%s links only to files inside the repository", (page) => {
    // Act
    const broken = linksOf(readFileSync(path.join(ROOT, page), "utf8")).filter((link) => {
      if (/^[a-z]+:/i.test(link)) return true; // http(s), mailto: outside the repository
      const [target = "", anchor] = link.split("#");
      const file = target === "" ? page : path.join(path.dirname(page), target);
      const resolved = path.resolve(ROOT, file);
      if (!resolved.startsWith(ROOT + path.sep) || !existsSync(resolved)) return true;
      return anchor !== undefined && file.endsWith(".md") && !anchorsOf(file).has(anchor);
    });
    // Assess
    expect(broken).toEqual([]);
  });

  it("finds the links it checks, and flags one that leaves the repository", () => {
    expect(linksOf("see [a](docs/a.md#x) and [b](../shared/b.md)\n```\n[c](d)\n```")).toEqual([
      "docs/a.md#x",
      "../shared/b.md",
    ]);
    expect(path.resolve(ROOT, "../shared/b.md").startsWith(ROOT + path.sep)).toBe(false);
    expect(anchorOf("Try it locally: `npm start` and `npm test`")).toBe(
      "try-it-locally-npm-start-and-npm-test",
    );
  });
});
