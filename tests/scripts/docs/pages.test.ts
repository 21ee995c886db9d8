import { readFileSync } from "node:fs";
import path from "node:path";
import { GENERATED_FILES, renderPages, ROOT, staleFiles } from "../../../scripts/docs/pages";

/** The committed text of a file. */
const committed = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("the generated regions of the README and docs/", () => {
  let rendered: Map<string, string>;
  beforeAll(async () => {
    rendered = await renderPages(committed);
  }, 300_000);

  it("match what their sources render now", () => {
    // Act
    const stale = staleFiles(rendered, committed);
    // Assess
    expect(stale).toEqual([]);
  });

  it("cover the README and the generated reference pages", () => {
    expect([...rendered.keys()]).toEqual([
      "README.md",
      "docs/configuration.md",
      "docs/vendors.md",
      "docs/alarms.md",
      "docs/cli.md",
      "docs/consumer.md",
    ]);
    expect(GENERATED_FILES).toEqual([...rendered.keys()]);
  });

  it("name the drifted file and the command that fixes it", () => {
    // Prepare: a committed CLI page whose help no longer matches the parser
    const edited = (file: string) =>
      file === "docs/cli.md"
        ? committed(file).replace("secret name or ARN", "secret name")
        : committed(file);
    // Act
    const stale = staleFiles(rendered, edited);
    // Assess
    expect(stale).toEqual(["docs/cli.md is out of date with its sources: run `npm run docs`"]);
  });

  it("keep the hand-written prose around a region", () => {
    // Prepare: prose added outside the markers
    const withProse = (file: string) =>
      file === "docs/vendors.md"
        ? committed(file).replace("# Vendors\n", "# Vendors\n\nA new sentence.\n")
        : committed(file);
    // Act
    const stale = staleFiles(rendered, withProse);
    // Assess: the page is reported, since the rendering started from the committed text
    expect(stale).toEqual(["docs/vendors.md is out of date with its sources: run `npm run docs`"]);
    expect(rendered.get("docs/vendors.md")).toContain("# Vendors\n\n## What each vendor expects");
  });

  it("list what the example stack creates, from the program and Pulumi.example.yaml", () => {
    const readme = rendered.get("README.md") as string;
    expect(readme).toMatch(/\| `aws:cloudwatch\/metricAlarm:MetricAlarm` +\| 6 +\|/);
    expect(readme).toMatch(
      /\| `aws:secretsmanager\/secretPolicy:SecretPolicy` +\| 1 +\| `nylas-api-key-policy`/,
    );
  });

  it("show the CLI's help as its parser prints it, without the generating user's name", () => {
    const cli = rendered.get("docs/cli.md") as string;
    expect(cli).toContain("Usage: rotated-api-key rotate [options] [secret]");
    expect(cli).toContain('(default: "<your user name>")');
  });

  it("state each argument's TSDoc default and each required argument", () => {
    const config = rendered.get("docs/configuration.md") as string;
    expect(config).toMatch(/\| `overlapHours` +\| number +\| 24 +\|/);
    expect(config).toMatch(/\| `vendor` +\| string +\| required +\|/);
    expect(config).toMatch(/\| `ROTATION_OVERLAP_HOURS` +\| 0–8760 hours +\| 24 +\|/);
  });
});
