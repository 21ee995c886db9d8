/**
 * The packages as users get them. The test builds what `prepare` builds,
 * packs both packages with `npm pack`, and then, outside the repository (in
 * os.tmpdir()):
 *
 * - a new Pulumi TypeScript program installs @rotated-api-key/pulumi with npm's
 *   default layout and with `--install-strategy=linked` (pnpm-style: a package
 *   reaches only what it declares), type-checks with Pulumi's default
 *   tsconfig (no `skipLibCheck`; today's template and the `moduleResolution:
 *   node` one most programs have), runs under `pulumi.runtime.setMocks` and
 *   runs the `rotated-api-key` CLI;
 * - a service installs @rotated-api-key/consumer alone, type-checks, reads a key
 *   with it, and is measured;
 * - each tarball must hold exactly the files listed in fixtures/.
 *
 * It needs the npm registry (CI reaches it) and shares npm's cache. Nothing is
 * optional: a missing tool, build or registry fails the test.
 * After a deliberate change of what ships: UPDATE_PACKAGE_FILES=1 npx jest tests/packaging
 */
import { builtinModules } from "node:module";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeProgram, writeService, type Versions } from "./apps";
import {
  bareRequires,
  explain,
  mustRun,
  packageOf,
  productionPackages,
  REQUIRE,
  run,
  treeBytes,
  typeImports,
  type Run,
} from "./processes";

jest.setTimeout(20 * 60_000);

const ROOT = path.resolve(__dirname, "..", "..");
const CONSUMER_DIR = path.join(ROOT, "packages", "consumer");
const FIXTURES = path.join(__dirname, "fixtures");
const MAIN = "@rotated-api-key/pulumi";
const CONSUMER = "@rotated-api-key/consumer";

interface Manifest {
  name: string;
  version: string;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  files?: string[];
}
const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
const root = manifest(ROOT);
const consumer = manifest(CONSUMER_DIR);
const VERSIONS: Versions = {
  pulumi: root.devDependencies!["@pulumi/pulumi"]!,
  aws: root.devDependencies!["@pulumi/aws"]!,
  random: root.devDependencies!["@pulumi/random"]!,
  typescript: root.devDependencies!.typescript!,
};

/** What one install of the program gave. */
interface ProgramChecks {
  readonly dir: string;
  readonly typecheck: Run[];
  readonly mocks: Run;
  readonly cliVersion: Run;
}

/** What the service gave. */
interface ServiceChecks {
  readonly dir: string;
  readonly typecheck: Run[];
  readonly service: Run;
  readonly packages: string[];
  readonly bytes: number;
}

interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: { path: string }[];
}

const WORK = mkdtempSync(path.join(tmpdir(), "rotated-api-key-packaging-"));
const timings: [string, number][] = [];
let tarballs: Map<string, Packed>;
let hoisted: ProgramChecks;
let linked: ProgramChecks;
let service: ServiceChecks;

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings.push([name, Date.now() - started]);
  }
}

/** The bundle is rebuilt only when a source that went into it is newer: other test files load it meanwhile. */
async function ensureBundle(): Promise<void> {
  const bundle = path.join(ROOT, "dist", "rotation", "index.js");
  const sources = path.join(ROOT, "dist", "rotation", "sources.json");
  if (existsSync(bundle) && existsSync(sources)) {
    const built = statSync(bundle).mtimeMs;
    const inputs = [...(JSON.parse(readFileSync(sources, "utf8")) as string[]), "scripts/build.ts"];
    const stale = inputs.some((file) => {
      const full = path.join(ROOT, file);
      return !existsSync(full) || statSync(full).mtimeMs > built;
    });
    if (!stale) return;
  }
  await mustRun("npm", ["run", "build"], ROOT);
}

const npmInstall = ["install", "--no-audit", "--no-fund", "--prefer-offline"];

