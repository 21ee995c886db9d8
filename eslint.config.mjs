// @ts-check
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

/*
 * Layers: which folder may import which (docs/architecture.md). The table is
 * tests/architecture/layers.json; below it becomes one block per folder and
 * nesting depth, whose `no-restricted-imports` pattern rejects every relative
 * import that leaves the allowed folders, with the layer's rule as the message.
 * `no-restricted-syntax` does the same for `require()`, `import()` and
 * `typeof import()`. tests/architecture/layers.test.ts lints probes against
 * every pair of layers, so a rule that drifts from the table fails a test.
 */
const table = JSON.parse(
  readFileSync(new URL("./tests/architecture/layers.json", import.meta.url), "utf8"),
);
/** This package's name and its workspaces' (`@rotated-api-key/consumer`): shipped code imports neither by name. */
const readManifest = (dir) =>
  JSON.parse(readFileSync(new URL(`${dir}package.json`, import.meta.url), "utf8"));
const rootManifest = readManifest("./");
const packageNames = [
  rootManifest.name,
  ...(rootManifest.workspaces ?? []).map((dir) => readManifest(`./${dir}/`).name),
];
const DOCS = "docs/architecture.md";

/** `dir/` → tree, `dir/*\/` → each (every subfolder its own unit), `dir/*.ts` → flat, else one file. */
function parsePart(where) {
  if (where.endsWith("/*/")) return { kind: "each", dir: where.slice(0, -3), except: [] };
  if (where.endsWith("/*.ts")) return { kind: "flat", dir: where.slice(0, -5) };
  if (where.endsWith("/")) return { kind: "tree", dir: where.slice(0, -1) };
  return { kind: "file", file: where };
}

const layers = table.layers.map((layer) => ({ ...layer, parts: layer.where.map(parsePart) }));
// A subfolder that an earlier layer claims (vendors/kit) is not one of the `each` units.
layers.forEach((layer, index) => {
  for (const part of layer.parts.filter((p) => p.kind === "each")) {
    for (const earlier of layers.slice(0, index).flatMap((l) => l.parts)) {
      if (earlier.kind === "tree" && path.posix.dirname(earlier.dir) === part.dir) {
        part.except.push(path.posix.basename(earlier.dir));
      }
    }
  }
});
const layerByName = new Map(layers.map((l) => [l.name, l]));

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const within = (p, dir) => dir === "" || p === dir || p.startsWith(`${dir}/`);
const relative = (from, to) => path.posix.relative(from || ".", to || ".");
const SUBFOLDER = (except) =>
  `${except.length ? `(?!(?:${except.map(escape).join("|")})(?:\\/|$))` : ""}[^\\/]+`;

