/**
 * A small OpenAPI 3.0 checker for contract tests: finds the operation a
 * captured exchange hit and validates its path and query parameters, request
 * body (JSON or form-encoded) and response body against the operation's
 * schemas. It supports the schema keywords vendor specs use for these
 * operations (`type`, `properties`, `required`, `additionalProperties`,
 * `items`, `nullable`, `enum`, `pattern`, `minLength`/`maxLength`,
 * `minimum`/`maximum`, `format`, `$ref`, `allOf`) and reports every violation
 * with a JSON path. Other keywords are ignored, except those in
 * {@link UNSUPPORTED}, which fail loudly rather than pass unchecked.
 */
import type { SimExchange } from "./simServer";

/** Keywords this checker cannot honour; a schema using one fails loudly. */
export const UNSUPPORTED = ["oneOf", "anyOf", "not", "discriminator"] as const;

type Schema = Record<string, unknown>;
interface Operation {
  readonly parameters?: Schema[];
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
  readonly responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const FORMATS: Record<string, RegExp> = {
  "date-time-rfc-2822":
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
};

/** Validates `value` against `schema`; returns the violations (empty = valid). */
export function validateSchema(
  schema: unknown,
  value: unknown,
  spec: unknown,
  path = "$",
): string[] {
  const s = resolve(schema, spec);
  for (const keyword of UNSUPPORTED)
    if (keyword in s) return [`${path}: schema uses unsupported \`${keyword}\``];
  if (value === null)
    return s.nullable === true ? [] : [`${path}: null where the schema is not nullable`];
  const problems: string[] = [];
  for (const part of (s.allOf as unknown[] | undefined) ?? [])
    problems.push(...validateSchema(part, value, spec, path));
  if (Array.isArray(s.enum) && !s.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  const type = s.type as string | undefined;
  if (type !== undefined && !hasType(value, type))
    return [...problems, `${path}: expected ${type}, got ${describe(value)}`];
  if (typeof value === "string") problems.push(...checkString(s, value, path));
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum)
      problems.push(`${path}: ${value} < minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && value > s.maximum)
      problems.push(`${path}: ${value} > maximum ${s.maximum}`);
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((item, i) =>
      problems.push(...validateSchema(s.items, item, spec, `${path}[${i}]`)),
    );
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    problems.push(...checkObject(s, value as Record<string, unknown>, spec, path));
  }
  return problems;
}

/** The operation of `spec` that `method` and the concrete `path` hit, with its path parameters. */
export function findOperation(
  spec: unknown,
  method: string,
  path: string,
  basePath = "",
): { template: string; operation: Operation; params: Record<string, string> } | undefined {
  const paths = (spec as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
  const relative = path.startsWith(basePath) ? path.slice(basePath.length) : path;
  for (const [template, item] of Object.entries(paths)) {
    const names: string[] = [];
    const pattern = template.replace(/[.]/g, "\\.").replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const match = new RegExp(`^${pattern}$`).exec(relative);
    const operation = item[method.toLowerCase()];
    if (match === null || operation === undefined) continue;
    const params = Object.fromEntries(
      names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")]),
    );
    return { template, operation, params };
  }
  return undefined;
}

/** Violations of the request: unknown operation, parameters, content type, body. */
export function checkRequest(spec: unknown, exchange: SimExchange, basePath = ""): string[] {
  const found = findOperation(spec, exchange.method, exchange.path, basePath);
  if (found === undefined)
    return [`${exchange.method} ${exchange.path}: no such operation in the spec`];
  const problems: string[] = [];
  const query = new URLSearchParams(exchange.query);
  for (const raw of found.operation.parameters ?? []) {
    const p = resolve(raw, spec);
    const name = String(p.name);
    const value =
      p.in === "path"
        ? found.params[name]
        : p.in === "query"
          ? (query.get(name) ?? undefined)
          : undefined;
    if (value === undefined) {
      if (p.required === true) problems.push(`${p.in} parameter ${name} is required`);
      continue;
    }
    problems.push(
      ...validateSchema(p.schema, coerce(p.schema, value, spec), spec, `${p.in}.${name}`),
    );
  }
  const declared = (found.operation.parameters ?? [])
    .map((p) => resolve(p, spec))
    .filter((p) => p.in === "query")
    .map((p) => p.name);
  for (const name of query.keys())
    if (!declared.includes(name)) problems.push(`query parameter ${name} is not in the spec`);
  const content = found.operation.requestBody?.content;
  if (content === undefined)
    return exchange.requestBody === ""
      ? problems
      : [...problems, "a body was sent to an operation that takes none"];
  const type = String(exchange.requestHeaders["content-type"] ?? "").split(";")[0] ?? "";
  const media = content[type];
  if (media === undefined)
    return [
      ...problems,
      `request content type ${type || "(none)"} is not one of ${Object.keys(content).join(", ")}`,
    ];
  return [
    ...problems,
    ...validateSchema(
      media.schema,
      parseBody(type, exchange.requestBody, media.schema, spec),
      spec,
      "body",
    ),
  ];
}

/** Violations of the response: undocumented status, content type, body. */
export function checkResponse(spec: unknown, exchange: SimExchange, basePath = ""): string[] {
  const found = findOperation(spec, exchange.method, exchange.path, basePath);
  if (found === undefined)
    return [`${exchange.method} ${exchange.path}: no such operation in the spec`];
  const response = found.operation.responses?.[String(exchange.status)];
  if (response === undefined)
    return [`status ${exchange.status} is not documented for ${found.template}`];
  if (response.content === undefined)
    return exchange.responseBody === ""
      ? []
      : ["a body came with a response documented without one"];
  const type = (exchange.responseHeaders["Content-Type"] ?? "").split(";")[0] ?? "";
  const media = response.content[type];
  if (media === undefined) return [`response content type ${type || "(none)"} is not documented`];
  try {
    return validateSchema(
      media.schema,
      JSON.parse(exchange.responseBody) as unknown,
      spec,
      "response",
    );
  } catch {
    return ["response body is not JSON"];
  }
}

function resolve(schema: unknown, spec: unknown): Schema {
  let s = (schema ?? {}) as Schema;
  for (let depth = 0; typeof s.$ref === "string" && depth < 10; depth++) {
    const parts = s.$ref.replace(/^#\//, "").split("/");
    s = parts.reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key],
      spec,
    ) as Schema;
    if (s === undefined) throw new Error(`unresolvable $ref ${String((schema as Schema).$ref)}`);
  }
  return s;
}

function checkString(s: Schema, value: string, path: string): string[] {
  const problems: string[] = [];
  if (typeof s.minLength === "number" && value.length < s.minLength)
    problems.push(`${path}: shorter than ${s.minLength}`);
  if (typeof s.maxLength === "number" && value.length > s.maxLength)
    problems.push(`${path}: longer than ${s.maxLength}`);
  if (typeof s.pattern === "string" && !new RegExp(s.pattern).test(value))
    problems.push(`${path}: does not match ${s.pattern}`);
  const format = typeof s.format === "string" ? FORMATS[s.format] : undefined;
  if (format !== undefined && !format.test(value))
    problems.push(`${path}: not a ${String(s.format)}`);
  return problems;
}

function checkObject(
  s: Schema,
  value: Record<string, unknown>,
  spec: unknown,
  path: string,
): string[] {
  const problems: string[] = [];
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  for (const name of (s.required as string[] | undefined) ?? []) {
    if (!(name in value)) problems.push(`${path}.${name}: required`);
  }
  for (const [name, item] of Object.entries(value)) {
    if (name in properties)
      problems.push(...validateSchema(properties[name], item, spec, `${path}.${name}`));
    else if (s.additionalProperties === false)
      problems.push(`${path}.${name}: not allowed by the schema`);
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "array") return Array.isArray(value);
  if (type === "object")
    return value !== null && typeof value === "object" && !Array.isArray(value);
  return typeof value === type;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

/** Query and form values arrive as strings; numbers and booleans are read as such. */
function coerce(schema: unknown, value: string, spec: unknown): unknown {
  const type = resolve(schema, spec).type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function parseBody(type: string, body: string, schema: unknown, spec: unknown): unknown {
  if (type === "application/json") {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return body;
    }
  }
  const properties = (resolve(schema, spec).properties ?? {}) as Record<string, unknown>;
  const form: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(body))
    form[name] = coerce(properties[name], value, spec);
  return form;
}
