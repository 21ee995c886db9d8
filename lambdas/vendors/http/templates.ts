/**
 * Request templates of the configurable adapter. A placeholder is `{name}`:
 * an identifier in braces (letters, digits, `_`, not starting with a digit).
 * Anything else in braces — JSON text such as `{"a":1}` — is left as it is.
 *
 * - In a path, each placeholder is replaced by its URL-encoded value.
 * - In a header or query value, or inside a longer string of a body, the value
 *   is inserted as text.
 * - A body string that is exactly one placeholder, e.g. `"{expiry}"`, takes
 *   the variable's own type (so `{expiry}` in days or seconds is a JSON number).
 * - A variable with no value (`{expiry}` for a key that never expires) leaves
 *   out the body field, array element, query parameter or header that uses it.
 */

/** A variable's value; `undefined` = no value (the field using it is left out). */
export type TemplateValue = string | number | undefined;

/** The variables a template may use, by name. */
export type TemplateVariables = Readonly<Record<string, TemplateValue>>;

/** Any JSON value: what a body template is. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a request body is encoded. */
export type BodyFormat = "json" | "form";

/** How a key's expiry is sent: days or seconds from now, an ISO-8601 datetime, a `YYYY-MM-DD` date, or not at all. */
export type ExpiryFormat = "days" | "seconds" | "iso" | "date" | "none";

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The names of the placeholders in `text`, in order (repeats included). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
}

/** Every string inside a JSON template (object keys excluded), with its dotted location. */
export function templateStrings(
  template: JsonValue,
  at: readonly (string | number)[] = [],
): Array<{ readonly at: readonly (string | number)[]; readonly text: string }> {
  if (typeof template === "string") return [{ at, text: template }];
  if (Array.isArray(template)) return template.flatMap((v, i) => templateStrings(v, [...at, i]));
  if (template !== null && typeof template === "object") {
    return Object.entries(template).flatMap(([k, v]) => templateStrings(v, [...at, k]));
  }
  return [];
}

function valueOf(variables: TemplateVariables, name: string): TemplateValue {
  if (!Object.hasOwn(variables, name)) {
    // The options schema rejects unknown placeholders, so this is a programming error.
    throw new Error(`template placeholder {${name}} has no variable`);
  }
  return variables[name];
}

/** `text` with each placeholder replaced (by `encode` of its value); `undefined` if one has no value. */
export function renderText(
  text: string,
  variables: TemplateVariables,
  encode: (value: string) => string = (v) => v,
): string | undefined {
  let missing = false;
  const rendered = text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = valueOf(variables, name);
    if (value === undefined) {
      missing = true;
      return "";
    }
    return encode(String(value));
  });
  return missing ? undefined : rendered;
}

/** A path with URL-encoded values. Every path variable has a value (the schema forbids `{expiry}` in paths). */
export function renderPath(path: string, variables: TemplateVariables): string {
  const rendered = renderText(path, variables, encodeURIComponent);
  if (rendered === undefined)
    throw new Error(`path template ${path} uses a variable with no value`);
  return rendered;
}

/** Header or query templates rendered; entries whose variable has no value are left out. */
export function renderRecord(
  record: Readonly<Record<string, string>> | undefined,
  variables: TemplateVariables,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(record ?? {})) {
    const value = renderText(text, variables);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A JSON template rendered; `undefined` when it (or, at the top, the whole body) is left out. */
export function renderJson(
  template: JsonValue,
  variables: TemplateVariables,
): JsonValue | undefined {
  if (typeof template === "string") {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    return whole?.[1] !== undefined
      ? valueOf(variables, whole[1])
      : renderText(template, variables);
  }
  if (Array.isArray(template)) {
    return template
      .map((v) => renderJson(v, variables))
      .filter((v): v is JsonValue => v !== undefined);
  }
  if (template !== null && typeof template === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, value] of Object.entries(template)) {
      const rendered = renderJson(value, variables);
      if (rendered !== undefined) out[key] = rendered;
    }
    return out;
  }
  return template;
}

/** A rendered body and its content type. */
export interface RenderedBody {
  readonly body: string;
  readonly contentType: string;
}

/**
 * Renders a body template as JSON or as `application/x-www-form-urlencoded`
 * (a form body is a flat object; its values are sent as text, `null` as "").
 */
export function renderBody(
  template: JsonValue,
  format: BodyFormat,
  variables: TemplateVariables,
): RenderedBody {
  const rendered = renderJson(template, variables) ?? {};
  if (format === "json") {
    return { body: JSON.stringify(rendered), contentType: "application/json" };
  }
  const form = new URLSearchParams();
  if (typeof rendered === "object" && rendered !== null && !Array.isArray(rendered)) {
    for (const [key, value] of Object.entries(rendered)) {
      form.append(
        key,
        value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value),
      );
    }
  }
  return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
}

/**
 * The `{expiry}` value for a key that should live `ttlDays` days from `now`:
 * a number for `days` and `seconds`, text for `iso` (`2025-04-01T12:00:00.000Z`)
 * and `date` (`2025-04-01`, UTC); `undefined` for `none` or `ttlDays` 0 (no expiry).
 */
export function renderExpiry(format: ExpiryFormat, ttlDays: number, now: Date): TemplateValue {
  if (format === "none" || ttlDays <= 0) return undefined;
  if (format === "days") return ttlDays;
  if (format === "seconds") return ttlDays * 86_400;
  const iso = new Date(now.getTime() + ttlDays * 86_400_000).toISOString();
  return format === "iso" ? iso : iso.slice(0, 10);
}
