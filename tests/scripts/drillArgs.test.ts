import * as z from "zod/mini";
import { VENDORS } from "../../lambdas/vendors/registry";
import { ANSI, runTs, widestLine } from "./childProcess";

/**
 * `npm start -- …` as a user types it (the drill's own process, piped
 * output). Every case here fails or prints help before moto starts, so each
 * takes about a second.
 */
const drill = (args: readonly string[]) => runTs("scripts/drill.ts", args);
const HINT = "; see npm start -- --help";

describe("the drill's command line", () => {
  it("--help prints the parser's help with every flag, and exits 0", async () => {
    // Act
    const result = await drill(["--help"]);

    // Assess
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout.startsWith("Usage: npm start -- [options]\n")).toBe(true);
    for (const flag of [
      "--vendor <name>",
      "--rotations <n>",
      "--overlap-hours <n>",
      "--key-ttl-days <n>",
      "--vendor-options <json|file>",
      "--admin-credential <file>",
      "--vendor-base-url <url>",
      "--application-id <id>",
      "--service-account <file>",
      "-h, --help",
    ]) {
      expect(result.stdout).toContain(`  ${flag} `);
    }
    expect(result.stdout.replace(/\s+/g, " ")).toContain(
      '(choices: "nylas", "sendgrid", "datadog", "cloudflare", "openai", "gitlab", "twilio", "http", default: "nylas")',
    );
    expect(result.stdout).not.toMatch(ANSI);
    expect(widestLine(result.stdout)).toBeLessThanOrEqual(100);
  });

  it("-h prints the same help", async () => {
    // Act
    const [short, long] = await Promise.all([drill(["-h"]), drill(["--help"])]);

    // Assess
    expect(short).toEqual({ code: 0, stdout: long.stdout, stderr: "" });
  });

  it("a typo'd flag, a bad number or an unknown vendor is one line with exit code 2", async () => {
    // Act
    const results = await Promise.all([
      drill(["--rotatons", "1"]),
      drill(["--rotations", "0"]),
      drill(["--vendor", "acme"]),
    ]);

    // Assess
    expect(results).toEqual([
      {
        code: 2,
        stdout: "",
        stderr: `error: unknown option '--rotatons' (Did you mean --rotations?)${HINT}\n`,
      },
      {
        code: 2,
        stdout: "",
        stderr: 'error: --rotations must be a whole number from 1 to 50 (got "0")\n',
      },
      {
        code: 2,
        stdout: "",
        stderr:
          "error: option '--vendor <name>' argument 'acme' is invalid. Allowed choices are " +
          `nylas, sendgrid, datadog, cloudflare, openai, gitlab, twilio, http${HINT}\n`,
      },
    ]);
  });

  it("missing vendor flags are one readable line naming the flag, not a zod issue list", async () => {
    // Prepare: the vendor's own words for the missing option and for its credential
    const nylas = VENDORS.nylas;
    const parsed = z.safeParse(nylas.optionsSchema, { baseUrl: "https://api.us.nylas.com" });
    const missing = parsed.success ? "" : parsed.error.issues[0]?.message;

    // Act
    const [options, credential] = await Promise.all([
      drill(["--vendor-base-url", "https://api.us.nylas.com"]),
      drill(["--application-id", "app-1"]),
    ]);

    // Assess
    expect(missing).toContain("`applicationId`");
    expect(options).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: nylas options: ${missing} (pass --application-id or --vendor-options)\n`,
    });
    expect(credential).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: the real nylas API needs its admin credential: pass --service-account <file> " +
        `(${nylas.adminCredentialShape})\n`,
    });
  });
});
