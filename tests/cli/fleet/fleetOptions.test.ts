import { fleetFilters } from "../../../cli/fleet/fleetOptions";

describe("the --all flags", () => {
  const none = { tag: [], concurrency: 10 };

  it("gives the filters with --all, and nothing for a single secret", () => {
    expect(
      fleetFilters(undefined, {
        ...none,
        all: true,
        vendor: "openai",
        tag: ["owner=a", "env=p=q"],
        namePrefix: "prod/",
      }),
    ).toEqual({
      vendor: "openai",
      tags: [
        ["owner", "a"],
        ["env", "p=q"],
      ],
      namePrefix: "prod/",
    });
    expect(fleetFilters("prod/key", none)).toBeUndefined();
  });

  it("refuses a missing target, both targets, and fleet flags without --all (usage, exit 2)", () => {
    const usage = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return [(error as { exitCode?: number }).exitCode, (error as Error).message];
      }
      return "no error";
    };
    expect(usage(() => fleetFilters(undefined, none))).toEqual([
      2,
      "name a secret, or pass --all.",
    ]);
    expect(usage(() => fleetFilters("k", { ...none, all: true }))).toEqual([
      2,
      'pass a secret name or --all, not both (received "k").',
    ]);
    expect(usage(() => fleetFilters("k", { ...none, vendor: "openai" }))).toEqual([
      2,
      "--vendor, --tag, --name-prefix, --dry-run, --yes and --json go with --all.",
    ]);
    expect(usage(() => fleetFilters(undefined, { ...none, all: true, tag: ["owner"] }))).toEqual([
      2,
      '--tag must look like key=value (received "owner").',
    ]);
  });
});
