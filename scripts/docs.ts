/**
 * `npm run docs`: regenerates the generated regions of README.md and docs/
 * (between `<!-- generated:<name> -->` markers) from the sources: the
 * component analyzer's schema and TSDoc, the contract's settings and metric
 * names, the vendor registry, the CLI's help, the alarms and the cost model.
 * Needs the Lambda bundle (`npm run build`): the component checks it exists.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderPages, ROOT } from "./docs/pages";

async function main(): Promise<void> {
  const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
  const pages = await renderPages(read);
  for (const [file, text] of pages) {
    const changed = read(file) !== text;
    if (changed) writeFileSync(path.join(ROOT, file), text);
    console.log(`${changed ? "updated  " : "unchanged"} ${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(`docs failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
