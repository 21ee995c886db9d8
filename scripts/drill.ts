/**
 * The local drill (`npm start`): the rotation engine end to end with no AWS
 * account. moto stands in for Secrets Manager and a simulator (or the real
 * API) for the vendor; the secret is provisioned as `RotatedApiKey` leaves it
 * and rotated through the bundled handler the way Secrets Manager drives it.
 * `npm start -- --help` lists the flags; the pieces live in `scripts/drill/`.
 */
import "./drill/sdkNodeWarning";
import { parseDrillArgs } from "./drill/options";
import { processOut } from "./drill/output";
import { runDrill } from "./drill/run";

async function main(): Promise<number> {
  const out = processOut();
  const parsed = parseDrillArgs(process.argv.slice(2), {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  });
  if ("exitCode" in parsed) return parsed.exitCode;
  try {
    return await runDrill(parsed.options, out);
  } catch (error) {
    out.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// `npm start -- --help | head`: a reader that stops early is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

main().then((code) => {
  process.exitCode = code;
});
