import type * as zc from "zod/v4/core";
import type { HttpOptions } from "./httpOptions";
import { fieldName, received } from "./optionFields";
import { placeholdersIn, templateStrings, type JsonValue } from "./templates";

/**
 * The checks across fields of the configurable adapter's options, run once
 * each field is well-formed: every `{placeholder}` names a variable available
 * where it is used, form bodies are flat, the revoke request names the key,
 * and pagination and verify-auth carry exactly the fields their style needs.
 */

/** Variables the adapter provides, and where. */
const BUILT_IN = ["name", "expiry", "keyId"] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Path = readonly (string | number)[];

interface Issues {
  add(path: Path, message: string, input?: unknown): void;
}

/** `z.superRefine` callback of `httpOptionsSchema`. */
export function checkOptions(options: HttpOptions, ctx: zc.$RefinementCtx<HttpOptions>): void {
  const issues: Issues = {
    add: (path, message, input) => {
      ctx.issues.push({ code: "custom", path: [...path], message, input });
    },
  };
  const own = Object.keys(options.variables ?? {});
  for (const name of own) {
    if (!IDENTIFIER.test(name) || (BUILT_IN as readonly string[]).includes(name)) {
      issues.add(
        ["variables", name],
        `${fieldName(["variables"])} has an invalid variable name ${received(name)}: use letters, digits and "_" (not starting with a digit), and not ${BUILT_IN.map((b) => `"${b}"`).join(", ")}, which the adapter provides`,
        name,
      );
    }
  }
  checkPlaceholders(options, own, issues);
  checkBodies(options, issues);
  checkPagination(options.list.pagination, issues);
  checkVerifyAuth(options.verify.auth, issues);
}

function checkPlaceholders(options: HttpOptions, own: readonly string[], issues: Issues): void {
  const usesExpiry: string[] = [];
  const check = (path: Path, template: JsonValue | undefined, builtIn: readonly string[]) => {
    if (template === undefined) return;
    const allowed = [...new Set([...builtIn, ...own])];
    for (const { at, text } of templateStrings(template)) {
      for (const name of placeholdersIn(text)) {
        if (name === "expiry" && allowed.includes(name))
          usesExpiry.push(fieldName([...path, ...at]));
        if (!allowed.includes(name)) {
          issues.add(
            [...path, ...at],
            `${fieldName([...path, ...at])} uses {${name}}, which is not available there; available: ${allowed.length ? allowed.map((a) => `{${a}}`).join(", ") : "none"}`,
            text,
          );
        }
      }
    }
  };
  check(["headers"], options.headers, []);
  const perOperation = {
    create: ["name", "expiry"],
    list: [],
    revoke: ["keyId"],
    verify: [],
  } as const;
  for (const [op, builtIn] of Object.entries(perOperation)) {
    const request = options[op as keyof typeof perOperation];
    check(
      [op, "path"],
      request.path,
      builtIn.filter((b) => b !== "expiry"),
    );
    check([op, "query"], request.query, builtIn);
    check([op, "headers"], request.headers, builtIn);
    check([op, "body"], request.body, builtIn);
  }
  if (usesExpiry.length > 0 && options.expiryFormat === "none") {
    issues.add(
      ["expiryFormat"],
      `${fieldName(["expiryFormat"])} is "none" but ${usesExpiry.join(", ")} uses {expiry}; set it to how the vendor takes an expiry ("days", "seconds", "iso" or "date"), or remove {expiry}`,
      options.expiryFormat,
    );
  }
  const { revoke } = options;
  const namesKey = [
    revoke.path,
    ...Object.values(revoke.query ?? {}),
    ...templateStrings(revoke.body ?? null).map((s) => s.text),
  ].some((text) => placeholdersIn(text).includes("keyId"));
  if (!namesKey) {
    issues.add(
      ["revoke", "path"],
      `${fieldName(["revoke", "path"])} must use {keyId} (or \`revoke.query\` or \`revoke.body\` must), so the request names the key to revoke (received ${received(revoke.path)})`,
      revoke.path,
    );
  }
}

