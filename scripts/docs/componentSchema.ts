/**
 * The component's arguments and outputs as Pulumi's component analyzer sees
 * them (`createProvider().getSchema()`, the schema every Pulumi language gets),
 * with the `@default` of each argument from the TSDoc the analyzer drops.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { createProvider } from "../../provider";
import { memberDocs } from "./tsdoc";

/** One property of the analyzer's schema. */
export interface SchemaProperty {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
  readonly optional?: boolean;
  readonly plain?: boolean;
  readonly description?: string;
}

/** One documented property: the schema's view plus the TSDoc default. */
export interface DocumentedProperty extends SchemaProperty {
  readonly name: string;
  readonly default?: string;
}

/** An object type the inputs use, e.g. `RotatedApiKeyAlarmsArgs`. */
export interface DocumentedType {
  readonly name: string;
  readonly properties: readonly DocumentedProperty[];
}

/** What the configuration page is generated from. */
export interface ComponentDocs {
  readonly token: string;
  readonly inputs: readonly DocumentedProperty[];
  readonly outputs: readonly DocumentedProperty[];
  /** The object types the inputs reach, in the order they are first reached. */
  readonly inputTypes: readonly DocumentedType[];
}

interface Schema {
  readonly resources: Record<
    string,
    {
      readonly inputProperties: Record<string, SchemaProperty>;
      readonly requiredInputs?: readonly string[];
      readonly properties: Record<string, SchemaProperty>;
      readonly required?: readonly string[];
    }
  >;
  readonly types: Record<
    string,
    { readonly properties: Record<string, SchemaProperty>; readonly required?: readonly string[] }
  >;
}

const ROOT = path.resolve(__dirname, "..", "..");
const COMPONENT_SOURCES = path.join(ROOT, "components");
const LOCAL_TYPE = /^#\/types\/[^:]+:index:(\w+)$/;

/** The local type a property refers to (directly, or as a list's or map's item), if any. */
export function localTypeOf(property: SchemaProperty): string | undefined {
  const ref = property.$ref ?? property.items?.$ref ?? property.additionalProperties?.$ref;
  return ref === undefined ? undefined : LOCAL_TYPE.exec(ref)?.[1];
}

/** Runs the analyzer in-process (about 10 s) and collects the documentation. */
export async function componentDocs(): Promise<ComponentDocs> {
  const schema = JSON.parse(await createProvider().getSchema()) as Schema;
  const [token, resource] = Object.entries(schema.resources)[0] ?? [];
  if (token === undefined || resource === undefined)
    throw new Error("The component schema has no resource.");
  const componentName = token.split(":").pop() as string;
  const inputs = documented(resource.inputProperties, `${componentName}Args`);
  const outputs = documented(resource.properties, undefined);
  const inputTypes: DocumentedType[] = [];
  const queue = inputs.map(localTypeOf).filter((t): t is string => t !== undefined);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (inputTypes.some((t) => t.name === name)) continue;
    const type = Object.entries(schema.types).find(([t]) => t.endsWith(`:index:${name}`))?.[1];
    if (type === undefined) throw new Error(`The component schema has no type ${name}.`);
    const properties = documented(type.properties, name);
    inputTypes.push({ name, properties });
    queue.push(...properties.map(localTypeOf).filter((t): t is string => t !== undefined));
  }
  return { token, inputs, outputs, inputTypes };
}

function documented(
  properties: Record<string, SchemaProperty>,
  interfaceName: string | undefined,
): DocumentedProperty[] {
  const docs = interfaceName === undefined ? undefined : interfaceDocs(interfaceName);
  return Object.entries(properties).map(([name, property]) => {
    const value = docs?.find((d) => d.name === name)?.default;
    return { name, ...property, ...(value === undefined ? {} : { default: value }) };
  });
}

/** The TSDoc of `interface <name>` wherever it is declared under components/. */
function interfaceDocs(name: string): ReturnType<typeof memberDocs> {
  for (const file of sourceFiles(COMPONENT_SOURCES)) {
    const docs = memberDocs(file, name);
    if (docs !== undefined) return docs;
  }
  throw new Error(
    `No interface ${name} under components/: the schema names a type the sources do not declare.`,
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}
