import { readFileSync } from "node:fs";
import path from "node:path";
import { ANSI, ROOT, runTs, widestLine } from "../scripts/childProcess";

/**
 * The CLI as a user meets it: its own process, piped output, no AWS set-up
 * unless the test gives one. Nothing here reaches AWS: the endpoint is a
 * closed loopback port and instance metadata is off.
 */
const OFFLINE = {
  AWS_ENDPOINT_URL: "http://127.0.0.1:1",
  AWS_EC2_METADATA_DISABLED: "true",
};
const cli = (args: readonly string[], env: Record<string, string> = {}) =>
  runTs("cli/main.ts", args, { ...OFFLINE, ...env });

describe("rotated-api-key as a process", () => {
  it("--help prints the parser's help on stdout: every command, --region, --profile, --version", async () => {
    // Act
    const result = await cli(["--help"]);

    // Assess
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout.startsWith("Usage: rotated-api-key [options] [command]\n")).toBe(true);
    for (const line of [
      /^ {2}-V, --version +print the version$/m,
      /^ {2}--region <region> +AWS region \(default: AWS_REGION, or the$/m,
      /^ {2}--profile <name> +AWS profile from ~\/\.aws\/config \(default:$/m,
      /^ {2}-h, --help +show help$/m,
      /^ {2}rotate \[options\] \[secret\] /m,
      /^ {2}rollback \[options\] <secret> /m,
      /^ {2}revoke-previous \[options\] \[secret\] /m,
      /^ {2}status \[options\] /m,
      /^ {2}inventory \[options\] /m,
      /^ {2}report \[options\] /m,
      /^ {2}history \[options\] <secret> /m,
    ]) {
      expect(result.stdout).toMatch(line);
    }
    expect(result.stdout).not.toMatch(ANSI);
    expect(widestLine(result.stdout)).toBeLessThanOrEqual(100);
  });

  it("-h prints the same help as --help", async () => {
    // Act
    const [short, long] = await Promise.all([cli(["-h"]), cli(["--help"])]);

    // Assess
    expect(short).toEqual({ code: 0, stdout: long.stdout, stderr: "" });
  });

  it("a typo'd command or flag is one line on stderr with exit code 2", async () => {
    // Act
    const [command, flag] = await Promise.all([cli(["stauts"]), cli(["status", "--jsn"])]);

    // Assess
    expect(command).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'stauts' (Did you mean status?); see --help\n",
    });
    expect(flag).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--jsn' (Did you mean --json?); see --help\n",
    });
  });

  it("--version prints the version in package.json", async () => {
    // Prepare
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };

    // Act
    const [long, short] = await Promise.all([cli(["--version"]), cli(["-V"])]);

    // Assess
    expect(long).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(short).toEqual(long);
  });

  it("without a region: one line saying how to give one, and no SDK Node-version banner", async () => {
    // Act
    const result = await cli(["status"]);

    // Assess
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: no AWS region: pass --region or set AWS_REGION\n",
    });
  });

  it("without credentials: one line saying how to give them", async () => {
    // Act
    const [flag, env] = await Promise.all([
      cli(["--region", "eu-west-1", "status"]),
      cli(["status"], { AWS_REGION: "eu-west-1" }),
    ]);

    // Assess
    const expected = {
      code: 1,
      stdout: "",
      stderr:
        "error: no AWS credentials: pass --profile or set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n",
    };
    expect(flag).toEqual(expected);
    expect(env).toEqual(expected);
  });

  it("with a profile that gives neither region nor credentials, both hints name it", async () => {
    // Act
    const noRegion = await cli(["--profile", "ghost", "status"]);
    const noCredentials = await cli(["status", "--profile", "ghost", "--region", "eu-west-1"]);

    // Assess
    expect(noRegion).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'error: no AWS region: pass --region or set AWS_REGION (or set region for profile "ghost" in ~/.aws/config)\n',
    });
    expect(noCredentials).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'error: no AWS credentials for profile "ghost": check ~/.aws/config and ~/.aws/credentials, or run aws sso login --profile ghost\n',
    });
  });
});
