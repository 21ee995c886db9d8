import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROGRAM_CONFIG_KEYS, readProgramConfig } from "../../example/programConfig";
import { installPulumiMocks, promiseOf } from "../components/pulumiMocks";
import { parseStackConfig } from "../components/stackConfigFile";

const ROOT = path.resolve(__dirname, "..", "..");
const PROJECT = /^name: (\S+)$/m.exec(
  readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"),
)?.[1] as string;
const EXAMPLE = parseStackConfig(readFileSync(path.join(ROOT, "Pulumi.example.yaml"), "utf8"));
const mocks = installPulumiMocks(PROJECT, "example");
const HEADING = "## The example program's stack configuration";

/** The rows of the table under `## The example program's stack configuration`, each cell trimmed. */
function configurationTable(markdown: string): string[][] {
  const lines = markdown.split("\n");
  const heading = lines.indexOf(HEADING);
  if (heading < 0) throw new Error(`docs/configuration.md has no \`${HEADING}\` heading.`);
  const start = lines.findIndex((line, i) => i > heading && line.startsWith("|"));
  const table: string[] = [];
  for (let i = start; i >= 0 && i < lines.length && (lines[i] as string).startsWith("|"); i++)
    table.push(lines[i] as string);
  return table.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim()),
  );
}

/** The example file's keys in the program's namespace, without the namespace. */
function exampleProgramConfig(): Record<string, unknown> {
  const prefix = `${PROJECT}:`;
  return Object.fromEntries(
    Object.entries(EXAMPLE)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

describe("the program's configuration", () => {
  it("is documented in docs/configuration.md, key for key", () => {
    // Prepare
    const markdown = readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
    // Act
    const rows = configurationTable(markdown);
    // Assess
    expect(rows).toEqual(
      PROGRAM_CONFIG_KEYS.map((k) => [`\`${k.key}\``, k.type, k.default, k.description]),
    );
  });

  it("is read key for key by readProgramConfig", () => {
    // Prepare
    const read: string[] = [];
    const values = exampleProgramConfig();
    const record = (key: string): unknown => {
      read.push(key);
      return values[key];
    };
    const config = {
      get: record,
      getNumber: record,
      getBoolean: record,
      getObject: record,
      getSecret: record,
      requireObject: record,
    } as unknown as pulumi.Config;
    // Act
    readProgramConfig(config);
    // Assess
    expect(read.sort()).toEqual(PROGRAM_CONFIG_KEYS.map((k) => k.key).sort());
  });

  it("is exemplified in Pulumi.example.yaml with known keys only, namespaced with the project", () => {
    // Prepare
    const known = new Set(PROGRAM_CONFIG_KEYS.map((k) => `${PROJECT}:${k.key}`));
    // Act
    const unknown = Object.keys(EXAMPLE).filter(
      (key) => !known.has(key) && !key.startsWith("aws:"),
    );
    // Assess
    expect(PROJECT).toBe("rotated-api-key-example");
    expect(unknown).toEqual([]);
    expect(Object.keys(exampleProgramConfig())).toEqual(
      expect.arrayContaining(["vendorOptions", "tags"]),
    );
  });
});

describe("the program (index.ts) with the example stack configuration", () => {
  it("creates one RotatedApiKey and exports its outputs", async () => {
    // Prepare
    pulumi.runtime.setAllConfig(
      Object.fromEntries(
        Object.entries(EXAMPLE).map(([key, value]) => [
          key,
          typeof value === "object" ? JSON.stringify(value) : String(value),
        ]),
      ),
    );
    // Act
    const program = jest.requireActual<typeof import("../../index")>("../../index");
    const outputs = await promiseOf(
      pulumi.all({
        secretArn: program.secretArn,
        adminSecretArn: program.adminSecretArn,
        functionName: program.functionName,
      }),
    );
    // Assess
    expect(outputs).toEqual({
      secretArn:
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas-api-key-1a2b3c4-AbCdEf",
      adminSecretArn:
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas/admin-credential-AbCdEf",
      functionName: expect.stringMatching(/^nylas-api-key-rotation-[0-9a-f]{6}$/),
    });
    expect(program.rotationIntervalHours).toBe(720);
    expect(program.overlapHours).toBe(24);
    expect(mocks.resources.filter((r) => !r.custom).map((r) => `${r.type}::${r.name}`)).toEqual([
      "rotated-api-key:index:RotatedApiKey::nylas-api-key",
      "rotated-api-key:index:RotationMonitoring::nylas-api-key",
    ]);
  });
});