async function checkProgram(dir: string, typecheckWith: string[]): Promise<ProgramChecks> {
  // The first config emits bin/ (the program that runs); the others only check.
  const typecheck = await Promise.all(
    typecheckWith.map((config, i) =>
      run(
        process.execPath,
        [
          path.join(dir, "node_modules", "typescript", "bin", "tsc"),
          "--pretty",
          "false",
          "-p",
          config,
          ...(i === 0 ? [] : ["--noEmit"]),
        ],
        dir,
      ),
    ),
  );
  const mocks = existsSync(path.join(dir, "bin", "index.js"))
    ? await run(process.execPath, ["-r", "./mocks.js", "bin/index.js"], dir)
    : {
        command: "node -r ./mocks.js bin/index.js",
        code: -1,
        stdout: "",
        stderr: "tsc emitted no bin/index.js: see the type-check",
        ms: 0,
      };
  const cliVersion = await run(
    path.join(dir, "node_modules", ".bin", "rotated-api-key"),
    ["--version"],
    dir,
  );
  return { dir, typecheck, mocks, cliVersion };
}

async function checkService(tarball: string): Promise<ServiceChecks> {
  const dir = path.join(WORK, "service");
  writeService(dir, VERSIONS);
  await step("service: npm install (default)", () =>
    mustRun("npm", [...npmInstall, path.join("..", tarball)], dir),
  );
  const packages = productionPackages(dir);
  const bytes = packages.reduce((sum, where) => sum + treeBytes(path.join(dir, where)), 0);
  const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");
  const typecheck = await step("service: tsc (node10 emit, nodenext)", () =>
    Promise.all([
      run(process.execPath, [tsc, "--pretty", "false", "-p", "tsconfig.json"], dir),
      run(
        process.execPath,
        [tsc, "--pretty", "false", "-p", "tsconfig.nodenext.json", "--noEmit"],
        dir,
      ),
    ]),
  );
  const serviceRun = await run(process.execPath, ["bin/service.js"], dir);
  return { dir, typecheck, service: serviceRun, packages, bytes };
}

beforeAll(async () => {
  await step("build (build:lib, consumer build, bundle if stale)", () =>
    Promise.all([
      mustRun("npm", ["run", "build:lib"], ROOT),
      mustRun("npm", ["run", "build", "--workspace", CONSUMER], ROOT),
      ensureBundle(),
    ]),
  );
  const packed = await step("npm pack (both)", () =>
    mustRun(
      "npm",
      [
        "pack",
        "--json",
        "--ignore-scripts",
        "--workspace",
        CONSUMER,
        "--include-workspace-root",
        "--pack-destination",
        WORK,
      ],
      ROOT,
    ),
  );
  tarballs = new Map(
    (JSON.parse(packed.stdout) as Packed[]).map((entry) => [entry.name, entry] as const),
  );
  const main = tarballs.get(MAIN);
  const client = tarballs.get(CONSUMER);
  if (!main || !client) throw new Error(`npm pack made ${[...tarballs.keys()].join(", ")}`);

  // Runs alongside the program's steps; awaited (and its failure reported) at the end.
  const serviceDone = checkService(client.filename);
  serviceDone.catch(() => undefined);

  const hoistedDir = path.join(WORK, "program-hoisted");
  writeProgram(hoistedDir, VERSIONS);
  await step("program: npm install (default)", () =>
    mustRun("npm", [...npmInstall, path.join("..", main.filename)], hoistedDir),
  );
  const hoistedDone = step("program (default): tsc ×2, mocks, CLI", () =>
    checkProgram(hoistedDir, ["tsconfig.json", "tsconfig.node10.json"]),
  );
  hoistedDone.catch(() => undefined);

  // The same dependencies (the first install's lockfile), laid out as pnpm would.
  const linkedDir = path.join(WORK, "program-linked");
  writeProgram(linkedDir, VERSIONS);
  for (const file of ["package.json", "package-lock.json"]) {
    copyFileSync(path.join(hoistedDir, file), path.join(linkedDir, file));
  }
  await step("program: npm install --install-strategy=linked", () =>
    mustRun("npm", [...npmInstall, "--install-strategy=linked"], linkedDir),
  );
  // Only the moduleResolution node check here: the layout changes what resolves, not how.
  linked = await step("program (linked): tsc, mocks, CLI", () =>
    checkProgram(linkedDir, ["tsconfig.node10.json"]),
  );
  hoisted = await hoistedDone;
  service = await serviceDone;
}, 20 * 60_000);

