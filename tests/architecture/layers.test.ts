/**
 * One contract, one direction (docs/architecture.md): every import in the
 * shipped folders goes down the layer table (layers.json) or stays in its own
 * folder, the folders form no cycle, and the ESLint rules built from the same
 * table reject what the table forbids.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import {
  HARNESS,
  LAYERS,
  LINT_DEPTH,
  ROOT,
  SHIPPED,
  allows,
  harnessOf,
  layerNamed,
  locate,
  packageAllowed,
  unitOf,
  type Layer,
  type Unit,
} from "./layers";

/**
 * TEMPORARY allow-list of imports that break the table, written
 * `"<file> → <specifier as written>"` with a comment saying why, only while a
 * move is under way (issue 11 had six: contract → engine/core,
 * components → engine/core and engine/rotation, cli → engine/lifecycle; all
 * fixed). An entry that no longer matches an import fails the test, so the
 * list only shrinks. Keep it empty.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

interface Manifest {
  name: string;
  workspaces?: string[];
}
const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(ROOT, dir, "package.json"), "utf8")) as Manifest;
/** This package's name and its workspaces' (the consumer client's): shipped code imports neither by name. */
const PACKAGE_NAMES = [
  readManifest(".").name,
  ...(readManifest(".").workspaces ?? []).map((dir) => readManifest(dir).name),
];

interface Specifier {
  text: string;
  line: number;
}

