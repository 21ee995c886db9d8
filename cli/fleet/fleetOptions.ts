import { Option, type Command } from "commander";
import { CliError } from "../errors";
import { checkVendorFilter, parseTagFilters, type FleetFilters } from "./selectSecrets";

/** The options every `--all` command shares, as commander parses them. */
export interface FleetFlags {
  readonly all?: boolean;
  readonly vendor?: string;
  readonly tag: string[];
  readonly namePrefix?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly json?: boolean;
  readonly concurrency: number;
}

/** Adds `--all` and its filters, `--dry-run`, `--yes`, `--json` and `--concurrency` to a command. */
export function addFleetOptions(command: Command, defaultConcurrency: number): Command {
  return command
    .option("--all", "every managed secret the filters select (secret name not given)")
    .option("--vendor <name>", "with --all: only this vendor's secrets")
    .option("--tag <key=value...>", "with --all: only secrets with these tags (repeatable)", [])
    .option("--name-prefix <prefix>", "with --all: only secrets whose name starts with this")
    .option("--dry-run", "with --all: list what would be done, change nothing")
    .option("--yes", "with --all: do not ask for confirmation")
    .option("--json", "with --all: print the run as JSON")
    .addOption(
      new Option("--concurrency <n>", "with --all: secrets in flight at once")
        .default(defaultConcurrency)
        .argParser(wholeNumber("--concurrency", 1, 64)),
    );
}

/**
 * The filters of an `--all` command; refuses a secret name together with
 * `--all`, and the fleet options without it.
 */
export function fleetFilters(
  secret: string | undefined,
  flags: FleetFlags,
): FleetFilters | undefined {
  const fleetOnly =
    flags.vendor !== undefined ||
    flags.tag.length > 0 ||
    flags.namePrefix !== undefined ||
    flags.dryRun === true ||
    flags.yes === true ||
    flags.json === true;
  if (flags.all !== true) {
    if (secret === undefined) throw new CliError("name a secret, or pass --all.", 2);
    if (fleetOnly)
      throw new CliError(
        "--vendor, --tag, --name-prefix, --dry-run, --yes and --json go with --all.",
        2,
      );
    return undefined;
  }
  if (secret !== undefined)
    throw new CliError(`pass a secret name or --all, not both (received "${secret}").`, 2);
  checkVendorFilter(flags.vendor);
  return {
    ...(flags.vendor === undefined ? {} : { vendor: flags.vendor }),
    tags: parseTagFilters(flags.tag),
    ...(flags.namePrefix === undefined ? {} : { namePrefix: flags.namePrefix }),
  };
}

export function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new CliError(
        `${flag} must be a whole number from ${min} to ${max} (received "${value}").`,
        2,
      );
    return n;
  };
}
