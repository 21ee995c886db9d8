#!/usr/bin/env node
/**
 * rotated-api-key: the operator's CLI for keys rotated by `RotatedApiKey`.
 * It talks to whatever endpoint the AWS SDK is pointed at (`--profile`,
 * `--region`, or the SDK's own environment and `AWS_ENDPOINT_URL*`).
 * Every failure prints one line: exit code 1, or 2 for bad usage.
 */
import { Command, CommanderError, Option } from "commander";
import { userInfo } from "node:os";
import { createClients, type AwsSettings, type Clients } from "./clients";
import { rollback, revokePrevious } from "./commands/actions";
import { history, historyTable } from "./commands/history";
import { revokeAll } from "./commands/revokeAll";
import { rotate } from "./commands/rotate";
import { rotateAll } from "./commands/rotateAll";
import { inventory, inventoryTable } from "./commands/status";
import { CliError, describeCliError, explainAwsSetupError } from "./errors";
import { confirmOnTerminal } from "./fleet/confirm";
import { registerReportingCommands } from "./commands/reportingCommands";
import { addFleetOptions, fleetFilters, wholeNumber, type FleetFlags } from "./fleet/fleetOptions";
import { DEFAULT_MAX_RATE, WRITE_QUOTA_PER_SECOND } from "./fleet/requestPacer";
import { parseTagFilters } from "./fleet/selectSecrets";
import { printFleetRun } from "./fleet/fleetSummary";
import { packageVersion } from "./version";

