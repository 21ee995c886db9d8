import { Option, type Command } from "commander";
import { DEFAULT_MAX_KEY_AGE_DAYS } from "../../lambdas/contract/managedSecrets";
import type { Clients } from "../clients";
import { CliError } from "../errors";
import { wholeNumber } from "../fleet/fleetOptions";
import { checkVendorFilter, parseTagFilters } from "../fleet/selectSecrets";
import { inventoryCsv, inventoryEntriesTable, inventoryOf } from "./inventory";
import { fleetReport } from "./report";
import { parseReportTime, reportTable } from "./reportTable";

/** `inventory` and `report`: read-only views of the managed fleet. */
export function registerReportingCommands(
  program: Command,
  aws: () => Clients,
  print: (text: string) => void,
): void {
  program
    .command("inventory")
    .description(
      "every managed key: owner, purpose, environment, vendor, key id, dates, overlap, policy compliance",
    )
    .option("--vendor <name>", "only this vendor's keys")
    .option("--tag <key=value...>", "only secrets with these tags (repeatable)", [])
    .option("--name-prefix <prefix>", "only secrets whose name starts with this")
    .addOption(
      new Option("--max-key-age-days <n>", "the key-age policy the TTL is checked against")
        .default(DEFAULT_MAX_KEY_AGE_DAYS)
        .argParser(wholeNumber("--max-key-age-days", 1, 3650)),
    )
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action(
      async (o: {
        vendor?: string;
        tag: string[];
        namePrefix?: string;
        maxKeyAgeDays: number;
        json?: boolean;
        csv?: boolean;
      }) => {
        if (o.json && o.csv) throw new CliError("pass --json or --csv, not both.", 2);
        checkVendorFilter(o.vendor);
        const entries = await inventoryOf(aws(), {
          filters: {
            ...(o.vendor === undefined ? {} : { vendor: o.vendor }),
            tags: parseTagFilters(o.tag),
            ...(o.namePrefix === undefined ? {} : { namePrefix: o.namePrefix }),
          },
          maxKeyAgeDays: o.maxKeyAgeDays,
          concurrency: 10,
        });
        print(
          o.json
            ? JSON.stringify(entries, null, 2)
            : o.csv
              ? inventoryCsv(entries)
              : inventoryEntriesTable(entries),
        );
      },
    );

  program
    .command("report")
    .description(
      "the playbook's metrics over a period: success rate, time to rotate and to contain, TTL policy, stale keys",
    )
    .option("--since <time>", "start: an ISO time, or <n>d / <n>h before now", "30d")
    .option("--until <time>", "end: an ISO time, or <n>d / <n>h before now (default: now)")
    .option("--vendor <name>", "only this vendor's keys")
    .option("--tag <key=value...>", "only secrets with these tags (repeatable)", [])
    .option("--name-prefix <prefix>", "only secrets whose name starts with this")
    .addOption(
      new Option("--max-key-age-days <n>", "the key-age policy the TTL is checked against")
        .default(DEFAULT_MAX_KEY_AGE_DAYS)
        .argParser(wholeNumber("--max-key-age-days", 1, 3650)),
    )
    .option("--json", "print JSON")
    .action(
      async (o: {
        since: string;
        until?: string;
        vendor?: string;
        tag: string[];
        namePrefix?: string;
        maxKeyAgeDays: number;
        json?: boolean;
      }) => {
        checkVendorFilter(o.vendor);
        const now = new Date();
        const report = await fleetReport(aws(), {
          filters: {
            ...(o.vendor === undefined ? {} : { vendor: o.vendor }),
            tags: parseTagFilters(o.tag),
            ...(o.namePrefix === undefined ? {} : { namePrefix: o.namePrefix }),
          },
          since: parseReportTime("--since", o.since, now),
          until: o.until === undefined ? now : parseReportTime("--until", o.until, now),
          maxKeyAgeDays: o.maxKeyAgeDays,
          concurrency: 10,
        });
        print(o.json ? JSON.stringify(report, null, 2) : reportTable(report));
      },
    );
}
