/**
 * docs/languages.md cannot drift from the schema: every name its Python and
 * YAML programs use (module, type token, arguments, tags, outputs) is read
 * from the page and looked up in the schema the provider serves.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { REQUIRED_TAGS } from "../../components/tags";
import { createProvider } from "../../provider";

const PAGE = readFileSync(path.resolve(__dirname, "..", "..", "docs", "languages.md"), "utf8");
const TOKEN = "rotated-api-key:index:RotatedApiKey";

interface Resource {
  inputProperties: Record<string, unknown>;
  properties: Record<string, unknown>;
  requiredInputs: string[];
}
let name: string;
let resource: Resource;

beforeAll(async () => {
  const schema = JSON.parse(await createProvider().getSchema()) as {
    name: string;
    resources: Record<string, Resource>;
  };
  name = schema.name;
  resource = schema.resources[TOKEN]!;
}, 120_000);

/** The one fenced block of a language on the page. */
function block(language: string): string {
  const blocks = [...PAGE.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].filter(
    (m) => m[1] === language,
  );
  expect(blocks).toHaveLength(1);
  return blocks[0]![2]!;
}

/** The text between the parentheses that open right after `opening`. */
function argumentsOf(code: string, opening: string): string {
  const start = code.indexOf(opening);
  expect(start).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = start + opening.length - 1; i < code.length; i++) {
    if ("([{".includes(code[i]!)) depth++;
    if (")]}".includes(code[i]!)) depth--;
    if (depth === 0) return code.slice(start + opening.length, i);
  }
  throw new Error(`unclosed ${opening}`);
}

/** Keyword arguments and dict keys at the top level of a Python argument list or dict body. */
function topLevelNames(body: string, pattern: RegExp): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    if ("([{".includes(body[i]!)) depth++;
    if (")]}".includes(body[i]!)) depth--;
    if (depth !== 0) continue;
    const match = pattern.exec(body.slice(i));
    if (match && (i === 0 || /[\s,(]/.test(body[i - 1]!))) names.push(match[1]!);
  }
  return names;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe("docs/languages.md", () => {
  it("names the package and the resource as the schema does", () => {
    expect(PAGE).toContain(`The package is named \`${name}\``);
    expect(PAGE).toContain(`its one resource is \`${TOKEN}\``);
  });

  it("has a Python program whose module, class, arguments, tags and outputs are in the schema", () => {
    const code = block("python");
    const module = `pulumi_${name.replace(/-/g, "_")}`;
    expect(code).toContain(`import ${module} as rotated_api_key\n`);

    const call = argumentsOf(code, `rotated_api_key.${TOKEN.split(":")[2]}(`);
    const args = topLevelNames(call, /^(\w+)=/);
    expect(args.length).toBeGreaterThanOrEqual(resource.requiredInputs.length);
    expect(args.map(camel).filter((a) => !(a in resource.inputProperties))).toEqual([]);
    expect(resource.requiredInputs.filter((r) => !args.map(camel).includes(r))).toEqual([]);

    const tags = topLevelNames(argumentsOf(call, "tags={"), /^"([^"]+)":/);
    expect(tags).toEqual(expect.arrayContaining(Object.keys(REQUIRED_TAGS)));

    const outputs = [...code.matchAll(/\bkey\.(\w+)/g)].map((m) => camel(m[1]!));
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.filter((o) => !(o in resource.properties))).toEqual([]);
  });

  it("has a YAML program whose type, properties, tags and outputs are in the schema", () => {
    const program = parse(block("yaml")) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
      outputs: Record<string, string>;
    };
    const [[id, key]] = Object.entries(program.resources) as [
      [string, { type: string; properties: Record<string, unknown> }],
    ];

    expect(key.type).toBe(TOKEN);
    const properties = Object.keys(key.properties);
    expect(properties.filter((p) => !(p in resource.inputProperties))).toEqual([]);
    expect(resource.requiredInputs.filter((r) => !properties.includes(r))).toEqual([]);
    expect(Object.keys(key.properties.tags as object)).toEqual(
      expect.arrayContaining(Object.keys(REQUIRED_TAGS)),
    );
    const outputs = Object.values(program.outputs).map(
      (o) => new RegExp(`^\\$\\{${id}\\.(\\w+)\\}$`).exec(o)?.[1],
    );
    expect(outputs.filter((o) => o === undefined || !(o in resource.properties))).toEqual([]);
  });

  it("gives Go and C# names that are the schema's", () => {
    const line = PAGE.slice(PAGE.indexOf("## Go and C#"));
    const names = [...line.matchAll(/`([A-Z]\w+)`/g)].map((m) => m[1]!);
    const schemaName = (n: string) => n[0]!.toLowerCase() + n.slice(1);
    expect(names.length).toBeGreaterThan(0);
    expect(
      names.filter(
        (n) => !(schemaName(n) in resource.inputProperties || schemaName(n) in resource.properties),
      ),
    ).toEqual([]);
  });
});
