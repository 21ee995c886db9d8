/**
 * A small OpenAPI 3.0/3.1 checker for contract tests: finds the operation a
 * captured exchange ({@link SimExchange}) hit in an excerpt of a vendor's
 * published spec, and checks the request (path and query parameters,
 * security headers, JSON body) and the response (declared status, JSON body)
 * against it. The schema subset covers what vendor specs use: `$ref`,
 * `allOf`/`oneOf`/`anyOf`, `type` (also as a list), `nullable`, `enum`,
 * `const`, `required`, `properties`, `additionalProperties`, `items`,
 * `min/maxLength`, `pattern`, `format: date-time`, `minimum`/`maximum`,
 * `min/maxItems`, `uniqueItems`, and `readOnly` (refused in requests).
 * Paths are matched below the path of the spec's first server URL.
 * A `$ref` that the excerpt does not hold fails only when a value reaches it.
 * Returns problems as text (empty = conforms), never throws on bad input.
 */
import type { SimExchange } from "./simServer";

/** A JSON object from the spec. */
export type Spec = Record<string, unknown>;
type Schema = Record<string, unknown>;

/** Options of {@link checkExchange}. */
export interface CheckOptions {
  /**
   * Statuses the spec may leave undeclared for this exchange (an injected 429
   * or a gateway's 502/503); when the spec does declare them, they are checked.
   */
  readonly undeclaredStatusesAllowed?: readonly number[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The problems of one exchange against `spec` (empty when it conforms). */
export function checkExchange(spec: Spec, exchange: SimExchange, options: CheckOptions = {}): string[] {
  const where = `${exchange.method} ${exchange.path}`;
  const found = findOperation(spec, exchange.method, withoutServerPath(spec, exchange.path));
  if (found === undefined) return [`${where}: no such operation in the spec`];
  const { operation, pathItem, pathParams } = found;
  const problems: string[] = [];
  const params = [...asArray(pathItem.parameters), ...asArray(operation.parameters)].map((p) => resolve(spec, p));
  for (const p of params) {
    const name = String(p.name);
    const raw = p.in === "path" ? pathParams[name] : p.in === "query" ? exchange.query[name] : undefined;
    if (p.in !== "path" && p.in !== "query") continue;
    if (raw === undefined) {
      if (p.required === true) problems.push(`${where}: required ${String(p.in)} parameter ${name} is missing`);
      continue;
    }
    problems.push(...validate(spec, asSchema(p.schema), coerce(raw, asSchema(p.schema), spec), `${where} ${String(p.in)} ${name}`, "request"));
  }
  const declared = new Set(params.filter((p) => p.in === "query").map((p) => String(p.name)));
  for (const name of Object.keys(exchange.query)) {
    if (!declared.has(name)) problems.push(`${where}: query parameter ${name} is not in the spec`);
  }
  problems.push(...checkSecurity(spec, operation, exchange, where));
  problems.push(...checkRequestBody(spec, operation, exchange, where));
  problems.push(...checkResponse(spec, operation, exchange, where, options));
  return problems;
}

/** The problems of `value` against `schema` (both from `spec`). */
export function validate(spec: Spec, schema: Schema, value: unknown, at: string, direction: "request" | "response"): string[] {
  if (typeof schema.$ref === "string") {
    const target = lookup(spec, schema.$ref);
    return target === undefined ? [`${at}: $ref ${schema.$ref} is not in the spec excerpt`] : validate(spec, target, value, at, direction);
  }
  if (value === null && (schema.nullable === true || includesType(schema, "null"))) return [];
  const problems: string[] = [];
  for (const sub of asArray(schema.allOf)) problems.push(...validate(spec, asSchema(sub), value, at, direction));
  if (schema.oneOf !== undefined) {
    const passing = asArray(schema.oneOf).filter((s) => validate(spec, asSchema(s), value, at, direction).length === 0).length;
    if (passing !== 1) problems.push(`${at}: matches ${passing} of the oneOf schemas, not exactly one`);
  }
  if (schema.anyOf !== undefined && !asArray(schema.anyOf).some((s) => validate(spec, asSchema(s), value, at, direction).length === 0)) {
    problems.push(`${at}: matches none of the anyOf schemas`);
  }
  const type = typeOf(value);
  const types = schema.type === undefined ? [] : asArray(schema.type).map(String);
  if (types.length > 0 && !types.some((t) => t === type || (t === "number" && type === "integer"))) {
    return [...problems, `${at}: expected ${types.join(" or ")}, got ${value === null ? "null" : type}`];
  }
  if (schema.enum !== undefined && !asArray(schema.enum).some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) problems.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === "string") problems.push(...checkString(schema, value, at));
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) problems.push(`${at}: below the minimum ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) problems.push(`${at}: above the maximum ${schema.maximum}`);
  }
  if (Array.isArray(value)) problems.push(...checkArray(spec, schema, value, at, direction));
  if (type === "object") problems.push(...checkObject(spec, schema, value as Record<string, unknown>, at, direction));
  return problems;
}

function checkString(schema: Schema, value: string, at: string): string[] {
  const problems: string[] = [];
  if (typeof schema.minLength === "number" && value.length < schema.minLength) problems.push(`${at}: shorter than ${schema.minLength}`);
  if (typeof schema.maxLength === "number" && value.length > schema.maxLength) problems.push(`${at}: longer than ${schema.maxLength}`);
  if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) problems.push(`${at}: does not match ${schema.pattern}`);
  if (schema.format === "date-time" && !(DATE_TIME.test(value) && Number.isFinite(Date.parse(value)))) {
    problems.push(`${at}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
  }
  return problems;
}