function whoAmI(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/** Commander's error message on one line, with where to look. */
function oneLine(message: string): string {
  return `${message
    .trim()
    .replace(/\s*\n\s*/g, " ")
    .replace(/\.$/, "")}; see --help`;
}

export function buildProgram(
  clients: (settings: AwsSettings) => Clients,
  print: (text: string) => void,
): Command {
  const program = new Command("rotated-api-key")
    .description("Rotate, roll back, revoke and inspect API keys rotated by RotatedApiKey.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--region <region>", "AWS region (default: AWS_REGION, or the profile's region)")
    .option("--profile <name>", "AWS profile from ~/.aws/config (default: AWS_PROFILE)")
    .option("--as <who>", "who is asking (recorded in the audit log)", whoAmI())
    .helpOption("-h, --help", "show help")
    .configureOutput({ outputError: (message, write) => write(`${oneLine(message)}\n`) })
    .exitOverride();
  const aws = () => clients(settingsOf(program));

  const rotateCommand = program
    .command("rotate")
    .description(
      'rotate now (the console\'s "Rotate secret immediately"), and follow it until done or failed',
    )
    .argument("[secret]", "secret name or ARN (or --all)")
    .option(
      "--emergency",
      "the key leaked: revoke the previous key at once, with no overlap window",
    )
    .option("--reason <text>", "why (required with --emergency; recorded in the audit log)")
    .option(
      "--revoke-first",
      "with --emergency: revoke the current key before creating the new one (accepts an outage)",
    )
    .option("--no-wait", "start the rotation and return")
    .addOption(
      new Option("--timeout <seconds>", "how long to follow the rotation")
        .default("300")
        .argParser(positive),
    );
  addFleetOptions(rotateCommand, 25)
    .option(
      "--state <file>",
      "with --all: the run's state file (default: under ./.rotated-api-key/runs)",
    )
    .option("--fresh", "with --all: start over instead of resuming an unfinished run")
    .addOption(
      new Option(
        "--max-rate <n>",
        `with --all: most RotateSecret (and TagResource) requests per second; slower after a throttle (quota: ${WRITE_QUOTA_PER_SECOND}/s)`,
      )
        .default(DEFAULT_MAX_RATE)
        .argParser(wholeNumber("--max-rate", 1, WRITE_QUOTA_PER_SECOND)),
    )
    .action(
      async (
        secret: string | undefined,
        o: FleetFlags & {
          emergency?: boolean;
          reason?: string;
          revokeFirst?: boolean;
          wait: boolean;
          timeout: number;
          state?: string;
          fresh?: boolean;
          maxRate: number;
        },
      ) => {
        const requestedBy = program.opts<{ as: string }>().as;
        const filters = fleetFilters(secret, o);
        if (filters !== undefined) {
          await printFleetRun("rotate --all", o.json, print, (progress) =>
            rotateAll(aws(), {
              filters,
              ...(o.emergency ? { emergency: true } : {}),
              ...(o.reason ? { reason: o.reason } : {}),
              ...(o.revokeFirst ? { revokeFirst: true } : {}),
              requestedBy,
              concurrency: o.concurrency,
              maxRate: o.maxRate,
              wait: o.wait,
              timeoutSeconds: o.timeout,
              dryRun: o.dryRun === true,
              yes: o.yes === true,
              ...(o.state ? { statePath: o.state } : {}),
              fresh: o.fresh === true,
              confirm: confirmOnTerminal,
              progress,
            }),
          );
          return;
        }
        print(
          await rotate(aws(), secret ?? "", {
            ...(o.emergency ? { emergency: true } : {}),
            ...(o.reason ? { reason: o.reason } : {}),
            ...(o.revokeFirst ? { revokeFirst: true } : {}),
            wait: o.wait,
            timeoutSeconds: o.timeout,
            requestedBy,
          }),
        );
      },
    );

  program
    .command("rollback")
    .description("move AWSCURRENT back to the previous key while it still works")
    .argument("<secret>", "secret name or ARN")
    .option("--reason <text>", "why (recorded in the audit log)")
    .action(async (secret: string, o: { reason?: string }) => {
      print(
        await rollback(aws(), secret, { ...o, requestedBy: program.opts<{ as: string }>().as }),
      );
    });

  const revokeCommand = program
    .command("revoke-previous")
    .description(
      "revoke the AWSPREVIOUS key now, ahead of the schedule (refused while in use unless --force)",
    )
    .argument("[secret]", "secret name or ARN (or --all)")
    .option("--reason <text>", "why (recorded in the audit log)")
    .option("--force", "revoke even if consumers still use it");
  addFleetOptions(revokeCommand, 10).action(
    async (secret: string | undefined, o: FleetFlags & { reason?: string; force?: boolean }) => {
      const requestedBy = program.opts<{ as: string }>().as;
      const filters = fleetFilters(secret, o);
      if (filters !== undefined) {
        await printFleetRun("revoke-previous --all", o.json, print, (progress) =>
          revokeAll(aws(), {
            filters,
            ...(o.reason ? { reason: o.reason } : {}),
            ...(o.force ? { force: true } : {}),
            requestedBy,
            concurrency: o.concurrency,
            dryRun: o.dryRun === true,
            yes: o.yes === true,
            confirm: confirmOnTerminal,
            progress,
          }),
        );
        return;
      }
      print(
        await revokePrevious(aws(), secret ?? "", {
          ...(o.reason ? { reason: o.reason } : {}),
          ...(o.force ? { force: true } : {}),
          requestedBy,
        }),
      );
    },
  );

  program
    .command("status")
    .description(
      "inventory: owner, vendor, last/next rotation, key expiry, active vendor keys, alarm states",
    )
    .option("--tag <key=value...>", "only secrets with these tags", [])
    .option("--json", "print JSON")
    .action(async (o: { tag: string[]; json?: boolean }) => {
      const rows = await inventory(aws(), parseTagFilters(o.tag));
      print(o.json ? JSON.stringify(rows, null, 2) : inventoryTable(rows));
    });

  registerReportingCommands(program, aws, print);

  program
    .command("history")
    .description(
      "a secret's versions and audit records (rotations, revocations, rollbacks, emergencies)",
    )
    .argument("<secret>", "secret name or ARN")
    .option("--json", "print JSON for an auditor")
    .action(async (secret: string, o: { json?: boolean }) => {
      const h = await history(aws(), secret);
      print(o.json ? JSON.stringify(h, null, 2) : historyTable(h));
    });

  return program;
}

function settingsOf(program: Command): AwsSettings {
  const { region, profile } = program.opts<{ region?: string; profile?: string }>();
  return { ...(region ? { region } : {}), ...(profile ? { profile } : {}) };
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError(`--timeout must be a whole number of seconds (received "${value}").`, 2);
  return n;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram(createClients, (text) => process.stdout.write(`${text}\n`));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (caught) {
    if (caught instanceof CommanderError) return caught.exitCode === 0 ? 0 : 2;
    const error = explainAwsSetupError(caught, settingsOf(program)) ?? caught;
    process.stderr.write(`error: ${describeCliError(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

if (require.main === module) {
  // `rotated-api-key status | head`: a reader that stops early is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
