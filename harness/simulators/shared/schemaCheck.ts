/**
 * JSON Schema checks of captured values against the schemas of an OpenAPI
 * 3.0/3.1 spec excerpt, done by Ajv (with `ajv-formats` dates, OpenAPI's
 * `nullable`, the `date-time-rfc-2822` format Twilio's spec uses, and
 * `readOnly` refused in requests). A `$ref` the excerpt does not hold fails
 * only when a value reaches it. Problems come back as text, in the order of
 * the value's own fields, e.g. `body.data[0].type: "keys" is not one of ["api_keys"]`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

/** A JSON object from the spec. */
export type Spec = Record<string, unknown>;
/** A schema (or any object) inside the spec. */
export type Schema = Record<string, unknown>;
/** Requests refuse `readOnly` properties; responses allow them. */
export type Direction = "request" | "response";

const DANGLING_REF = "x-dangling-ref";
const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
/**
 * The `ajv-formats` formats checked; others pass unchecked, as vendor specs
 * use them loosely (Twilio's `format: uri` fields hold relative URIs).
 */
const CHECKED_FORMATS = ["date-time", "date"] as const;
const FORMAT_NAMES: Record<string, string> = {
  "date-time": "an RFC 3339 date-time",
  "date-time-rfc-2822": "an RFC 2822 date-time",
};

const validators = { request: newAjv("request"), response: newAjv("response") };
const compiled = new WeakMap<object, Map<string, ValidateFunction>>();
const patchedComponents = new WeakMap<Spec, unknown>();

/** The problems of `value` against `schema` (from `spec`), each prefixed with `at`. */
export function validate(
  spec: Spec,
  schema: Schema,
  value: unknown,
  at: string,
  direction: Direction,
): string[] {
  const check = compile(spec, schema, direction);
  if (check(value)) return [];
  const errors = (check.errors ?? []).filter((e) => !inFailedBranch(e));
  const order = fieldOrder(value);
  const position = (e: ErrorObject): number => order.get(sortPath(e)) ?? order.size;
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => position(a.e) - position(b.e) || a.i - b.i)
    .map(({ e }) => `${at}${displayPath(e.instancePath)}: ${describe(e)}`);
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

/** `value` as a list (`undefined` = empty). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** `value` as an object (anything else = `{}`). */
export function asSchema(value: unknown): Schema {
  return value !== null && typeof value === "object" ? (value as Schema) : {};
}

function newAjv(direction: Direction): Ajv {
  // Specs are vendor excerpts, not always valid JSON Schema (Cloudflare repeats enum values).
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    logger: false,
    validateSchema: false,
  });
  addFormats(ajv, [...CHECKED_FORMATS]);
  ajv.addFormat("date-time-rfc-2822", RFC_2822);
  ajv.addKeyword({
    keyword: DANGLING_REF,
    schemaType: "string",
    errors: true,
    validate: () => false,
  });
  if (direction === "request") {
    ajv.removeKeyword("readOnly");
    ajv.addKeyword({
      keyword: "readOnly",
      schemaType: "boolean",
      errors: true,
      validate: (readOnly: boolean) => !readOnly,
    });
  }
  return ajv;
}

/** `schema` compiled with the spec's components beside it, so `#/components/...` resolves. */
function compile(spec: Spec, schema: Schema, direction: Direction): ValidateFunction {
  const bySchema = compiled.get(schema) ?? new Map<string, ValidateFunction>();
  compiled.set(schema, bySchema);
  const cached = bySchema.get(direction);
  if (cached !== undefined) return cached;
  const root = { ...(patchRefs(spec, schema) as Schema), components: components(spec) };
  const fresh = validators[direction].compile(root);
  bySchema.set(direction, fresh);
  return fresh;
}

function components(spec: Spec): unknown {
  const known = patchedComponents.get(spec);
  if (known !== undefined) return known;
  const patched = patchRefs(spec, spec.components ?? {});
  patchedComponents.set(spec, patched);
  return patched;
}

/**
 * A copy of `node` as Ajv takes it: each `$ref` the spec cannot resolve
 * becomes a failing keyword, and OpenAPI's `nullable` without a `type`
 * (which Ajv refuses) admits `null` through the `enum`, if any.
 */
function patchRefs(spec: Spec, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => patchRefs(spec, item));
  if (node === null || typeof node !== "object") return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const entries = Object.entries(rest).map(([name, value]) =>
    name === "$ref" && typeof value === "string" && lookup(spec, value) === undefined
      ? [DANGLING_REF, value]
      : [name, patchRefs(spec, value)],
  );
  const patched: Record<string, unknown> = Object.fromEntries(entries);
  if (nullable === undefined) return patched;
  if (patched.type !== undefined) return { ...patched, nullable };
  if (nullable === true && Array.isArray(patched.enum)) patched.enum = [...patched.enum, null];
  return patched;
}

/** Errors of an `anyOf`/`oneOf` branch are summed up by the keyword's own error. */
function inFailedBranch(error: ErrorObject): boolean {
  return /\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath);
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const limit = String(params.limit);
  switch (e.keyword) {
    case "type":
      return `expected ${String(params.type).split(",").join(" or ")}, got ${typeOf(e.data)}`;
    case "required":
      return `required property ${String(params.missingProperty)} is missing`;
    case "additionalProperties":
      return `property ${String(params.additionalProperty)} is not allowed`;
    case "enum":
      return `${JSON.stringify(e.data)} is not one of ${JSON.stringify(params.allowedValues)}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "minLength":
      return `shorter than ${limit}`;
    case "maxLength":
      return `longer than ${limit}`;
    case "pattern":
      return `does not match ${String(params.pattern)}`;
    case "format":
      return `${JSON.stringify(e.data)} is not ${FORMAT_NAMES[String(params.format)] ?? `a valid ${String(params.format)}`}`;
    case "minimum":
    case "exclusiveMinimum":
      return `below the minimum ${limit}`;
    case "maximum":
    case "exclusiveMaximum":
      return `above the maximum ${limit}`;
    case "minItems":
      return `fewer than ${limit} items`;
    case "maxItems":
      return `more than ${limit} items`;
    case "uniqueItems":
      return "items are not unique";
    case "oneOf": {
      const passing = Array.isArray(params.passingSchemas) ? params.passingSchemas.length : 0;
      return `matches ${passing} of the oneOf schemas, not exactly one`;
    }
    case "anyOf":
      return "matches none of the anyOf schemas";
    case "readOnly":
      return "is read-only, not for requests";
    case DANGLING_REF:
      return `$ref ${String(e.schema)} is not in the spec excerpt`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** The field an error is about, for ordering: a property not allowed sorts as that property. */
function sortPath(e: ErrorObject): string {
  const extra = (e.params as { additionalProperty?: unknown }).additionalProperty;
  return e.keyword === "additionalProperties" && typeof extra === "string"
    ? `${e.instancePath}/${escapePointer(extra)}`
    : e.instancePath;
}

/** Every JSON pointer in `value`, numbered in document order (parents first). */
function fieldOrder(value: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const walk = (node: unknown, pointer: string): void => {
    order.set(pointer, order.size);
    if (node === null || typeof node !== "object") return;
    for (const [name, child] of Object.entries(node))
      walk(child, `${pointer}/${escapePointer(name)}`);
  };
  walk(value, "");
  return order;
}

function displayPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join("");
}

function escapePointer(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}
