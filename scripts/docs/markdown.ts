/**
 * Markdown helpers for the generated regions of the README and docs/: tables,
 * and the `<!-- generated:<name> -->` … `<!-- /generated:<name> -->` markers
 * that separate generated text from the hand-written prose around it.
 */

/** One table cell: a single line, with `|` escaped (GitHub needs it even inside code spans). */
export function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

/** A GitHub table; Prettier aligns the columns when the page is written. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** `text` in a code span. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** The opening and closing markers of a generated region. */
export function markers(region: string): { readonly open: string; readonly close: string } {
  return { open: `<!-- generated:${region} -->`, close: `<!-- /generated:${region} -->` };
}

/**
 * `page` with the text between the markers of `region` replaced by `content`.
 * Throws, naming the page and the region, when the markers are missing.
 */
export function replaceRegion(page: string, file: string, region: string, content: string): string {
  const { open, close } = markers(region);
  const start = page.indexOf(open);
  const end = page.indexOf(close);
  if (start < 0 || end < start) {
    throw new Error(
      `${file} has no region ${open} … ${close}: add both markers where the generated text belongs.`,
    );
  }
  return `${page.slice(0, start + open.length)}\n\n${content.trim()}\n\n${page.slice(end)}`;
}