function checkArray(spec: Spec, schema: Schema, value: unknown[], at: string, direction: "request" | "response"): string[] {
  const problems: string[] = [];
  if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push(`${at}: fewer than ${schema.minItems} items`);
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push(`${at}: more than ${schema.maxItems} items`);
  if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) problems.push(`${at}: items are not unique`);
  if (schema.items !== undefined) value.forEach((v, i) => problems.push(...validate(spec, asSchema(schema.items), v, `${at}[${i}]`, direction)));
  return problems;
}

function checkObject(spec: Spec, schema: Schema, value: Record<string, unknown>, at: string, direction: "request" | "response"): string[] {
  const problems: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of asArray(schema.required).map(String)) {
    if (!(name in value)) problems.push(`${at}: required property ${name} is missing`);
  }
  for (const [name, v] of Object.entries(value)) {
    const property = properties[name];
    if (property !== undefined) {
      const resolved = typeof property.$ref === "string" ? (lookup(spec, property.$ref) ?? property) : property;
      if (direction === "request" && resolved.readOnly === true) problems.push(`${at}.${name}: is read-only, not for requests`);
      problems.push(...validate(spec, property, v, `${at}.${name}`, direction));
    } else if (schema.additionalProperties === false) {
      problems.push(`${at}: property ${name} is not allowed`);
    } else if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null) {
      problems.push(...validate(spec, asSchema(schema.additionalProperties), v, `${at}.${name}`, direction));
    }
  }
  return problems;
}

function checkSecurity(spec: Spec, operation: Schema, exchange: SimExchange, where: string): string[] {
  const requirements = asArray(operation.security ?? spec.security) as Array<Record<string, unknown>>;
  if (requirements.length === 0) return [];
  const schemes = ((spec.components as Schema | undefined)?.securitySchemes ?? {}) as Record<string, Schema>;
  const satisfied = (name: string): boolean => {
    const scheme = schemes[name];
    if (scheme === undefined) return false;
    if (scheme.type === "apiKey" && scheme.in === "header") return exchange.requestHeaders[String(scheme.name).toLowerCase()] !== undefined;
    const auth = exchange.requestHeaders.authorization ?? "";
    if (scheme.type === "http" && scheme.scheme === "bearer") return /^Bearer \S+$/.test(auth);
    return scheme.type === "oauth2" && /^Bearer \S+$/.test(auth);
  };
  const ok = requirements.some((r) => Object.keys(r).every(satisfied));
  return ok ? [] : [`${where}: no security requirement of the spec is met by the request headers`];
}

