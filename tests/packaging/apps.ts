import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/*
 * The temporary apps the packaging test installs the tarballs into: a Pulumi
 * TypeScript program as `pulumi new typescript` creates it (its tsconfig.json,
 * package.json and Pulumi.yaml), and a service that uses the consumer client.
 */

/** tsconfig.json of `pulumi new typescript` today (the template since March 2026). */
export const PULUMI_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/**
 * tsconfig.json of `pulumi new typescript` from 2019 to March 2026, which most
 * existing programs still have: `moduleResolution: node` (no `exports` maps, so
 * `/consumer` needs `typesVersions`), no `esModuleInterop`, no `skipLibCheck`.
 */
export const PULUMI_TSCONFIG_NODE10 = {
  ...PULUMI_TSCONFIG,
  compilerOptions: {
    ...PULUMI_TSCONFIG.compilerOptions,
    module: "commonjs",
    moduleResolution: "node",
  },
};

export interface Versions {
  readonly pulumi: string;
  readonly aws: string;
  readonly random: string;
  readonly typescript: string;
}

/**
 * A new Pulumi program (the template's package.json, with `@pulumi/aws` as an AWS
 * program has it) whose index.ts uses the component and the consumer subpath.
 * The Pulumi and TypeScript versions are the repository's own, so the test
 * depends on what this repository tested rather than on the newest releases;
 * `@types/node` is the template's range.
 */
export function writeProgram(dir: string, versions: Versions): void {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    "package.json": json({
      name: "packaging-program",
      main: "index.ts",
      devDependencies: { "@types/node": "^18", typescript: versions.typescript },
      dependencies: {
        "@pulumi/aws": versions.aws,
        "@pulumi/pulumi": versions.pulumi,
        "@pulumi/random": versions.random,
      },
    }),
    "Pulumi.yaml": [
      "name: packaging-program",
      "description: A program that uses RotatedApiKey",
      "runtime: nodejs",
      "",
    ].join("\n"),
    "tsconfig.json": json(PULUMI_TSCONFIG),
    "tsconfig.node10.json": json(PULUMI_TSCONFIG_NODE10),
    "index.ts": PROGRAM,
    "mocks.js": MOCKS,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

/** A service that depends on the consumer client alone. */
export function writeService(dir: string, versions: Versions): void {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    "package.json": json({
      name: "packaging-service",
      private: true,
      devDependencies: { "@types/node": "^18", typescript: versions.typescript },
    }),
    "tsconfig.json": json({ ...PULUMI_TSCONFIG_NODE10, files: ["service.ts"] }),
    "tsconfig.nodenext.json": json({ ...PULUMI_TSCONFIG, files: ["service.ts"] }),
    "service.ts": SERVICE,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 4)}\n`;

/** The program: the README's usage, with the types a user would name. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { RotatedApiKey, type RotatedApiKeyArgs } from "@rotated-api-key/pulumi";
import { ApiKeyProvider } from "@rotated-api-key/pulumi/consumer";

const args: RotatedApiKeyArgs = {
    vendor: "nylas",
    vendorOptions: { applicationId: "app-123" },
    adminCredentialSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas/admin-AbCdEf",
    tags: { owner: "platform-team", purpose: "packaging test", environment: pulumi.getStack() },
};
const key = new RotatedApiKey("nylas-api-key", args);

export const secretArn: pulumi.Output<string> = key.secretArn;
export const consumerClient: string = ApiKeyProvider.name;
`;

/**
 * Preloaded with \`node -r ./mocks.js bin/index.js\`: Pulumi's mocks in place of
 * the engine (there is no Pulumi CLI here), then, when the program has
 * nothing left to do, report.json with every resource it registered and the
 * file its rotation Lambda's code comes from.
 */
const MOCKS = `const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

const ACCOUNT = "123456789012";
const registered = [];
pulumi.runtime.setMocks(
    {
        newResource(args) {
            registered.push(args);
            const name = args.inputs.name ?? args.name;
            return {
                id: args.name + "-id",
                state: { ...args.inputs, name, arn: "arn:aws:mock:us-east-1:" + ACCOUNT + ":" + name },
            };
        },
        call(args) {
            if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                return { accountId: ACCOUNT, arn: "arn:aws:iam::" + ACCOUNT + ":user/test", id: ACCOUNT, userId: "AIDATEST" };
            }
            throw new Error("unexpected provider call " + args.token);
        },
    },
    "packaging-program",
    "dev",
);

let reported = false;
process.on("beforeExit", async () => {
    if (reported) return;
    reported = true;
    const fn = registered.find((r) => r.type === "aws:lambda/function:Function");
    const assets = fn && fn.inputs.code ? await fn.inputs.code.assets : {};
    const code = assets["index.js"] ? await assets["index.js"].path : undefined;
    const resources = registered.map((r) => ({ type: r.type, name: r.name, custom: r.custom === true }));
    fs.writeFileSync("report.json", JSON.stringify({ resources, code }, null, 2));
});
`;

/** The service: reads a key through a stub Secrets Manager client and calls the "vendor" with it. */
const SERVICE = `import {
    ApiKeyProvider,
    ConsumerConfigError,
    keyRejectedByStatus,
    noConsumerMetrics,
    withApiKey,
} from "@rotated-api-key/consumer";

type Client = NonNullable<ConstructorParameters<typeof ApiKeyProvider>[0]["client"]>;

let reads = 0;
const client = {
    send: async () => {
        reads += 1;
        return { Name: "prod/nylas-api-key", VersionId: "v1", SecretString: JSON.stringify({ apiKey: "sk-1", keyId: "k1" }) };
    },
} as unknown as Client;

async function main(): Promise<void> {
    const keys = new ApiKeyProvider({ secretId: "prod/nylas-api-key", client, metrics: noConsumerMetrics });
    const status = await withApiKey(keys, async (apiKey) => (apiKey === "sk-1" ? 200 : 401));
    keys.close();
    let configError = "";
    try {
        new ApiKeyProvider({ secretId: "prod/nylas-api-key", ttlMs: 0 });
    } catch (error) {
        configError = error instanceof ConsumerConfigError ? error.message : String(error);
    }
    const rejects403 = keyRejectedByStatus([401, 403])({ kind: "threw", error: { status: 403 } });
    console.log(JSON.stringify({ status, reads, configError, rejects403 }));
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
`;
