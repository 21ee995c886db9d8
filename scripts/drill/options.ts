/**
 * The drill's command line: a commander parser (the operator CLI uses the
 * same), its help, and the checks that turn flags into {@link DrillOptions}.
 * Every mistake is one line on stderr and exit code 2, before anything starts.
 */
import { Command, CommanderError, Option } from "commander";
import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import { Settings } from "../../lambdas/contract/settings";
import { SUPPORTED_VENDORS, type VendorName } from "../../lambdas/contract/vendorNames";
import { VENDORS } from "../../lambdas/vendors/registry";
import { DEFAULT_ROTATIONS } from "./plan";

/** A vendor simulator from `harness/simulators` (key of `SIMULATORS`). */
export interface SimulatedVendor {
  readonly kind: "simulator";
  readonly vendor: VendorName;
  readonly simulator: string;
}

/** The real vendor API; Secrets Manager stays local. */
export interface RealVendor {
  readonly kind: "real";
  readonly vendor: VendorName;
  /** Validated `vendorOptions`, as the component would pass them. */
  readonly vendorOptions: Record<string, unknown>;
  /** The admin credential JSON, as stored in the admin-credential secret (validated). */
  readonly adminCredentialJson: string;
}

export interface DrillOptions {
  readonly target: SimulatedVendor | RealVendor;
  readonly rotations: number;
  readonly overlapHours: number;
  readonly keyTtlDays: number;
}

/** Bad usage: printed as one line, exit code 2. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type ParsedArgs = { readonly options: DrillOptions } | { readonly exitCode: number };

/** The `--vendor http` simulator: a SendGrid-shaped API described to the configurable adapter. */
const HTTP_SIMULATOR = "http-sendgrid";
const MAX_ROTATIONS = 50;
const HELP_HINT = "see npm start -- --help";
const REAL_VENDOR = "Against the real vendor (keys named drill-…, revoked at the end):";

interface RawFlags {
  vendor: VendorName;
  rotations: number;
  overlapHours: number;
  keyTtlDays: number;
  vendorOptions?: string;
  adminCredential?: string;
  serviceAccount?: string;
  applicationId?: string;
  vendorBaseUrl?: string;
}

export function drillProgram(): Command {
  return new Command("npm start --")
    .description(
      "The local drill: real rotations through the bundled rotation Lambda, with moto as Secrets Manager " +
        "and a vendor simulator (or the real vendor API). No AWS account needed.",
    )
    .addOption(
      new Option(
        "--vendor <name>",
        "the vendor to rehearse (http: the configurable adapter, against a SendGrid-shaped simulator)",
      )
        .choices(SUPPORTED_VENDORS)
        .default("nylas"),
    )
    .addOption(
      new Option(
        "--rotations <n>",
        "how many rotations to run; against a simulator the 3rd is a key slow to activate and the 4th a crash after the vendor created a key, then its retry",
      )
        .default(DEFAULT_ROTATIONS)
        .argParser(wholeNumber("--rotations", 1, MAX_ROTATIONS)),
    )
    .addOption(
      new Option("--overlap-hours <n>", "hours the previous key stays valid")
        .default(Settings.overlapHours.default)
        .argParser(
          wholeNumber("--overlap-hours", Settings.overlapHours.min, Settings.overlapHours.max),
        ),
    )
    .addOption(
      new Option("--key-ttl-days <n>", "days until the vendor expires a new key (0 = never)")
        .default(Settings.keyTtlDays.default)
        .argParser(wholeNumber("--key-ttl-days", Settings.keyTtlDays.min, Settings.keyTtlDays.max)),
    )
    .addOption(
      new Option(
        "--vendor-options <json|file>",
        "the vendor's options as RotatedApiKey's vendorOptions (JSON, or a JSON file)",
      ).helpGroup(REAL_VENDOR),
    )
    .addOption(
      new Option(
        "--admin-credential <file>",
        "the vendor admin credential JSON, as stored in the admin-credential secret",
      ).helpGroup(REAL_VENDOR),
    )
    .addOption(
      new Option("--vendor-base-url <url>", "sets vendorOptions.baseUrl").helpGroup(REAL_VENDOR),
    )
    .addOption(
      new Option("--application-id <id>", "Nylas: sets vendorOptions.applicationId").helpGroup(
        REAL_VENDOR,
      ),
    )
    .addOption(
      new Option(
        "--service-account <file>",
        "Nylas: the service account JSON (= --admin-credential)",
      ).helpGroup(REAL_VENDOR),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  npm start                                  # Nylas simulator, 4 rotations",
        "  npm start -- --vendor sendgrid --rotations 1",
        "  npm start -- --vendor-base-url https://api.us.nylas.com \\",
        "    --application-id <app id> --service-account ./service-account.json",
        "",
        "Exit codes: 0 every rotation went as planned, 1 a rotation failed, 2 bad usage.",
      ].join("\n"),
    )
    .helpOption("-h, --help", "show this help")
    .exitOverride();
}

