/** The generated tables of docs/vendors.md: from the vendor registry's definitions and option schemas. */
import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import { SUPPORTED_VENDORS } from "../../lambdas/contract/vendorNames";
import { VENDORS } from "../../lambdas/vendors/registry";
import { code, table } from "./markdown";

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Record<string, JsonSchema>;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly format?: string;
}

function jsonSchemaOf(schema: zc.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** A JSON Schema's type in a few words. */
function describeType(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => code(JSON.stringify(v))).join(", ");
  if (s.anyOf) return s.anyOf.map(describeType).join(" or ");
  if (s.type === "array") return `list of ${s.items ? describeType(s.items) : "any"}`;
  if (s.type === "object") return s.properties ? "object" : "map";
  if (s.format === "uri") return "URL";
  const type = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  const range =
    s.minimum !== undefined && s.maximum !== undefined ? ` ${s.minimum}–${s.maximum}` : "";
  return `${type}${range}${s.pattern ? ` matching ${code(s.pattern)}` : ""}`;
}

/** One line per vendor: what it expects and what it can do. */
export function vendorSummaryTable(): string {
  return table(
    ["`vendor`", "Keys expire", "`vendorOptions`", "Admin credential (the admin secret's JSON)"],
    SUPPORTED_VENDORS.map((name) => {
      const v = VENDORS[name];
      return [
        code(name),
        v.keysExpire ? "yes (`keyTtlDays`)" : "no: set `keyTtlDays: 0`",
        code(v.optionsShape),
        v.adminCredentialShape,
      ];
    }),
  );
}

/** Every vendor's top-level options, from its option schema. */
export function vendorOptionsSection(): string {
  return SUPPORTED_VENDORS.map((name) => {
    const schema = jsonSchemaOf(VENDORS[name].optionsSchema);
    const required = new Set(schema.required ?? []);
    const rows = Object.entries(schema.properties ?? {}).map(([option, s]) => [
      code(option),
      describeType(s),
      required.has(option)
        ? "required"
        : s.default === undefined
          ? "optional"
          : code(JSON.stringify(s.default)),
    ]);
    return [`### ${code(name)}`, table(["Option", "Type", "Default"], rows)].join("\n\n");
  }).join("\n\n");
}