/** Every module specifier in a file: import/export from, import = require, require(), import(), typeof import(). */
function specifiersOf(file: string, text: string): Specifier[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Specifier[] = [];
  const add = (node: ts.Node | undefined): void => {
    if (node && ts.isStringLiteralLike(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ text: node.text, line });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) add(node.expression);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The repository path a relative specifier loads (as Node/TypeScript would), or its `.ts` guess if none exists. */
function resolveRelative(fromFile: string, specifier: string): { file: string; exists: boolean } {
  const base = path.resolve(ROOT, path.dirname(fromFile), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.d.ts`,
    `${base}.json`,
    path.join(base, "index.ts"),
    base.replace(/\.js$/, ".ts"),
  ];
  const hit = candidates.find(isFile);
  const file = path
    .relative(ROOT, hit ?? `${base}.ts`)
    .split(path.sep)
    .join("/");
  return { file, exists: hit !== undefined };
}

function shippedFiles(): string[] {
  const files: string[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(ROOT, rel);
    if (!statSync(abs, { throwIfNoEntry: false })) return;
    if (statSync(abs).isFile()) {
      if (rel.endsWith(".ts")) files.push(rel);
      return;
    }
    for (const entry of readdirSync(abs)) {
      if (entry !== "node_modules") walk(`${rel}/${entry}`);
    }
  };
  SHIPPED.forEach(walk);
  return files.sort();
}

interface Edge {
  from: string;
  fromUnit: Unit;
  line: number;
  specifier: string;
  /** The file it loads, for relative specifiers. */
  to?: string;
  toUnit?: Unit;
  /** Why it breaks the table; undefined if it is allowed. */
  problem?: string;
}

const key = (e: Pick<Edge, "from" | "specifier">): string => `${e.from} → ${e.specifier}`;

function judge(fromUnit: Unit, specifier: string, fromFile: string): Omit<Edge, "line"> {
  const base = { from: fromFile, fromUnit, specifier };
  if (!specifier.startsWith(".")) {
    if (PACKAGE_NAMES.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
      return { ...base, problem: "imports its own package by name" };
    }
    return packageAllowed(fromUnit.layer, specifier)
      ? base
      : {
          ...base,
          problem: `package not allowed in ${fromUnit.layer.name}: ${fromUnit.layer.rule}`,
        };
  }
  const { file, exists } = resolveRelative(fromFile, specifier);
  const toUnit = unitOf(file);
  const where = { ...base, to: file, ...(toUnit ? { toUnit } : {}) };
  if (!toUnit) {
    const harness = harnessOf(file);
    const place = harness ? `the harness (${harness}/)` : "no layer";
    return { ...where, problem: `${file}${exists ? "" : " (not found)"} is in ${place}` };
  }
  if (allows(fromUnit, toUnit)) return where;
  return {
    ...where,
    problem: `${fromUnit.name} → ${toUnit.name} breaks "${fromUnit.layer.rule}"`,
  };
}

interface Scan {
  files: string[];
  unplaced: string[];
  tooDeep: string[];
  edges: Edge[];
}

function scan(): Scan {
  const result: Scan = { files: shippedFiles(), unplaced: [], tooDeep: [], edges: [] };
  for (const file of result.files) {
    const place = locate(file);
    if (!place) {
      result.unplaced.push(file);
      continue;
    }
    if (place.depth > LINT_DEPTH) result.tooDeep.push(`${file} (depth ${place.depth})`);
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const { text: specifier, line } of specifiersOf(file, text)) {
      result.edges.push({ ...judge(place.unit, specifier, file), line });
    }
  }
  return result;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(nodes: Iterable<string>, next: (n: string) => Iterable<string>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);
  return found;
}

function graphOf(pairs: Iterable<[string, string]>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  return graph;
}

const findCycles = (graph: Map<string, Set<string>>): string[][] =>
  cycles(graph.keys(), (n) => graph.get(n) ?? []);

/** The shortest loop through a cycle's first node, each step with the files that make it. */
function describeCycle(
  component: string[],
  edges: Edge[],
  nodeOf: (file: string) => string | undefined,
): string {
  const members = new Set(component);
  const steps = edges
    .filter((e) => e.to !== undefined)
    .map((e) => ({ e, a: nodeOf(e.from), b: nodeOf(e.to!) }))
    .filter(({ a, b }) => a && b && a !== b && members.has(a) && members.has(b));
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0 && !cameFrom.has(start)) {
    const node = queue.shift()!;
    for (const { a, b } of steps) {
      if (a === node && !cameFrom.has(b!)) {
        cameFrom.set(b!, node);
        queue.push(b!);
      }
    }
  }
  const loop = [start];
  for (let node = cameFrom.get(start); node !== undefined && node !== start;) {
    loop.unshift(node);
    node = cameFrom.get(node);
  }
  loop.unshift(start);
  const lines = loop.slice(0, -1).flatMap((a, i) => {
    const b = loop[i + 1];
    const files = steps.filter((s) => s.a === a && s.b === b).map(({ e }) => e);
    return [
      `    ${a} → ${b}:`,
      ...files.slice(0, 3).map((e) => `      ${e.from}:${e.line} imports ${e.specifier}`),
      ...(files.length > 3 ? [`      … and ${files.length - 3} more`] : []),
    ];
  });
  const joined = component.length > 2 ? ` (the cycle joins ${component.join(", ")})` : "";
  return `  ${loop.join(" → ")}${joined}\n${lines.join("\n")}`;
}

const tree = scan();
const relativeEdges = tree.edges.filter((e) => e.specifier.startsWith("."));
const violations = tree.edges.filter((e) => e.problem !== undefined);
const unexpected = violations.filter((e) => !KNOWN_VIOLATIONS.includes(key(e)));
const stale = KNOWN_VIOLATIONS.filter((k) => !violations.some((e) => key(e) === k));
const unitPairs = (edges: Edge[]): [string, string][] =>
  edges.filter((e) => e.toUnit).map((e) => [e.fromUnit.name, e.toUnit!.name]);
/** Every cycle, for the report; the test fails only on those left without the allow-listed edges. */
const unitCycles = findCycles(graphOf(unitPairs(relativeEdges)));
const unitCyclesNotAllowed = findCycles(
  graphOf(unitPairs(relativeEdges.filter((e) => !KNOWN_VIOLATIONS.includes(key(e))))),
);
const folderGraph = graphOf(
  relativeEdges.map((e): [string, string] => [path.dirname(e.from), path.dirname(e.to!)]),
);
const folderCycles = findCycles(folderGraph);

afterAll(() => {
  const list = (items: string[]): string =>
    items.length ? items.map((i) => `  ${i}`).join("\n") : "  (none)";
  console.log(
    [
      "==================== ARCHITECTURE: CURRENT VIOLATIONS ====================",
      `Shipped files scanned: ${tree.files.length}; project imports: ${relativeEdges.length}.`,
      `Imports that break the layer table (${violations.length}; allow-listed: ${
        violations.length - unexpected.length
      }, new: ${unexpected.length}):`,
      list(violations.map((e) => `${e.from}:${e.line} → ${e.specifier}   [${e.problem}]`)),
      "Cycles between layer folders (all edges, allow-listed ones included):",
      list(unitCycles.map((c) => describeCycle(c, relativeEdges, (f) => unitOf(f)?.name).trim())),
      "Cycles between directories (reported, not failing; those between layer folders fail above):",
      list(folderCycles.map((c) => describeCycle(c, relativeEdges, (f) => path.dirname(f)).trim())),
      "Stale allow-list entries (fixed, remove them):",
      list(stale),
      "===========================================================================",
    ].join("\n"),
  );
});

describe("the layer table", () => {
  it("names only known layers, each below the layers that import it", () => {
    for (const layer of LAYERS) {
      for (const name of layer.mayImport) {
        expect({
          layer: layer.name,
          mayImport: name,
          known: layerNamed(name) !== undefined,
        }).toEqual({ layer: layer.name, mayImport: name, known: true });
        // Listed bottom-up: a layer imports only layers listed before it.
        expect(LAYERS.indexOf(layerNamed(name)!)).toBeLessThan(LAYERS.indexOf(layer));
      }
    }
    const graph = graphOf(
      LAYERS.flatMap((l) => l.mayImport.map((m) => [l.name, m] as [string, string])),
    );
    expect(findCycles(graph)).toEqual([]);
  });

  it("keeps rotation and lifecycle apart and the ground at the bottom", () => {
    const rotation = layerNamed("engine/rotation")!;
    const lifecycle = layerNamed("engine/lifecycle")!;
    expect(rotation.mayImport).not.toContain("engine/lifecycle");
    expect(lifecycle.mayImport).not.toContain("engine/rotation");
    expect(layerNamed("contract")!.mayImport).toEqual([]);
    for (const layer of ["consumer", "cli"])
      expect(layerNamed(layer)!.mayImport).toEqual(["contract"]);
  });
});

describe("the import scanner", () => {
  it("reads import, export from, import = require, require(), import() and typeof import(), not comments", () => {
    const code = [
      'import { a } from "./a";',
      'import type { B } from "../b";',
      'export * from "./c";',
      'export { d } from "./d";',
      'import e = require("./e");',
      'const f = require("./f");',
      'const g = import("./g");',
      'type H = typeof import("./h");',
      '/** import { x } from "./commented"; require("./commented") */',
      'const i = "./not-an-import";',
    ].join("\n");
    expect(specifiersOf("x.ts", code)).toEqual(
      ["./a", "../b", "./c", "./d", "./e", "./f", "./g", "./h"].map((text, i) => ({
        text,
        line: i + 1,
      })),
    );
  });
});

describe("the shipped tree", () => {
  it("has every .ts file in exactly one layer, no deeper than the lint rules reach", () => {
    expect(tree.files.length).toBeGreaterThan(50);
    expect(tree.unplaced).toEqual([]);
    expect(tree.tooDeep).toEqual([]);
  });

  it("imports only down the table or inside its own folder (except the temporary allow-list)", () => {
    expect(unexpected.map((e) => `${e.from}:${e.line} → ${e.specifier}   [${e.problem}]`)).toEqual(
      [],
    );
  });

  it("has no stale entry in the temporary allow-list", () => {
    expect(stale).toEqual([]);
  });

  it("has no cycle between layer folders (but through the temporary allow-list)", () => {
    expect(
      unitCyclesNotAllowed.map((c) => describeCycle(c, relativeEdges, (f) => unitOf(f)?.name)),
    ).toEqual([]);
  });

  it("never imports the harness (tests, scripts, bench, harness)", () => {
    const intoHarness = relativeEdges.filter((e) => harnessOf(e.to!) !== undefined);
    expect(intoHarness.map(key)).toEqual([]);
    expect(HARNESS).toEqual(expect.arrayContaining(["tests", "scripts", "bench"]));
  });
});

// ---------------------------------------------------------------------------
// The lint rules: eslint.config.mjs, linted in a child process (lintProbes.mjs).

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
  fatal: boolean;
}

function lint(probes: { filePath: string; code: string }[]): Map<string, LintMessage[]> {
  const out = execFileSync(process.execPath, [path.join(__dirname, "lintProbes.mjs")], {
    cwd: ROOT,
    input: JSON.stringify(probes),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = JSON.parse(out) as { filePath: string; messages: LintMessage[] }[];
  return new Map(results.map((r) => [r.filePath, r.messages]));
}

const specifierFrom = (file: string, module: string): string => {
  const rel = path.posix.relative(path.posix.dirname(file), module);
  return rel.startsWith(".") ? rel : `./${rel}`;
};

/** Existing subfolders of `dir` that no earlier layer claims (the vendors). */
function eachFolders(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((name) => locate(`${dir}/${name}/x.ts`)?.unit.name.endsWith(`/${name}`))
    .sort();
}

/** Probe files (need not exist) in every part of every layer, at two depths where folders nest. */
function probeFiles(layer: Layer): string[] {
  return layer.parts.flatMap((part) => {
    switch (part.kind) {
      case "tree":
        return [`${part.dir}/probe.ts`, `${part.dir}/nested/probe.ts`];
      case "each": {
        const [first] = eachFolders(part.dir);
        return [`${part.dir}/${first}/probe.ts`, `${part.dir}/${first}/nested/probe.ts`];
      }
      case "flat":
        return [`${part.dir}/probe.ts`];
      default:
        return [part.file];
    }
  });
}

/** Modules to import (repository paths without extension) and the file each one loads. */
function targets(): { module: string; file: string }[] {
  const modules: { module: string; file: string }[] = [];
  const plain = (module: string): void => void modules.push({ module, file: `${module}.ts` });
  for (const layer of LAYERS) {
    for (const part of layer.parts) {
      if (part.kind === "tree") {
        plain(`${part.dir}/target`);
        plain(`${part.dir}/nested/target`);
      } else if (part.kind === "each") {
        for (const name of eachFolders(part.dir).slice(0, 2)) {
          plain(`${part.dir}/${name}/target`);
          modules.push({ module: `${part.dir}/${name}`, file: `${part.dir}/${name}/index.ts` });
        }
      } else if (part.kind === "flat") {
        plain(`${part.dir}/target`);
      } else {
        plain(part.file.replace(/\.ts$/, ""));
      }
    }
  }
  for (const harness of HARNESS) plain(`${harness}/support/target`);
  plain("lambdas/target"); // in no layer
  return modules;
}

const LAYER_RULES = ["no-restricted-imports", "no-restricted-syntax"];
const flagged = (messages: LintMessage[] | undefined, line: number): LintMessage[] =>
  (messages ?? []).filter((m) => m.line === line && LAYER_RULES.includes(m.ruleId ?? ""));

describe("the ESLint layer rules (eslint.config.mjs)", () => {
  it("reject an upward import from contract, naming the rule", () => {
    const filePath = "lambdas/contract/probe.ts";
    const code = [
      'import { SecretsStore } from "../engine/core/secretsStore";',
      'import { z } from "zod/mini";',
      'import { createHash } from "node:crypto";',
      'import { LambdaClient } from "@aws-sdk/client-lambda";',
      "export { SecretsStore, z, createHash, LambdaClient };",
    ].join("\n");
    const messages = lint([{ filePath, code }]).get(filePath);
    expect(messages?.filter((m) => m.fatal)).toEqual([]);
    const [upward] = flagged(messages, 1);
    expect(upward?.ruleId).toBe("no-restricted-imports");
    expect(upward?.message).toContain("contract is the ground: it imports nothing of the project");
    expect(flagged(messages, 2)).toEqual([]);
    expect(flagged(messages, 3)).toEqual([]);
    expect(flagged(messages, 4)[0]?.message).toContain("only zod and node builtins");
  });

  it("reject rotation → lifecycle sideways, as import, require() and typeof import()", () => {
    const filePath = "lambdas/engine/rotation/probe.ts";
    const code = [
      'import { rollback } from "../lifecycle/rollback";',
      'const maintain = require("../lifecycle/maintain");',
      'type Status = typeof import("../lifecycle/status");',
      'import { SecretsStore } from "../core/secretsStore";',
      'import { createAdapter } from "../../vendors/registry";',
      "export { rollback, maintain, SecretsStore, createAdapter };",
      "export type { Status };",
    ].join("\n");
    const messages = lint([{ filePath, code }]).get(filePath);
    expect(messages?.filter((m) => m.fatal)).toEqual([]);
    expect(flagged(messages, 1).map((m) => m.ruleId)).toEqual(["no-restricted-imports"]);
    for (const line of [1, 2, 3]) {
      expect(flagged(messages, line)[0]?.message).toContain(
        "rotation and lifecycle never import each other",
      );
    }
    expect(flagged(messages, 2)[0]?.ruleId).toBe("no-restricted-syntax");
    expect(flagged(messages, 4)).toEqual([]);
    expect(flagged(messages, 5)).toEqual([]);
  });

  it("agree with the table for every pair of layers, at two depths and in three import forms", () => {
    const modules = targets();
    const bare = [
      "zod/mini",
      "node:fs",
      "fs/promises",
      "@aws-sdk/client-lambda",
      ...PACKAGE_NAMES,
      ...PACKAGE_NAMES.map((name) => `${name}/consumer`),
    ];
    const probes = LAYERS.flatMap((layer) =>
      probeFiles(layer).map((filePath) => {
        const lines = modules.flatMap(({ module }, i) => {
          const s = specifierFrom(filePath, module);
          return [
            `import * as m${i} from "${s}";`,
            `const r${i} = require("${s}");`,
            `type T${i} = typeof import("${s}");`,
          ];
        });
        const bareLines = bare.map((s, i) => `import * as b${i} from "${s}";`);
        return { filePath, code: [...lines, ...bareLines, ""].join("\n") };
      }),
    );
    const results = lint(probes);

    const disagreements: string[] = [];
    for (const { filePath, code } of probes) {
      const messages = results.get(filePath);
      const from = unitOf(filePath)!;
      for (const fatal of messages?.filter((m) => m.fatal) ?? []) {
        disagreements.push(`${filePath}: ${fatal.message}`);
      }
      code.split("\n").forEach((text, index) => {
        const specifier = /"([^"]+)"/.exec(text)?.[1];
        if (!specifier) return;
        const expected = judge(from, specifier, filePath).problem !== undefined;
        const got = flagged(messages, index + 1);
        if (got.length > 0 !== expected) {
          disagreements.push(
            `${filePath}: \`${text}\` ${expected ? "should be rejected" : "should pass"}, lint ${
              got.length ? "rejects it" : "lets it pass"
            }`,
          );
        } else if (
          expected &&
          specifier.startsWith(".") &&
          !got[0]!.message.includes(from.layer.rule)
        ) {
          disagreements.push(
            `${filePath}: \`${text}\` rejected without the rule: ${got[0]!.message}`,
          );
        }
      });
    }
    expect(probes.length).toBeGreaterThan(15);
    expect(disagreements).toEqual([]);
  });
});
