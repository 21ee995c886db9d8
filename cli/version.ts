import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The package's version, from the nearest `package.json` above this file:
 * the repository's when run from source, the installed package's when run
 * from `lib/cli/`.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const version = (JSON.parse(readFileSync(file, "utf8")) as { version?: unknown }).version;
      if (typeof version === "string") return version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
