/**
 * JSON Schema checks for the OpenAPI 3.0/3.1 subset vendor specs use (see
 * `openApiCheck.ts`): `$ref` (resolved in the spec), `allOf`/`oneOf`/`anyOf`,
 * `type` (also as a list), `nullable`, `enum`, `const`, `required`,
 * `properties`, `additionalProperties`, `items`, `min/maxLength`, `pattern`,
 * `format: date-time`, `minimum`/`maximum`, `min/maxItems`, `uniqueItems`,
 * and `readOnly` (refused in requests). Returns problems as text.
 */

/** A JSON object from the spec. */
export type Spec = Record<string, unknown>;
/** A schema (or any object) inside the spec. */
export type Schema = Record<string, unknown>;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The problems of `value` against `schema` (both from `spec`). */
export function validate(
  spec: Spec,
  schema: Schema,
  value: unknown,
  at: string,
  direction: "request" | "response",
): string[] {
  if (typeof schema.$ref === "string") {
    const target = lookup(spec, schema.$ref);
    return target === undefined
      ? [`${at}: $ref ${schema.$ref} is not in the spec excerpt`]
      : validate(spec, target, value, at, direction);
  }
  if (value === null && (schema.nullable === true || includesType(schema, "null"))) return [];
  const problems: string[] = [];
  for (const sub of asArray(schema.allOf))
    problems.push(...validate(spec, asSchema(sub), value, at, direction));
  if (schema.oneOf !== undefined) {
    const passing = asArray(schema.oneOf).filter(
      (s) => validate(spec, asSchema(s), value, at, direction).length === 0,
    ).length;
    if (passing !== 1)
      problems.push(`${at}: matches ${passing} of the oneOf schemas, not exactly one`);
  }
  if (
    schema.anyOf !== undefined &&
    !asArray(schema.anyOf).some(
      (s) => validate(spec, asSchema(s), value, at, direction).length === 0,
    )
  ) {
    problems.push(`${at}: matches none of the anyOf schemas`);
  }
  const type = typeOf(value);
  const types = schema.type === undefined ? [] : asArray(schema.type).map(String);
  if (
    types.length > 0 &&
    !types.some((t) => t === type || (t === "number" && type === "integer"))
  ) {
    return [
      ...problems,
      `${at}: expected ${types.join(" or ")}, got ${value === null ? "null" : type}`,
    ];
  }
  if (
    schema.enum !== undefined &&
    !asArray(schema.enum).some((e) => JSON.stringify(e) === JSON.stringify(value))
  ) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value))
    problems.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === "string") problems.push(...checkString(schema, value, at));
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum)
      problems.push(`${at}: below the minimum ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum)
      problems.push(`${at}: above the maximum ${schema.maximum}`);
  }
  if (Array.isArray(value)) problems.push(...checkArray(spec, schema, value, at, direction));
  if (type === "object")
    problems.push(...checkObject(spec, schema, value as Record<string, unknown>, at, direction));
  return problems;
}

function checkString(schema: Schema, value: string, at: string): string[] {
  const problems: string[] = [];
  if (typeof schema.minLength === "number" && value.length < schema.minLength)
    problems.push(`${at}: shorter than ${schema.minLength}`);
  if (typeof schema.maxLength === "number" && value.length > schema.maxLength)
    problems.push(`${at}: longer than ${schema.maxLength}`);
  if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
    problems.push(`${at}: does not match ${schema.pattern}`);
  if (
    schema.format === "date-time" &&
    !(DATE_TIME.test(value) && Number.isFinite(Date.parse(value)))
  ) {
    problems.push(`${at}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
  }
  return problems;
}

function checkArray(
  spec: Spec,
  schema: Schema,
  value: unknown[],
  at: string,
  direction: "request" | "response",
): string[] {
  const problems: string[] = [];
  if (typeof schema.minItems === "number" && value.length < schema.minItems)
    problems.push(`${at}: fewer than ${schema.minItems} items`);
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems)
    problems.push(`${at}: more than ${schema.maxItems} items`);
  if (
    schema.uniqueItems === true &&
    new Set(value.map((v) => JSON.stringify(v))).size !== value.length
  )
    problems.push(`${at}: items are not unique`);
  if (schema.items !== undefined)
    value.forEach((v, i) =>
      problems.push(...validate(spec, asSchema(schema.items), v, `${at}[${i}]`, direction)),
    );
  return problems;
}

function checkObject(
  spec: Spec,
  schema: Schema,
  value: Record<string, unknown>,
  at: string,
  direction: "request" | "response",
): string[] {
  const problems: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of asArray(schema.required).map(String)) {
    if (!(name in value)) problems.push(`${at}: required property ${name} is missing`);
  }
  for (const [name, v] of Object.entries(value)) {
    const property = properties[name];
    if (property !== undefined) {
      const resolved =
        typeof property.$ref === "string" ? (lookup(spec, property.$ref) ?? property) : property;
      if (direction === "request" && resolved.readOnly === true)
        problems.push(`${at}.${name}: is read-only, not for requests`);
      problems.push(...validate(spec, property, v, `${at}.${name}`, direction));
    } else if (schema.additionalProperties === false) {
      problems.push(`${at}: property ${name} is not allowed`);
    } else if (
      typeof schema.additionalProperties === "object" &&
      schema.additionalProperties !== null
    ) {
      problems.push(
        ...validate(spec, asSchema(schema.additionalProperties), v, `${at}.${name}`, direction),
      );
    }
  }
  return problems;
}

/** The object a local `$ref` (`#/...`) points at. */
export function lookup(spec: Spec, ref: string): Schema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = spec;
  for (const part of ref.slice(2).split("/")) {
    node =
      node !== null && typeof node === "object"
        ? (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")]
        : undefined;
  }
  return node !== null && typeof node === "object" ? (node as Schema) : undefined;
}

/** `node`, following `$ref`s. */
export function resolve(spec: Spec, node: unknown): Schema {
  const schema = asSchema(node);
  return typeof schema.$ref === "string" ? resolve(spec, lookup(spec, schema.$ref) ?? {}) : schema;
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

/** `value` as a list (`undefined` = empty). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** `value` as an object (anything else = `{}`). */
export function asSchema(value: unknown): Schema {
  return value !== null && typeof value === "object" ? (value as Schema) : {};
}
