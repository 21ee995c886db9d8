import { LifecycleDefaults } from "../../components/lifecycle/lifecycleArgs";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RotatedApiKey, RotationBundleMissingError } from "../../components";
import {
  findPackageRoot,
  locateRotationBundle,
  rotationCodeArchive,
} from "../../components/lambdaBundle";
import { rotationEnvironment } from "../../components/lambdaEnvironment";
import { defaultArgs } from "./componentArgs";
import { installPulumiMocks, settle } from "./pulumiMocks";

const mocks = installPulumiMocks();
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const BUNDLE = path.join(REPO_ROOT, "dist", "rotation", "index.js");

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

async function archiveFiles(archive: pulumi.asset.AssetArchive): Promise<Record<string, string>> {
  const assets = (await archive.assets) as Record<string, pulumi.asset.FileAsset>;
  const entries = await Promise.all(
    Object.entries(assets).map(
      async ([name, asset]) => [name, (await asset.path) as string] as const,
    ),
  );
  return Object.fromEntries(entries);
}

describe("the rotation Lambda's code", () => {
  beforeAll(() => {
    // This test checks the built artefact and never builds it.
    if (!existsSync(BUNDLE)) {
      throw new Error(
        `${BUNDLE} does not exist: run \`npm run build\` first (\`npm test\` runs it before jest).`,
      );
    }
  });

  it("is the bundle at dist/rotation/index.js, byte for byte", async () => {
    // Prepare
    mocks.reset();
    const key = new RotatedApiKey("nylas-key", defaultArgs);
    await settle(key);
    const fn = mocks.ofType("aws:lambda/function:Function")[0];
    // Act
    const files = await archiveFiles(fn?.inputs.code as pulumi.asset.AssetArchive);
    // Assess
    expect(files).toEqual(
      existsSync(`${BUNDLE}.map`)
        ? { "index.js": BUNDLE, "index.js.map": `${BUNDLE}.map` }
        : { "index.js": BUNDLE },
    );
    expect(sha256(files["index.js"] as string)).toBe(sha256(BUNDLE));
  });
});

describe("findPackageRoot", () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "rotated-api-key-"));
    writeFileSync(
      path.join(root, "package.json"),
      JSON.stringify({ name: "@rotated-api-key/pulumi" }),
    );
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("finds the repository root from components/ (ts-jest, tsx)", () => {
    expect(findPackageRoot(path.join(REPO_ROOT, "components"))).toBe(REPO_ROOT);
  });

  it("finds the package from lib/components/ (compiled), past other packages' package.json", () => {
    // Prepare
    const compiled = path.join(root, "lib", "components");
    mkdirSync(compiled, { recursive: true });
    writeFileSync(
      path.join(root, "lib", "package.json"),
      JSON.stringify({ name: "something-else" }),
    );
    // Act
    const found = findPackageRoot(compiled);
    // Assess
    expect(found).toBe(root);
  });

  it("throws when no directory above holds this package", () => {
    expect(() => findPackageRoot(tmpdir())).toThrow(
      `Cannot find the package.json of "@rotated-api-key/pulumi" in ${tmpdir()} or any directory above it.`,
    );
  });
});

describe("locateRotationBundle", () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "rotated-api-key-"));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("tells the user to run `npm run build` when the bundle is missing", () => {
    // Act
    const locate = () => locateRotationBundle("nylas-key", root);
    // Assess
    expect(locate).toThrow(RotationBundleMissingError);
    expect(locate).toThrow(
      `RotatedApiKey "nylas-key" deploys the rotation Lambda bundle ${path.join(root, "dist", "rotation", "index.js")}, which does not exist. ` +
        `Run \`npm run build\` in ${root} to create it, then run the program again.`,
    );
  });

  it("ships the source map, and turns source maps on, when the build wrote one", async () => {
    // Prepare
    const dist = path.join(root, "dist", "rotation");
    mkdirSync(dist, { recursive: true });
    writeFileSync(path.join(dist, "index.js"), "exports.handler = async () => {};\n");
    writeFileSync(path.join(dist, "index.js.map"), "{}");
    // Act
    const bundle = locateRotationBundle("nylas-key", root);
    const files = await archiveFiles(rotationCodeArchive(bundle));
    const env = rotationEnvironment({
      vendor: "nylas",
      vendorOptionsJson: "{}",
      adminSecretArn: "arn",
      secretArn: "arn",
      overlapHours: 24,
      keyTtlDays: 90,
      keyNamePrefix: "p",
      lifecycle: LifecycleDefaults,
      sourceMap: bundle.sourceMapPath !== undefined,
    });
    // Assess
    expect(files).toEqual({
      "index.js": path.join(dist, "index.js"),
      "index.js.map": path.join(dist, "index.js.map"),
    });
    expect(env.NODE_OPTIONS).toBe("--enable-source-maps");
  });
});
