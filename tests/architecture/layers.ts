/**
 * The layer table (layers.json) read for the test and the docs: which layer a
 * file belongs to and whether one unit may import another. eslint.config.mjs
 * reads the same JSON to build its per-folder rules; docs/architecture.md
 * describes it. Paths are repository-relative with forward slashes.
 */
import { builtinModules } from "node:module";
import path from "node:path";
import table from "./layers.json";

export const ROOT = path.resolve(__dirname, "..", "..");

export type Part =
  | { kind: "tree"; dir: string }
  | { kind: "each"; dir: string }
  | { kind: "flat"; dir: string }
  | { kind: "file"; file: string };

export interface Layer {
  name: string;
  where: string[];
  mayImport: string[];
  rule: string;
  packages?: string[];
  parts: Part[];
}

/** A layer, or one folder of a `dir/*\/` layer (each vendor is its own unit). */
export interface Unit {
  name: string;
  layer: Layer;
}

export function parsePart(where: string): Part {
  if (where.endsWith("/*/")) return { kind: "each", dir: where.slice(0, -3) };
  if (where.endsWith("/*.ts")) return { kind: "flat", dir: where.slice(0, -5) };
  if (where.endsWith("/")) return { kind: "tree", dir: where.slice(0, -1) };
  return { kind: "file", file: where };
}

/** Bottom-up, as in layers.json. */
export const LAYERS: readonly Layer[] = table.layers.map((layer) => ({
  ...layer,
  parts: layer.where.map(parsePart),
}));
/** The folders (and files) that ship: they may import only along the table. */
export const SHIPPED: readonly string[] = table.shipped;
/** Tests, scripts, bench and the local harness: they import anything, nothing shipped imports them. */
export const HARNESS: readonly string[] = table.harness;
/** How deep below its folder a file may sit and still be covered by the lint blocks. */
export const LINT_DEPTH: number = table.lintDepth;

export const layerNamed = (name: string): Layer | undefined => LAYERS.find((l) => l.name === name);

const within = (file: string, dir: string): boolean => dir === "" || file.startsWith(`${dir}/`);

/** Where `file` sits: its unit and how many folders below its part's folder (undefined: in no layer). */
export function locate(file: string): { unit: Unit; depth: number } | undefined {
  for (const layer of LAYERS) {
    for (const part of layer.parts) {
      if (part.kind === "file") {
        if (file === part.file) return { unit: { name: layer.name, layer }, depth: 0 };
        continue;
      }
      if (!within(file, part.dir)) continue;
      const below = file.slice(part.dir.length + 1).split("/");
      if (part.kind === "tree")
        return { unit: { name: layer.name, layer }, depth: below.length - 1 };
      if (part.kind === "flat" && below.length === 1) {
        return { unit: { name: layer.name, layer }, depth: 0 };
      }
      if (part.kind === "each" && below.length >= 2) {
        const name = layer.name.replace("*", below[0] ?? "");
        return { unit: { name, layer }, depth: below.length - 2 };
      }
    }
  }
  return undefined;
}

export const unitOf = (file: string): Unit | undefined => locate(file)?.unit;

/** Whether code of `from` may import code of `to`: itself, or a layer it lists in `mayImport`. */
export function allows(from: Unit, to: Unit): boolean {
  return from.name === to.name || from.layer.mayImport.includes(to.layer.name);
}

/** The harness folder `file` is in, if any. */
export function harnessOf(file: string): string | undefined {
  return HARNESS.find((h) => within(file, h));
}

const BUILTINS = new Set(builtinModules);

/** Whether `layer` may import the npm package (or builtin) `specifier`; layers without `packages` may import any. */
export function packageAllowed(layer: Layer, specifier: string): boolean {
  if (!layer.packages) return true;
  if (specifier.startsWith("node:") || BUILTINS.has(specifier.split("/")[0] ?? "")) return true;
  return layer.packages.some((p) => specifier === p || specifier.startsWith(`${p}/`));
}
