/**
 * A small OpenAPI 3.0/3.1 checker for contract tests: finds the operation a
 * captured exchange ({@link SimExchange}) hit in an excerpt of a vendor's
 * published spec, and checks the request (path and query parameters — no
 * undeclared query parameter —, security headers, a JSON or form-encoded
 * body) and the response (declared status, JSON body) against it, with the
 * schema checks of `schemaCheck.ts` (Ajv). Paths are matched below the path
 * of the spec's first server URL. Returns problems as text (empty =
 * conforms); never throws on bad input.
 */
import { asArray, asSchema, resolve, validate, type Schema, type Spec } from "./schemaCheck";
import type { SimExchange } from "./simServer";

export type { Spec } from "./schemaCheck";

/** Options of {@link checkExchange} and {@link checkResponse}. */
export interface CheckOptions {
  /**
   * Statuses the spec may leave undeclared for this exchange (an injected 429
   * or a gateway's 502/503); when the spec does declare them, they are checked.
   */
  readonly undeclaredStatusesAllowed?: readonly number[];
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** The problems of one exchange against `spec` (empty when it conforms). */
export function checkExchange(
  spec: Spec,
  exchange: SimExchange,
  options: CheckOptions = {},
): string[] {
  const found = operationOf(spec, exchange);
  if (typeof found === "string") return [found];
  return [
    ...requestProblems(spec, exchange, found),
    ...responseProblems(spec, exchange, found, options),
  ];
}

/** The problems of the request half of `exchange` (parameters, security, body). */
export function checkRequest(spec: Spec, exchange: SimExchange): string[] {
  const found = operationOf(spec, exchange);
  return typeof found === "string" ? [found] : requestProblems(spec, exchange, found);
}

/** The problems of the response half of `exchange` (status, body). */
export function checkResponse(
  spec: Spec,
  exchange: SimExchange,
  options: CheckOptions = {},
): string[] {
  const found = operationOf(spec, exchange);
  return typeof found === "string" ? [found] : responseProblems(spec, exchange, found, options);
}

interface Found {
  readonly where: string;
  readonly operation: Schema;
  readonly pathItem: Schema;
  readonly pathParams: Record<string, string>;
}

function operationOf(spec: Spec, exchange: SimExchange): Found | string {
  const where = `${exchange.method} ${exchange.path}`;
  const found = findOperation(spec, exchange.method, withoutServerPath(spec, exchange.path));
  return found === undefined ? `${where}: no such operation in the spec` : { where, ...found };
}

function requestProblems(spec: Spec, exchange: SimExchange, found: Found): string[] {
  const { operation, pathItem, pathParams, where } = found;
  const problems: string[] = [];
  const params = [...asArray(pathItem.parameters), ...asArray(operation.parameters)].map((p) =>
    resolve(spec, p),
  );
  for (const p of params) {
    const name = String(p.name);
    const raw =
      p.in === "path" ? pathParams[name] : p.in === "query" ? exchange.query[name] : undefined;
    if (p.in !== "path" && p.in !== "query") continue;
    if (raw === undefined) {
      if (p.required === true)
        problems.push(`${where}: required ${String(p.in)} parameter ${name} is missing`);
      continue;
    }
    const schema = asSchema(p.schema);
    const at = `${where} ${String(p.in)} ${name}`;
    problems.push(...validate(spec, schema, coerce(raw, schema, spec), at, "request"));
  }
  const declared = new Set(params.filter((p) => p.in === "query").map((p) => String(p.name)));
  for (const name of Object.keys(exchange.query)) {
    if (!declared.has(name)) problems.push(`${where}: query parameter ${name} is not in the spec`);
  }
  problems.push(...checkSecurity(spec, operation, exchange, where));
  problems.push(...checkRequestBody(spec, operation, exchange, where));
  return problems;
}

function checkSecurity(
  spec: Spec,
  operation: Schema,
  exchange: SimExchange,
  where: string,
): string[] {
  const requirements = asArray(operation.security ?? spec.security) as Array<
    Record<string, unknown>
  >;
  if (requirements.length === 0) return [];
  const schemes = ((spec.components as Schema | undefined)?.securitySchemes ?? {}) as Record<
    string,
    Schema
  >;
  const satisfied = (name: string): boolean => {
    const scheme = schemes[name];
    if (scheme === undefined) return false;
    if (scheme.type === "apiKey" && scheme.in === "header")
      return exchange.requestHeaders[String(scheme.name).toLowerCase()] !== undefined;
    const auth = exchange.requestHeaders.authorization ?? "";
    if (scheme.type === "http" && scheme.scheme === "basic") return /^Basic \S+$/.test(auth);
    if (scheme.type === "http" && scheme.scheme === "bearer") return /^Bearer \S+$/.test(auth);
    return scheme.type === "oauth2" && /^Bearer \S+$/.test(auth);
  };
  const ok = requirements.some((r) => Object.keys(r).every(satisfied));
  return ok ? [] : [`${where}: no security requirement of the spec is met by the request headers`];
}

function checkRequestBody(
  spec: Spec,
  operation: Schema,
  exchange: SimExchange,
  where: string,
): string[] {
  if (operation.requestBody === undefined) {
    return exchange.requestBody === "" ? [] : [`${where}: sends a body the spec does not declare`];
  }
  const body = resolve(spec, operation.requestBody);
  if (exchange.requestBody === "")
    return body.required === true ? [`${where}: the required request body is missing`] : [];
  const content = (body.content ?? {}) as Record<string, Schema>;
  const contentType = String(exchange.requestHeaders["content-type"] ?? "");
  const mediaType = contentType.split(";")[0]?.trim() ?? "";
  const media = content[mediaType];
  if (media === undefined) {
    const accepted = Object.keys(content).join(" or ") || "nothing";
    return [`${where}: request Content-Type is ${contentType || "missing"}, not ${accepted}`];
  }
  const schema = asSchema(media.schema);
  const at = `${where} request body`;
  if (mediaType === FORM)
    return validate(spec, schema, parseForm(exchange.requestBody, schema, spec), at, "request");
  if (mediaType !== JSON_TYPE) return [];
  const parsed = parse(exchange.requestBody);
  if (!parsed.ok) return [`${where}: request body is not JSON`];
  return validate(spec, schema, parsed.value, at, "request");
}

function responseProblems(
  spec: Spec,
  exchange: SimExchange,
  found: Found,
  options: CheckOptions,
): string[] {
  const { operation, where } = found;
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  const status = String(exchange.status);
  const declared = responses[status] ?? responses[`${status[0] ?? ""}XX`] ?? responses.default;
  if (declared === undefined) {
    return options.undeclaredStatusesAllowed?.includes(exchange.status) === true
      ? []
      : [`${where}: status ${status} is not declared by the spec`];
  }
  const response = resolve(spec, declared);
  const media = (response.content as Record<string, Schema> | undefined)?.[JSON_TYPE];
  const at = `${where} → ${status}`;
  if (media === undefined)
    return exchange.responseBody === "" ? [] : [`${at}: the spec declares no body, got one`];
  const parsed = parse(exchange.responseBody);
  if (!parsed.ok) return [`${at}: response body is not JSON`];
  return media.schema === undefined
    ? []
    : validate(spec, asSchema(media.schema), parsed.value, `${at} body`, "response");
}

/** The operation for `method` + `path`; literal segments win over `{parameters}`. */
function findOperation(spec: Spec, method: string, path: string): Omit<Found, "where"> | undefined {
  const actual = path.split("/");
  let best: (Omit<Found, "where"> & { literals: number }) | undefined;
  for (const [template, item] of Object.entries((spec.paths ?? {}) as Record<string, Schema>)) {
    const parts = template.split("/");
    if (parts.length !== actual.length) continue;
    const pathParams: Record<string, string> = {};
    let literals = 0;
    const matches = parts.every((part, i) => {
      const segment = actual[i] ?? "";
      const param = /^(.*)\{(.+)\}(.*)$/.exec(part);
      if (param === null) {
        literals += part === segment ? 1 : 0;
        return part === segment;
      }
      const [, prefix = "", name = "", suffix = ""] = param;
      const inner = segment.slice(prefix.length, segment.length - suffix.length);
      pathParams[name] = decodeURIComponent(inner);
      return segment.startsWith(prefix) && segment.endsWith(suffix) && inner !== "";
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

/** A query, path or form value as the type its schema declares (numbers, booleans). */
function coerce(raw: string, schema: Schema, spec: Spec): unknown {
  const type = resolve(spec, schema).type;
  if (
    (type === "integer" || type === "number") &&
    raw.trim() !== "" &&
    Number.isFinite(Number(raw))
  )
    return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** A form-encoded body as an object, each value coerced by its property's schema. */
function parseForm(body: string, schema: Schema, spec: Spec): Record<string, unknown> {
  const properties = asSchema(resolve(spec, schema).properties);
  const form: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(body))
    form[name] = coerce(value, asSchema(properties[name]), spec);
  return form;
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