/** The folders in `dir` (read when the config loads). */
function folders(dir) {
  try {
    return readdirSync(path.join(import.meta.dirname, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Regex alternatives for the rest of a specifier that, read from folder `base`, lands in `part`. */
function landings(base, part) {
  const prefix = (dir) => (relative(base, dir) ? `${escape(relative(base, dir))}\\/` : "");
  switch (part.kind) {
    case "tree":
      if (within(base, part.dir)) return [".*"];
      return within(part.dir, base) ? [`${escape(relative(base, part.dir))}(?:\\/.*)?`] : [];
    case "each":
      if (base !== part.dir && within(base, part.dir)) {
        return part.except.includes(base.slice(part.dir.length + 1).split("/")[0]) ? [] : [".*"];
      }
      return within(part.dir, base)
        ? [`${prefix(part.dir)}${SUBFOLDER(part.except)}(?:\\/.*)?`]
        : [];
    case "flat":
      // `dir/name` is a file of dir unless name is one of its folders.
      return within(part.dir, base) ? [`${prefix(part.dir)}${SUBFOLDER(folders(part.dir))}`] : [];
    default: {
      const module = part.file.replace(/\.ts$/, "");
      return within(module, base) ? [`${escape(relative(base, module))}(?:\\.ts|\\.js)?`] : [];
    }
  }
}

/** Whether `base` itself (`.`, `..`: its index file) lies in `part`. */
function holdsIndex(base, part) {
  if (part.kind === "tree") return within(base, part.dir);
  if (part.kind === "flat") return base === part.dir;
  if (part.kind === "each") return landings(base, part)[0] === ".*";
  return false;
}

/** A regex matching every relative specifier, written in `fileDir`, that lands outside `allowed`. */
function leavesAllowed(fileDir, allowed) {
  const segments = fileDir === "" ? [] : fileDir.split("/");
  const alternatives = [];
  for (let up = 0; up <= segments.length; up++) {
    const base = segments.slice(0, segments.length - up).join("/");
    const rests = allowed.flatMap((part) => landings(base, part));
    const ups = up === 0 ? "\\.\\/" : `(?:\\.\\.\\/){${up}}`;
    if (rests.length) alternatives.push(`${ups}(?!\\.\\.?(?:\\/|$))(?:${rests.join("|")})$`);
    if (allowed.some((part) => holdsIndex(base, part))) {
      alternatives.push(up === 0 ? "\\.\\/?$" : `(?:\\.\\.\\/){${up - 1}}\\.\\.\\/?$`);
    }
  }
  const rest = alternatives.length ? `(?!${alternatives.join("|")})` : "";
  return `^${rest}\\.\\.?(?:\\/|$)`;
}

const builtins = builtinModules.filter((m) => !m.startsWith("_")).map(escape);

/** The restricted patterns for files of `layer` in `fileDir`; `own` are the parts of the unit itself. */
function restrictions(layer, fileDir, own) {
  const allowed = [...own, ...layer.mayImport.flatMap((name) => layerByName.get(name).parts)];
  const message = `${layer.rule} (${DOCS}).`;
  const patterns = [
    { regex: leavesAllowed(fileDir, allowed), message },
    {
      regex: `^(?:${packageNames.map(escape).join("|")})(?:\\/|$)`,
      message: `shipped code never imports its own package by name: import the folder it means (${DOCS}).`,
    },
  ];
  if (layer.packages) {
    const names = layer.packages.map(escape).join("|");
    patterns.push({
      regex: `^(?![.\\/])(?!node:)(?!(?:${names}|${builtins.join("|")})(?:\\/|$))`,
      message,
    });
  }
  return {
    "no-restricted-imports": ["error", { patterns }],
    "no-restricted-syntax": [
      "error",
      ...patterns.flatMap(({ regex, message }) => [
        {
          selector: `CallExpression[callee.name="require"][arguments.0.value=/${regex}/]`,
          message,
        },
        { selector: `ImportExpression[source.value=/${regex}/]`, message },
        { selector: `TSImportType[source.value=/${regex}/]`, message },
      ]),
    ],
  };
}

/** One block per folder and depth (`*` stands for any folder name). */
function layerBlocks(layer) {
  const blocks = [];
  const ownParts = layer.parts.filter((p) => p.kind !== "each");
  for (const part of layer.parts) {
    if (part.kind === "flat" || part.kind === "file") {
      const fileDir = part.kind === "flat" ? part.dir : path.posix.dirname(part.file);
      blocks.push({
        name: `layers/${layer.name}: ${part.kind === "flat" ? `${part.dir}/*.ts` : part.file}`,
        files: [part.kind === "flat" ? `${part.dir}/*.ts` : part.file],
        rules: restrictions(layer, fileDir === "." ? "" : fileDir, ownParts),
      });
      continue;
    }
    const root = part.kind === "each" ? `${part.dir}/*` : part.dir;
    const own = part.kind === "each" ? [...ownParts, { kind: "tree", dir: root }] : ownParts;
    for (let depth = 0; depth <= table.lintDepth; depth++) {
      const fileDir = [root, ...Array(depth).fill("*")].join("/");
      blocks.push({
        name: `layers/${layer.name}: ${fileDir}/*.ts`,
        files: [`${fileDir}/*.ts`],
        rules: restrictions(layer, fileDir, own),
      });
    }
  }
  return blocks;
}

// The last block that matches a file wins: lower layers come last, so the
// first layer in the table whose `where` matches decides (as in the test).
const layerRules = [...layers].reverse().flatMap(layerBlocks);

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "lib/",
      "packages/*/lib/",
      "coverage/",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-console": "off",
    },
  },
  ...layerRules,
);