/**
 * Parses `argv` (the arguments after the script). Help goes to stdout with
 * exit code 0; a usage error is one line on stderr with exit code 2.
 */
export function parseDrillArgs(
  argv: readonly string[],
  write: { out: (text: string) => void; err: (text: string) => void },
): ParsedArgs {
  const program = drillProgram().configureOutput({
    writeOut: write.out,
    writeErr: write.err,
    outputError: (text, err) => err(`${oneLine(text)}\n`),
  });
  try {
    program.parse([...argv], { from: "user" });
    return { options: resolve(program.opts<RawFlags>()) };
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 2 };
    if (error instanceof UsageError) {
      write.err(`error: ${error.message}\n`);
      return { exitCode: 2 };
    }
    throw error;
  }
}

/** Commander's message on one line, with where to look. */
function oneLine(text: string): string {
  const joined = text
    .trim()
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.$/, "");
  return `${joined}; ${HELP_HINT}`;
}

function wholeNumber(flag: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return n;
  };
}

function resolve(flags: RawFlags): DrillOptions {
  const common = {
    rotations: flags.rotations,
    overlapHours: flags.overlapHours,
    keyTtlDays: flags.keyTtlDays,
  };
  const real =
    flags.vendorOptions ??
    flags.adminCredential ??
    flags.serviceAccount ??
    flags.applicationId ??
    flags.vendorBaseUrl;
  if (real === undefined) {
    const simulator = flags.vendor === "http" ? HTTP_SIMULATOR : flags.vendor;
    return { ...common, target: { kind: "simulator", vendor: flags.vendor, simulator } };
  }
  return { ...common, target: realVendor(flags) };
}

function realVendor(flags: RawFlags): RealVendor {
  const vendor = flags.vendor;
  if (flags.applicationId !== undefined && vendor !== "nylas") {
    throw new UsageError(
      `--application-id is a Nylas option; for ${vendor} pass --vendor-options '{…}'`,
    );
  }
  if (flags.adminCredential !== undefined && flags.serviceAccount !== undefined) {
    throw new UsageError("pass either --admin-credential or --service-account, not both");
  }
  const definition = VENDORS[vendor];
  const rawOptions = {
    ...(flags.vendorOptions === undefined
      ? {}
      : jsonObject(flags.vendorOptions, "--vendor-options")),
    ...(flags.applicationId === undefined ? {} : { applicationId: flags.applicationId }),
    ...(flags.vendorBaseUrl === undefined ? {} : { baseUrl: flags.vendorBaseUrl }),
  };
  const options = z.safeParse(definition.optionsSchema, rawOptions);
  if (!options.success) {
    throw new UsageError(
      `${vendor} options: ${problems(options.error.issues)} ` +
        `(${vendor === "nylas" ? "pass --application-id or --vendor-options" : `pass --vendor-options '${definition.optionsShape}'`})`,
    );
  }
  const credentialFile = flags.adminCredential ?? flags.serviceAccount;
  const credentialFlag =
    flags.serviceAccount === undefined ? "--admin-credential" : "--service-account";
  if (credentialFile === undefined) {
    throw new UsageError(
      `the real ${vendor} API needs its admin credential: pass ` +
        `${vendor === "nylas" ? "--service-account" : "--admin-credential"} <file> (${definition.adminCredentialShape})`,
    );
  }
  const adminCredentialJson = readText(credentialFile, credentialFlag);
  const credential = z.safeParse(
    definition.adminCredentialSchema,
    parseJson(adminCredentialJson, `${credentialFlag} ${credentialFile}`),
  );
  if (!credential.success) {
    throw new UsageError(
      `${credentialFlag} ${credentialFile} is not a ${vendor} admin credential: ${problems(credential.error.issues)}`,
    );
  }
  return {
    kind: "real",
    vendor,
    vendorOptions: options.data as Record<string, unknown>,
    adminCredentialJson,
  };
}

/** A JSON object given inline (`{…}`) or as a file path. */
function jsonObject(value: string, flag: string): Record<string, unknown> {
  const inline = value.trim().startsWith("{");
  const parsed = parseJson(
    inline ? value : readText(value, flag),
    inline ? flag : `${flag} ${value}`,
  );
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${flag} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`${flag}: cannot read ${file}${code ? ` (${code})` : ""}`);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Never echo the text: it may be a credential.
    throw new UsageError(`${what} is not valid JSON`);
  }
}

/** Zod issues as `path: message; …`, the path left out when the message names the field (never values). */
function problems(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>,
): string {
  return issues
    .map((i) => {
      const path = i.path.map(String).join(".");
      const named = path === "" || i.message.includes(`\`${String(i.path.at(-1))}\``);
      return named ? i.message : `${path}: ${i.message}`;
    })
    .join("; ");
}
