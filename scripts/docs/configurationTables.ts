/** The generated tables of docs/configuration.md. */
import { PROGRAM_CONFIG_KEYS } from "../../example/programConfig";
import { Settings } from "../../lambdas/contract/settings";
import {
  localTypeOf,
  type ComponentDocs,
  type DocumentedProperty,
  type SchemaProperty,
} from "./componentSchema";
import { code, table } from "./markdown";

/** A property's type in words, linking the object types documented on the page. */
export function typeOf(property: SchemaProperty, linked: ReadonlySet<string> = new Set()): string {
  const local = localTypeOf(property);
  const named =
    local === undefined
      ? undefined
      : linked.has(local)
        ? `[${local}](#${local.toLowerCase()})`
        : `object ${code(local)}`;
  if (property.$ref !== undefined)
    return named ?? (property.$ref.endsWith("/Any") ? "any" : resourceOf(property.$ref));
  if (property.type === "array")
    return `list of ${property.items ? typeOf(property.items, linked) : "any"}`;
  if (property.type === "object" && property.additionalProperties)
    return `map of ${typeOf(property.additionalProperties, linked)}`;
  return property.type ?? "any";
}

/** `aws:cloudwatch/eventRule:EventRule` from a reference to another package's resource. */
function resourceOf(ref: string): string {
  const token = decodeURIComponent(ref.split("/resources/").pop() ?? ref);
  return `resource ${code(token)}`;
}

function defaultOf(property: DocumentedProperty): string {
  if (!property.optional) return "required";
  return property.default ?? "none";
}

/** Arguments: name, type, whether it must be known at plan time, default, description. */
export function argumentsTable(
  properties: readonly DocumentedProperty[],
  linked: ReadonlySet<string>,
): string {
  return table(
    ["Argument", "Type", "Default", "Description"],
    properties.map((p) => [
      code(p.name),
      `${typeOf(p, linked)}${p.plain ? "" : " (Input)"}`,
      defaultOf(p),
      p.description ?? "",
    ]),
  );
}

/** The component's arguments, then each object type they use. */
export function componentArgumentsSection(docs: ComponentDocs): string {
  const name = docs.token.split(":").pop() as string;
  const linked = new Set(docs.inputTypes.map((t) => t.name));
  const parts = [
    `Type token ${code(docs.token)}. "(Input)" marks arguments that accept a Pulumi output; the others must be plain values when the program runs.`,
    `### ${name}Args`,
    argumentsTable(docs.inputs, linked),
    ...docs.inputTypes.flatMap((t) => [`### ${t.name}`, argumentsTable(t.properties, linked)]),
  ];
  return parts.join("\n\n");
}

/** The component's outputs. */
export function outputsTable(docs: ComponentDocs): string {
  return table(
    ["Output", "Type", "Description"],
    docs.outputs.map((p) => [code(p.name), typeOf(p), p.description ?? ""]),
  );
}

/** The rotation Lambda's numeric settings, from the contract's one table. */
export function lambdaSettingsTable(): string {
  return table(
    ["Variable", "Range", "Default", "Meaning"],
    Object.values(Settings).map((s) => [
      code(s.env),
      `${s.min}–${s.max} ${s.unit}`,
      String(s.default),
      s.meaning,
    ]),
  );
}

/** The example program's stack configuration keys (example/programConfig.ts). */
export function programConfigTable(): string {
  return table(
    ["Key", "Type", "Default", "Description"],
    PROGRAM_CONFIG_KEYS.map((k) => [code(k.key), k.type, k.default, k.description]),
  );
}