function checkBodies(options: HttpOptions, issues: Issues): void {
  for (const op of ["create", "list", "revoke", "verify"] as const) {
    const { body, bodyFormat, method } = options[op];
    if (body === undefined) continue;
    if (method === "GET") {
      issues.add(
        [op, "body"],
        `${fieldName([op, "body"])} cannot be sent with a GET request; remove it or set \`${op}.method\` to "POST"`,
      );
      continue;
    }
    const flat =
      typeof body === "object" &&
      body !== null &&
      !Array.isArray(body) &&
      Object.values(body).every((v) => v === null || typeof v !== "object");
    if (bodyFormat === "form" && !flat) {
      issues.add(
        [op, "body"],
        `${fieldName([op, "body"])} must be a flat object of strings, numbers, booleans or null when \`${op}.bodyFormat\` is "form" (received ${received(body)})`,
      );
    }
  }
}

/** Pagination fields, and the styles each applies to. */
const PAGINATION_FIELDS = {
  pageParam: ["page"],
  firstPage: ["page"],
  totalPagesPath: ["page"],
  nextUrlFrom: ["nextUrl"],
  nextUrlPath: ["nextUrl"],
  cursorParam: ["cursor"],
  cursorPath: ["cursor"],
  hasMorePath: ["cursor"],
  sizeParam: ["page", "nextUrl", "cursor"],
  pageSize: ["page", "nextUrl", "cursor"],
} as const;

function checkPagination(pagination: HttpOptions["list"]["pagination"], issues: Issues): void {
  const at = ["list", "pagination"];
  const { style } = pagination;
  for (const [field, styles] of Object.entries(PAGINATION_FIELDS)) {
    const value = pagination[field as keyof typeof PAGINATION_FIELDS];
    if (value !== undefined && !(styles as readonly string[]).includes(style)) {
      issues.add(
        [...at, field],
        `${fieldName([...at, field])} applies only to \`style\` ${styles.map((s) => `"${s}"`).join(" or ")} (style is "${style}"); remove it`,
        value,
      );
    }
  }
  const required: string[] = [];
  if (style === "page" && pagination.pageParam === undefined) required.push("pageParam");
  if (style === "nextUrl" && pagination.nextUrlFrom === undefined) required.push("nextUrlFrom");
  if (
    style === "nextUrl" &&
    pagination.nextUrlFrom === "body" &&
    pagination.nextUrlPath === undefined
  ) {
    required.push("nextUrlPath");
  }
  if (style === "cursor" && pagination.cursorParam === undefined) required.push("cursorParam");
  if (style === "cursor" && pagination.cursorPath === undefined) required.push("cursorPath");
  for (const field of required) {
    issues.add(
      [...at, field],
      `${fieldName([...at, field])} is required when \`style\` is "${style}" (received nothing)`,
    );
  }
  if ((pagination.sizeParam === undefined) !== (pagination.pageSize === undefined)) {
    const missing = pagination.sizeParam === undefined ? "sizeParam" : "pageSize";
    issues.add(
      [...at, missing],
      `${fieldName([...at, missing])} is required with \`${missing === "sizeParam" ? "pageSize" : "sizeParam"}\` (received nothing)`,
    );
  }
}

/** Verify-auth fields, and the styles each applies to. */
const VERIFY_AUTH_FIELDS = {
  header: ["header"],
  prefix: ["bearer", "header"],
  username: ["basic-password"],
  password: ["basic-username"],
} as const;

function checkVerifyAuth(auth: HttpOptions["verify"]["auth"], issues: Issues): void {
  const at = ["verify", "auth"];
  for (const [field, styles] of Object.entries(VERIFY_AUTH_FIELDS)) {
    if (
      auth[field as keyof typeof VERIFY_AUTH_FIELDS] !== undefined &&
      !(styles as readonly string[]).includes(auth.style)
    ) {
      issues.add(
        [...at, field],
        `${fieldName([...at, field])} applies only to \`style\` ${styles.map((s) => `"${s}"`).join(" or ")} (style is "${auth.style}"); remove it`,
      );
    }
  }
  if (auth.style === "header" && auth.header === undefined) {
    issues.add(
      [...at, "header"],
      `${fieldName([...at, "header"])} is required when \`style\` is "header": the header that carries the key (received nothing)`,
    );
  }
  if (auth.style === "basic-password" && auth.username === undefined) {
    issues.add(
      [...at, "username"],
      `${fieldName([...at, "username"])} is required when \`style\` is "basic-password": the fixed user name sent with the key as password (received nothing)`,
    );
  }
}
