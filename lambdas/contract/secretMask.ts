/**
 * The last line of defence against secret material in logs and errors: a
 * module-level registry of secret values seen by this process (credentials
 * loaded, keys created or verified), and masking that replaces any of them in
 * text, error messages, causes and log attributes. Code must still never put
 * a secret into a message; this catches what slips through (a library's error
 * echoing a header, a vendor echoing a key).
 */

/** What a remembered value is replaced with. */
export const REDACTED = "[redacted]";

/** Values shorter than this are not remembered: masking them would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 8;

/** How many values are remembered; the oldest are forgotten first. */
export const MAX_REMEMBERED_SECRETS = 128;

/** Newest last; re-remembering a value moves it to the end. */
const remembered: string[] = [];
/** `remembered`, longest first (so a value containing another is masked whole), rebuilt lazily. */
let byLength: string[] | undefined;

/** Remembers `value` for masking (ignored when shorter than {@link MIN_SECRET_LENGTH}). */
export function rememberSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  const at = remembered.indexOf(value);
  if (at >= 0) remembered.splice(at, 1);
  remembered.push(value);
  if (remembered.length > MAX_REMEMBERED_SECRETS)
    remembered.splice(0, remembered.length - MAX_REMEMBERED_SECRETS);
  byLength = undefined;
}

/**
 * Remembers the secrets in a credential document: every string value of a
 * JSON document (at any depth), or the whole text when it is not JSON; and,
 * for multi-line values such as PEM keys, each line of at least
 * {@link MIN_SECRET_LENGTH} characters (PEM armour lines excepted), because a
 * multi-line value shows up in a JSON log line with its newlines escaped.
 */
export function rememberSecretsIn(jsonOrText: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonOrText);
  } catch {
    rememberWithLines(jsonOrText);
    return;
  }
  for (const text of stringsIn(parsed, 0)) rememberWithLines(text);
}

function rememberWithLines(text: string): void {
  rememberSecret(text);
  if (!/[\r\n]/.test(text)) return;
  for (const line of text.split(/\r?\n|\r/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("-----")) rememberSecret(trimmed);
  }
}

function stringsIn(value: unknown, depth: number): string[] {
  if (typeof value === "string") return [value];
  if (depth > 8 || typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap((v: unknown) => stringsIn(v, depth + 1));
}

/** Forgets every remembered value (tests). */
export function forgetSecrets(): void {
  remembered.length = 0;
  byLength = undefined;
}

/** How many values are remembered. */
export function rememberedSecretCount(): number {
  return remembered.length;
}

/** `text` with every remembered value replaced by {@link REDACTED}. */
export function maskSecrets(text: string): string {
  if (remembered.length === 0 || text.length < MIN_SECRET_LENGTH) return text;
  byLength ??= [...remembered].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of byLength) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * A `JSON.stringify` replacer that masks every string value and object key
 * at any depth (errors are turned into objects by the caller's own replacer,
 * whose strings then pass through this one).
 */
export function maskingJsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (remembered.length === 0 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const keys = Object.keys(value);
  if (keys.every((k) => maskSecrets(k) === k)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [maskSecrets(k), v]),
  );
}

/**
 * `error` with every remembered value masked: in its message and stack, in
 * its own properties (an error's `context`, `problems`…), and down its
 * `cause` chain (and an `AggregateError`'s `errors`). The result keeps the
 * error's prototype, so its class, `name` and `instanceof` are unchanged. An
 * error with nothing to mask is returned as it is; a thrown non-error becomes
 * a plain `Error` whose message is its masked text (an error-like object
 * keeps its `name`).
 */
export function maskError(error: unknown): Error {
  if (error instanceof Error) return maskErrorObject(error, new WeakMap());
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: unknown; message: unknown };
    const plain = new Error(maskSecrets(String(message)));
    if (typeof name === "string") plain.name = name;
    return plain;
  }
  return new Error(maskSecrets(String(error)));
}

function maskErrorObject(error: Error, seen: WeakMap<object, unknown>): Error {
  const done = seen.get(error);
  if (done !== undefined) return done as Error;
  seen.set(error, error);
  const names = Object.getOwnPropertyNames(error);
  const masked = new Map<string, unknown>();
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(error, name);
    if (descriptor === undefined || !("value" in descriptor)) continue;
    const value = maskValue(descriptor.value, seen, 0);
    if (value !== descriptor.value) masked.set(name, value);
  }
  if (masked.size === 0) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object | null) as Error;
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(error, name);
    if (descriptor === undefined) continue;
    if (masked.has(name)) descriptor.value = masked.get(name);
    Object.defineProperty(copy, name, descriptor);
  }
  seen.set(error, copy);
  return copy;
}

function maskValue(value: unknown, seen: WeakMap<object, unknown>, depth: number): unknown {
  if (typeof value === "string") return maskSecrets(value);
  if (value instanceof Error) return maskErrorObject(value, seen);
  if (depth > 6 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map((v: unknown) => maskValue(v, seen, depth + 1));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const entries = Object.entries(value).map(
    ([k, v]) => [k, maskValue(v, seen, depth + 1)] as const,
  );
  const record = value as Record<string, unknown>;
  return entries.some(([k, v]) => v !== record[k]) ? Object.fromEntries(entries) : value;
}
