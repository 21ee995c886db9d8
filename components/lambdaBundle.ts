import * as pulumi from "@pulumi/pulumi";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { RotationBundleMissingError } from "./errors";

/** This package's name, as in its package.json. */
export const PACKAGE_NAME = "@rotated-api-key/pulumi";
/** The bundle's path inside the package, as `npm run build` writes it. */
export const BUNDLE_RELATIVE_PATH = path.join("dist", "rotation", "index.js");
/** The Lambda handler inside the bundle. */
export const BUNDLE_HANDLER = "index.handler";

/** The rotation Lambda's bundle on disk. */
export interface RotationBundle {
  /** Absolute path of `dist/rotation/index.js`. */
  readonly bundlePath: string;
  /** Absolute path of its source map, when the build wrote one. */
  readonly sourceMapPath?: string;
}

const roots = new Map<string, string>();

/**
 * The directory holding this package's package.json, found by walking up from
 * `startDir`: the component runs from `components/` (ts-jest, tsx) and from
 * `lib/components/` (compiled, and when installed under node_modules).
 */
export function findPackageRoot(startDir: string = __dirname): string {
  const cached = roots.get(startDir);
  if (cached !== undefined) return cached;
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && packageName(manifest) === PACKAGE_NAME) {
      roots.set(startDir, dir);
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `Cannot find the package.json of "${PACKAGE_NAME}" in ${startDir} or any directory above it.`,
      );
    }
  }
}

/** Locates the built bundle; throws {@link RotationBundleMissingError} when it has not been built. */
export function locateRotationBundle(
  componentName: string,
  packageRoot = findPackageRoot(),
): RotationBundle {
  const bundlePath = path.join(packageRoot, BUNDLE_RELATIVE_PATH);
  if (!existsSync(bundlePath))
    throw new RotationBundleMissingError(componentName, bundlePath, packageRoot);
  const sourceMapPath = `${bundlePath}.map`;
  return existsSync(sourceMapPath) ? { bundlePath, sourceMapPath } : { bundlePath };
}

/** The Lambda code archive: the bundle as `index.js`, and its map when there is one. */
export function rotationCodeArchive(bundle: RotationBundle): pulumi.asset.AssetArchive {
  const files: Record<string, pulumi.asset.Asset> = {
    "index.js": new pulumi.asset.FileAsset(bundle.bundlePath),
  };
  if (bundle.sourceMapPath !== undefined) {
    files["index.js.map"] = new pulumi.asset.FileAsset(bundle.sourceMapPath);
  }
  return new pulumi.asset.AssetArchive(files);
}

function packageName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
