/**
 * The repository as `pulumi package add <repository>` uses it, without the
 * Pulumi CLI: a copy of the repository's files (what a clone holds), the
 * install step Pulumi runs for a plugin, then the plugin started exactly as
 * Pulumi's Node.js language host starts it, asked for its schema over gRPC.
 *
 * What Pulumi does, from its sources (pulumi/pulumi):
 * - install: `npm install --loglevel=error` in the plugin folder
 *   (pkg/workspace/plugin.go `InstallPluginAtPath`, sdk/nodejs/npm/npm.go
 *   `installCmd`), which runs the package's `prepare` script. node_modules is
 *   linked here instead of installed, so the test runs `npm run prepare`.
 * - run: `node <@pulumi/pulumi/cmd/run-plugin located from the plugin folder>
 *   <plugin folder> <engine address>` with the program's folder as working
 *   directory and the CLI's environment (pkg/resource/plugin/plugin.go
 *   `ExecPlugin`; sdk/nodejs/cmd/pulumi-language-nodejs/main.go `RunPlugin`).
 *   The plugin prints its gRPC port on stdout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type * as grpcJs from "@grpc/grpc-js";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { mustRun, run } from "../packaging/processes";

jest.setTimeout(10 * 60_000);

const ROOT = path.resolve(__dirname, "..", "..");
/** grpc-js as @pulumi/pulumi itself loads it (its dependency, not ours). */
const grpc = createRequire(require.resolve("@pulumi/pulumi"))("@grpc/grpc-js") as typeof grpcJs;

let work: string;
let pluginDir: string;
let programDir: string;
let plugin: ChildProcess | undefined;

/** The repository's files as a clone has them: tracked and new ones, nothing ignored, no build output. */
async function copyRepository(to: string): Promise<void> {
  const listed = await mustRun("git", ["ls-files", "-co", "--exclude-standard", "-z"], ROOT);
  for (const file of listed.stdout.split("\0").filter((f) => f !== "" && f !== "node_modules")) {
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(to, file));
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(to, "node_modules"), "dir");
}

/** Starts the plugin as the language host does and resolves with the port it prints. */
function startPlugin(): Promise<number> {
  const runPlugin = createRequire(path.join(pluginDir, "package.json")).resolve(
    "@pulumi/pulumi/cmd/run-plugin",
  );
  const child = spawn(process.execPath, [runPlugin, pluginDir, "127.0.0.1:1"], {
    cwd: programDir,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  plugin = child;
  let stdout = "";
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(.*)\n/.exec(stdout)?.[1];
      if (line === undefined) return;
      if (/^\d+$/.test(line)) resolve(Number(line));
      else reject(new Error(`The plugin's first line is not a port: ${line}\n${stderr}`));
    });
    child.on("exit", (code) =>
      reject(new Error(`The plugin exited (${code}) before printing a port:\n${stdout}${stderr}`)),
    );
  });
}

function getSchema(port: number): Promise<string> {
  const client = new ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as ResourceProviderClient;
  return new Promise((resolve, reject) =>
    client.getSchema(new GetSchemaRequest(), (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response.getSchema());
    }),
  );
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "rotated-api-key-plugin-"));
  pluginDir = path.join(work, "rotated-api-key");
  programDir = path.join(work, "program");
  mkdirSync(programDir);
  await copyRepository(pluginDir);
  await mustRun("npm", ["run", "prepare"], pluginDir);
});

afterAll(() => {
  plugin?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe("the repository as a Pulumi plugin", () => {
  it("serves RotatedApiKey over gRPC under the provider name rotated-api-key", async () => {
    const port = await startPlugin();
    const schema = JSON.parse(await getSchema(port)) as {
      name: string;
      namespace?: string;
      resources: Record<string, { isComponent: boolean }>;
    };

    expect(schema.name).toBe("rotated-api-key");
    expect(schema.namespace).toBeUndefined();
    expect(Object.keys(schema.resources)).toEqual([
      "rotated-api-key:index:RotatedApiKey",
      "rotated-api-key:index:RotationFleet",
    ]);
    expect(schema.resources["rotated-api-key:index:RotatedApiKey"]?.isComponent).toBe(true);
  });

  it("still gives programs the components when they require the package by name", async () => {
    const result = await run(
      process.execPath,
      [
        "-e",
        'const m = require("@rotated-api-key/pulumi"); console.log(typeof m.RotatedApiKey, typeof m.RotatedApiKeyDefaults, typeof require(process.cwd()));',
      ],
      pluginDir,
    );

    expect([result.code, result.stdout.trim()]).toEqual([0, "function object function"]);
  });
});
