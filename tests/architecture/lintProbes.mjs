// Lints synthetic files with the project's real eslint.config.mjs and prints
// the layer rules' messages as JSON. layers.test.ts runs it in a child process
// because ESLint loads its config with import(), which Jest's module sandbox
// refuses. Input (stdin): [{ "filePath": "lambdas/contract/probe.ts", "code": "..." }].
//
// The probes are not on disk (they must not be written into others' folders),
// and typescript-eslint's project service refuses files that are not, so the
// type-aware parser settings are turned off and only the two rules that carry
// the layers run. Everything else (which block matches which file, the
// patterns, the messages) is the config as `npx eslint .` sees it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";

const LAYER_RULES = new Set(["no-restricted-imports", "no-restricted-syntax"]);
const cwd = path.resolve(import.meta.dirname, "..", "..");
const probes = JSON.parse(readFileSync(0, "utf8"));

const eslint = new ESLint({
  cwd,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId),
});

const results = [];
for (const { filePath, code } of probes) {
  const [result] = await eslint.lintText(code, { filePath: path.join(cwd, filePath) });
  results.push({
    filePath,
    messages: (result?.messages ?? []).map(({ ruleId, line, message, fatal }) => ({
      ruleId,
      line,
      message,
      fatal: fatal ?? false,
    })),
  });
}
process.stdout.write(JSON.stringify(results));
