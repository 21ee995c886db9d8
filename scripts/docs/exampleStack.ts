/**
 * The generated list of what `pulumi up` creates with the example stack:
 * the example program's configuration read from Pulumi.example.yaml, the
 * component constructed under Pulumi mocks, its resources grouped by type.
 */
import type * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import path from "node:path";
import { deployUnderMocks } from "../../bench/cost/keyResources";
import { readProgramConfig } from "../../example/programConfig";
import { parseStackConfig } from "../../tests/components/stackConfigFile";
import { code, table } from "./markdown";

const ROOT = path.resolve(__dirname, "..", "..");

/** The example stack's configuration as the program's `pulumi.Config` would return it. */
function exampleConfig(): pulumi.Config {
  const project = /^name: (\S+)$/m.exec(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"))?.[1];
  const stack = parseStackConfig(readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8"));
  const get = (key: string): unknown => stack[`${String(project)}:${key}`];
  return {
    get,
    getNumber: get,
    getBoolean: get,
    getObject: get,
    getSecret: get,
    requireObject: get,
  } as unknown as pulumi.Config;
}

/** One row per resource type the example stack creates: the type token, how many, their names. */
export async function exampleResourcesTable(): Promise<string> {
  const { name, args } = readProgramConfig(exampleConfig());
  const { resources } = await deployUnderMocks(name, args);
  const byType = new Map<string, string[]>();
  for (const r of resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r.name]);
  return table(
    ["Resource type", "Count", "Names"],
    [...byType]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, names]) => [
        code(type),
        String(names.length),
        [...names].sort().map(code).join(", "),
      ]),
  );
}