afterAll(() => {
  const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(
    [
      `packaging test in ${WORK} (steps overlap; the sum is ${(total / 1000).toFixed(0)} s):`,
      ...timings.map(([name, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`),
      service
        ? `  consumer service: ${service.packages.length} packages, ${(service.bytes / 1e6).toFixed(1)} MB`
        : "",
    ].join("\n"),
  );
  if (!process.env.KEEP_PACKAGING_WORK) rmSync(WORK, { recursive: true, force: true });
});

/** Where the default install put the package. */
const installedPackage = (name: string): string =>
  path.join(name === MAIN ? hoisted.dir : service.dir, "node_modules", ...name.split("/"));

const expectOk = (result: Run): void => {
  if (result.code !== 0) throw new Error(explain(result));
};

describe.each([
  ["npm's default layout", () => hoisted],
  ["--install-strategy=linked", () => linked],
])("a Pulumi TypeScript program that installs the tarball (%s)", (_, checks) => {
  it("type-checks with Pulumi's default tsconfig (no skipLibCheck)", () => {
    for (const result of checks().typecheck) expectOk(result);
  });

  it("constructs RotatedApiKey under pulumi.runtime.setMocks, deploying the shipped bundle", () => {
    const { dir, mocks } = checks();
    expectOk(mocks);
    const report = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8")) as {
      resources: { type: string; name: string; custom: boolean }[];
      code?: string;
    };
    const types = new Set(report.resources.map((r) => r.type));
    expect(report.resources).toContainEqual({
      type: "rotated-api-key:index:RotatedApiKey",
      name: "nylas-api-key",
      custom: false,
    });
    for (const type of [
      "aws:secretsmanager/secret:Secret",
      "aws:secretsmanager/secretRotation:SecretRotation",
      "aws:lambda/function:Function",
      "aws:iam/role:Role",
    ]) {
      expect(types).toContain(type);
    }
    const installed = path.join(dir, "node_modules", ...MAIN.split("/"));
    expect(report.code).toBe(path.join(realpathSync(installed), "dist", "rotation", "index.js"));
  });

  it("runs the rotated-api-key CLI from node_modules/.bin", () => {
    const { cliVersion } = checks();
    expectOk(cliVersion);
    expect(cliVersion.stdout.trim()).toBe(root.version);
  });
});

describe("a service that installs the consumer tarball alone", () => {
  it("type-checks (moduleResolution node and nodenext) and reads a key with it", () => {
    for (const result of service.typecheck) expectOk(result);
    expectOk(service.service);
    expect(JSON.parse(service.service.stdout)).toEqual({
      status: 200,
      reads: 1,
      configError: expect.stringContaining(
        "`ttlMs` must be a number from 1 to 86400000 (received 0)",
      ),
      rejects403: true,
    });
  });

  it("gets the Secrets Manager client and Powertools metrics, not Pulumi or zod", () => {
    const names = service.packages.map((where) => where.replace(/^.*node_modules\//, ""));
    expect(names).toContain(CONSUMER);
    expect(names).toContain("@aws-sdk/client-secrets-manager");
    expect(names).toContain("@aws-lambda-powertools/metrics");
    expect(names.filter((n) => n.startsWith("@pulumi/") || n === "zod")).toEqual([]);
    expect(service.bytes).toBeLessThan(30e6);
  });
});

describe.each([
  [MAIN, ROOT, "pulumi.files.txt"],
  [CONSUMER, CONSUMER_DIR, "consumer.files.txt"],
])("the %s tarball", (name, dir, fixture) => {
  const files = () =>
    tarballs
      .get(name)!
      .files.map((f) => f.path)
      .sort();

  it("holds exactly the files in tests/packaging/fixtures", () => {
    const expectedFile = path.join(FIXTURES, fixture);
    if (process.env.UPDATE_PACKAGE_FILES) writeFileSync(expectedFile, `${files().join("\n")}\n`);
    const expected = readFileSync(expectedFile, "utf8").split("\n").filter(Boolean).sort();
    const added = files().filter((f) => !expected.includes(f));
    const missing = expected.filter((f) => !files().includes(f));
    if (added.length > 0 || missing.length > 0) {
      throw new Error(
        [
          `The ${name} tarball's files differ from tests/packaging/fixtures/${fixture}:`,
          ...added.map((f) => `  + ${f}`),
          ...missing.map((f) => `  - ${f}`),
          "If that is intended (a module added, moved or removed), update the list:",
          "  UPDATE_PACKAGE_FILES=1 npx jest tests/packaging",
        ].join("\n"),
      );
    }
    expect(files()).toEqual(expected);
  });

  it("ships no tests, harness, sources, source maps, drill logs or engine modules", () => {
    const unwanted = files().filter(
      (f) =>
        /^(tests|harness|scripts|bench|example|components|consumer|cli|lambdas)\//.test(f) ||
        /(^|\/)(drill-logs\.jsonl|sources\.json)$/.test(f) ||
        f.endsWith(".map") ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        f.startsWith("lib/lambdas/engine/"),
    );
    expect(unwanted).toEqual([]);
    expect(files()).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
    expect(readFileSync(path.join(dir, "LICENSE"), "utf8")).toBe(
      readFileSync(path.join(ROOT, "LICENSE"), "utf8"),
    );
  });

  it("exposes no zod in its public types (zod's need esModuleInterop, which Pulumi's default tsconfig lacks)", () => {
    const installed = installedPackage(name);
    const own = manifest(installed) as Manifest & {
      types: string;
      exports: Record<string, string | { types?: string }>;
    };
    const entries = [
      own.types,
      ...Object.values(own.exports).flatMap((e) =>
        typeof e === "object" && e.types ? [e.types] : [],
      ),
    ].map((entry) => path.join(installed, entry));
    const zod = [...typeImports(entries)]
      .filter(([specifier]) => packageOf(specifier) === "zod")
      .map(([specifier, file]) => `${path.relative(installed, file)} imports ${specifier}`);
    expect(zod).toEqual([]);
  });

  it("declares every package its JavaScript requires", () => {
    const installed = installedPackage(name);
    const own = manifest(installed);
    const declared = new Set([
      ...Object.keys(own.dependencies ?? {}),
      ...Object.keys(own.peerDependencies ?? {}),
    ]);
    const builtins = new Set(builtinModules);
    // lib/ runs in the user's program; dist/rotation/index.js runs in Lambda (see below).
    const undeclared = [...bareRequires(path.join(installed, "lib"))]
      .filter(([specifier]) => !specifier.startsWith("node:") && !builtins.has(specifier))
      .filter(([specifier]) => !declared.has(packageOf(specifier)))
      .map(([specifier, from]) => `${specifier} (${from.slice(0, 3).join(", ")})`);
    expect(undeclared).toEqual([]);
  });
});

