/**
 * Bundles the rotation Lambda into one file, `dist/rotation/index.js`
 * (handler `index.handler`): the artefact `RotatedApiKey` deploys and the
 * integration tests, the local drill and the benchmark run.
 */
import { build } from "esbuild";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const BUNDLE_PATH = path.join(__dirname, "..", "dist", "rotation", "index.js");

async function main(): Promise<void> {
  mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
  const result = await build({
    entryPoints: [path.join(__dirname, "..", "lambdas", "engine", "handler.ts")],
    outfile: BUNDLE_PATH,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    // Only the hourly maintenance run reads CloudWatch (consumer metrics for gated revocation):
    // that client comes from the Lambda runtime's own AWS SDK v3 (nodejs22.x ships it), keeping
    // ~55 KB out of every cold start. Everything on the rotation path is bundled and pinned.
    external: ["@aws-sdk/client-cloudwatch"],
    logLevel: "warning",
    metafile: true,
  });
  // The project sources that went into the bundle, so tests can refuse a stale bundle.
  const sources = Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules"));
  writeFileSync(
    path.join(path.dirname(BUNDLE_PATH), "sources.json"),
    JSON.stringify(sources, null, 2),
  );
  console.log(
    `built ${path.relative(process.cwd(), BUNDLE_PATH)} (${statSync(BUNDLE_PATH).size} bytes)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
