import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface Run {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The caller's environment without the `npm_*` variables `npm test` sets
 * (`npm_config_local_prefix`, `npm_package_*`, …), which would make an npm
 * started in a temporary app act on this repository. The registry, cache and
 * user config the caller chose are kept, so every install shares one cache.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const keep =
    /^npm_config_(registry|cache|userconfig|globalconfig|(https?_)?proxy|noproxy|strict_ssl|cafile)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) || keep.test(name)) env[name] = value;
  }
  return {
    ...env,
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    NO_COLOR: "1",
  };
}

/** Runs a command to its end; never throws, so a check can show what went wrong. */
export function run(
  file: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 600_000,
): Promise<Run> {
  const started = Date.now();
  const command = `(cd ${cwd} && ${[file, ...args].join(" ")})`;
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: cleanEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ command, code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Runs a command that must succeed (a build, a pack, an install): its output when it fails. */
export async function mustRun(
  file: string,
  args: readonly string[],
  cwd: string,
  timeoutMs?: number,
): Promise<Run> {
  const result = await run(file, args, cwd, timeoutMs);
  if (result.code !== 0) throw new Error(explain(result));
  return result;
}

/** A failed command as a readable message: the command, its exit code, and the start and end of its output. */
export function explain(result: Run): string {
  const tail = (text: string) => {
    const lines = text.trim().split("\n");
    if (lines.length <= 40) return lines.join("\n");
    return [...lines.slice(0, 25), `… ${lines.length - 35} lines …`, ...lines.slice(-10)].join(
      "\n",
    );
  };
  return [
    `${result.command} exited with ${result.code} after ${result.ms} ms`,
    `--- stdout ---\n${tail(result.stdout)}`,
    `--- stderr ---\n${tail(result.stderr)}`,
  ].join("\n");
}

/** Bytes of every file under `dir` (symbolic links are not followed). */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** The packages npm installed in `app` for its dependencies (not its devDependencies), from npm's hidden lockfile. */
export function productionPackages(app: string): string[] {
  const lock = JSON.parse(
    readFileSync(path.join(app, "node_modules", ".package-lock.json"), "utf8"),
  ) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([where, entry]) => where.startsWith("node_modules/") && !entry.dev && !entry.link)
    .map(([where]) => where);
}

/**
 * A `require("…")` of a package. `[require("x");]` is not a call: the AWS SDK's
 * error messages show it as the fix for a missing optional signer.
 */
export const REQUIRE = /(?<!\[)\brequire\(\s*["']([^"'.][^"']*)["']\s*\)/g;

/** Every bare `require("…")` in the JavaScript files under `dir`, with the files that make it. */
export function bareRequires(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith(".js")) {
        const text = readFileSync(full, "utf8");
        for (const match of text.matchAll(REQUIRE)) {
          const files = found.get(match[1]!) ?? [];
          files.push(path.relative(dir, full));
          found.set(match[1]!, files);
        }
      }
    }
  };
  visit(dir);
  return found;
}

/** The npm package a specifier names: `@scope/name/sub` → `@scope/name`, `zod/mini` → `zod`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * The packages the declaration files reachable from `entries` import (following
 * their relative imports), each with the first file that imports it.
 */
export function typeImports(entries: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    // Comments hold usage examples (`import … from "@rotated-api-key/consumer"`), not imports.
    const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const match of text.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g,
    )) {
      const specifier = match[1]!;
      if (!specifier.startsWith(".")) {
        if (!found.has(specifier)) found.set(specifier, file);
        continue;
      }
      const base = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ""));
      const target = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      });
      if (target) visit(target);
    }
  };
  entries.forEach(visit);
  return found;
}