describe("the manifests", () => {
  it("build in prepare (npm pack, and npm install in a clone: `pulumi package add`) what this test built", () => {
    expect(root.scripts.prepare).toBe("npm run build && npm run build:lib");
    expect(consumer.scripts.prepack).toBe("npm run build");
  });

  it("take Pulumi as peer dependencies with ranges, with pinned copies for development", () => {
    for (const name of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/random"]) {
      expect(root.peerDependencies?.[name]).toMatch(/^\^\d+\.\d+\.\d+$/);
      expect(root.dependencies?.[name]).toBeUndefined();
      expect(root.devDependencies?.[name]).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(Object.keys(consumer.dependencies ?? {}).sort()).toEqual([
      "@aws-lambda-powertools/metrics",
      "@aws-sdk/client-secrets-manager",
    ]);
  });

  it("leave the Lambda bundle only the AWS SDK client the Lambda runtime provides", () => {
    const bundle = readFileSync(path.join(ROOT, "dist", "rotation", "index.js"), "utf8");
    const builtins = new Set(builtinModules);
    const external = [...bundle.matchAll(REQUIRE)]
      .map((m) => m[1]!)
      .filter((s) => !s.startsWith("node:") && !builtins.has(s));
    expect([...new Set(external)]).toEqual(["@aws-sdk/client-cloudwatch"]);
  });
});
