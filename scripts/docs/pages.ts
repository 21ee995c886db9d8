/**
 * Every generated region of the README and docs/: which file, which region,
 * and what renders it. `npm run docs` writes them; the drift test
 * (tests/scripts/docs/pages.test.ts) renders them in memory and compares.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { costPerKey } from "../../bench/cost/costPerKey";
import { deployUnderMocks } from "../../bench/cost/keyResources";
import { AWS_PRICES } from "../../bench/cost/prices";
import { defaultUsage } from "../../bench/cost/usage";
import { renderFleetCost } from "./fleetCostRegion";
import { ALARM_TABLE_ARGS, ALARM_TABLE_COMPONENT_NAME, alarmsTable } from "./alarmTables";
import { cliHelpSection } from "./cliHelp";
import { componentDocs, type ComponentDocs } from "./componentSchema";
import {
  componentArgumentsSection,
  lambdaSettingsTable,
  outputsTable,
  programConfigTable,
} from "./configurationTables";
import { consumerOptionsTable } from "./consumerTables";
import { costSection } from "./costTable";
import { exampleResourcesTable } from "./exampleStack";
import { replaceRegion } from "./markdown";
import { metricsSection } from "./metricTables";
import { vendorOptionsSection, vendorSummaryTable } from "./vendorTables";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The command that regenerates every region. */
export const DOCS_COMMAND = "npm run docs";

/** One generated region. */
export interface GeneratedRegion {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** The region's name in its markers. */
  readonly region: string;
  readonly render: (sources: Sources) => Promise<string> | string;
}

/** The slow sources, computed once per run. */
export interface Sources {
  readonly component: () => Promise<ComponentDocs>;
}

export const REGIONS: readonly GeneratedRegion[] = [
  { file: "README.md", region: "example-resources", render: exampleResourcesTable },
  {
    file: "README.md",
    region: "cost",
    render: async () => {
      const usage = defaultUsage();
      return costSection(await costPerKey(usage, AWS_PRICES), usage, AWS_PRICES);
    },
  },
  { file: "README.md", region: "fleet-cost", render: renderFleetCost },
  {
    file: "docs/configuration.md",
    region: "arguments",
    render: async (s) => componentArgumentsSection(await s.component()),
  },
  {
    file: "docs/configuration.md",
    region: "outputs",
    render: async (s) => outputsTable(await s.component()),
  },
  { file: "docs/configuration.md", region: "lambda-settings", render: lambdaSettingsTable },
  { file: "docs/configuration.md", region: "program-config", render: programConfigTable },
  { file: "docs/vendors.md", region: "vendor-summary", render: vendorSummaryTable },
  { file: "docs/vendors.md", region: "vendor-options", render: vendorOptionsSection },
  {
    file: "docs/alarms.md",
    region: "alarms",
    render: async () =>
      alarmsTable((await deployUnderMocks(ALARM_TABLE_COMPONENT_NAME, ALARM_TABLE_ARGS)).resources),
  },
  { file: "docs/alarms.md", region: "metrics", render: metricsSection },
  { file: "docs/cli.md", region: "cli-help", render: cliHelpSection },
  { file: "docs/consumer.md", region: "consumer-options", render: consumerOptionsTable },
];

/** The files with generated regions. */
export const GENERATED_FILES: readonly string[] = [...new Set(REGIONS.map((r) => r.file))];

/** Sources that run the component analyzer at most once. */
export function lazySources(): Sources {
  let component: Promise<ComponentDocs> | undefined;
  return { component: () => (component ??= componentDocs()) };
}

/** Formats Markdown as `prettier --check` expects it (the repository's Prettier settings). */
export function formatMarkdown(file: string, text: string): string {
  const prettier = path.join(ROOT, "node_modules", ".bin", "prettier");
  return execFileSync(prettier, ["--stdin-filepath", path.join(ROOT, file)], {
    input: text,
    encoding: "utf8",
    cwd: ROOT,
  });
}

/**
 * What each generated file should hold: `read(file)` with every region
 * re-rendered, formatted. Rendering order is sequential: the regions that
 * construct components share Pulumi's global mocks.
 */
export async function renderPages(read: (file: string) => string): Promise<Map<string, string>> {
  const sources = lazySources();
  const pages = new Map<string, string>();
  for (const file of GENERATED_FILES) pages.set(file, read(file));
  for (const { file, region, render } of REGIONS) {
    pages.set(file, replaceRegion(pages.get(file) as string, file, region, await render(sources)));
  }
  for (const [file, text] of pages) pages.set(file, formatMarkdown(file, text));
  return pages;
}

/** One line per file whose committed text differs from what its sources render, saying how to fix it. */
export function staleFiles(
  rendered: ReadonlyMap<string, string>,
  read: (file: string) => string,
): string[] {
  return [...rendered]
    .filter(([file, text]) => read(file) !== text)
    .map(([file]) => `${file} is out of date with its sources: run \`${DOCS_COMMAND}\``);
}