function checkRequestBody(spec: Spec, operation: Schema, exchange: SimExchange, where: string): string[] {
  if (operation.requestBody === undefined) {
    return exchange.requestBody === "" ? [] : [`${where}: sends a body the spec does not declare`];
  }
  const body = resolve(spec, operation.requestBody);
  if (exchange.requestBody === "") return body.required === true ? [`${where}: the required request body is missing`] : [];
  const media = (body.content as Record<string, Schema> | undefined)?.["application/json"];
  if (media === undefined) return [`${where}: the spec declares no JSON request body`];
  const contentType = String(exchange.requestHeaders["content-type"] ?? "");
  const problems = contentType.startsWith("application/json") ? [] : [`${where}: request Content-Type is ${contentType || "missing"}, not application/json`];
  const parsed = parse(exchange.requestBody);
  if (!parsed.ok) return [...problems, `${where}: request body is not JSON`];
  return [...problems, ...validate(spec, asSchema(media.schema), parsed.value, `${where} request body`, "request")];
}

function checkResponse(spec: Spec, operation: Schema, exchange: SimExchange, where: string, options: CheckOptions): string[] {
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  const status = String(exchange.status);
  const declared = responses[status] ?? responses[`${status[0] ?? ""}XX`] ?? responses.default;
  if (declared === undefined) {
    return options.undeclaredStatusesAllowed?.includes(exchange.status) === true ? [] : [`${where}: status ${status} is not declared by the spec`];
  }
  const response = resolve(spec, declared);
  const media = (response.content as Record<string, Schema> | undefined)?.["application/json"];
  const at = `${where} → ${status}`;
  if (media === undefined) return exchange.responseBody === "" ? [] : [`${at}: the spec declares no body, got one`];
  const parsed = parse(exchange.responseBody);
  if (!parsed.ok) return [`${at}: response body is not JSON`];
  return media.schema === undefined ? [] : validate(spec, asSchema(media.schema), parsed.value, `${at} body`, "response");
}

/** The operation for `method` + `path`; literal segments win over `{parameters}`. */
function findOperation(spec: Spec, method: string, path: string) {
  const actual = path.split("/");
  let best: { operation: Schema; pathItem: Schema; pathParams: Record<string, string>; literals: number } | undefined;
  for (const [template, item] of Object.entries((spec.paths ?? {}) as Record<string, Schema>)) {
    const parts = template.split("/");
    if (parts.length !== actual.length) continue;
    const pathParams: Record<string, string> = {};
    let literals = 0;
    const matches = parts.every((part, i) => {
      const segment = actual[i] ?? "";
      const param = /^\{(.+)\}$/.exec(part)?.[1];
      if (param === undefined) {
        literals += part === segment ? 1 : 0;
        return part === segment;
      }
      pathParams[param] = decodeURIComponent(segment);
      return segment !== "";
    });
    const operation = item[method.toLowerCase()] as Schema | undefined;
    if (matches && operation !== undefined && (best === undefined || literals > best.literals)) {
      best = { operation, pathItem: item, pathParams, literals };
    }
  }
  return best;
}

/** `path` less the path of the spec's first server URL (`/client/v4` for Cloudflare). */
function withoutServerPath(spec: Spec, path: string): string {
  const url = asSchema(asArray(spec.servers)[0]).url;
  const base = typeof url === "string" ? new URL(url).pathname.replace(/\/+$/, "") : "";
  return base !== "" && path.startsWith(`${base}/`) ? path.slice(base.length) : path;
}

function lookup(spec: Spec, ref: string): Schema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = spec;
  for (const part of ref.slice(2).split("/")) {
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  }
  return node !== null && typeof node === "object" ? (node as Schema) : undefined;
}

function resolve(spec: Spec, node: unknown): Schema {
  const schema = asSchema(node);
  return typeof schema.$ref === "string" ? resolve(spec, lookup(spec, schema.$ref) ?? {}) : schema;
}

/** A query or path value as the type its schema declares (integers, booleans). */
function coerce(raw: string, schema: Schema, spec: Spec): unknown {
  const type = resolve(spec, schema).type;
  if ((type === "integer" || type === "number") && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function includesType(schema: Schema, type: string): boolean {
  return asArray(schema.type).includes(type);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function asSchema(value: unknown): Schema {
  return value !== null && typeof value === "object" ? (value as Schema) : {};
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
