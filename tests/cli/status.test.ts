import { CliError } from "../../cli/errors";
import { parseTagFilters } from "../../cli/commands/status";

describe("status --tag filters", () => {
  it("parses key=value pairs, keeping = in values", () => {
    expect(parseTagFilters(["owner=team-a", "purpose=a=b"])).toEqual([
      ["owner", "team-a"],
      ["purpose", "a=b"],
    ]);
  });

  it("refuses a filter without a key or =, as a usage error", () => {
    for (const bad of ["owner", "=x"]) {
      let error: unknown;
      try {
        parseTagFilters([bad]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).message).toBe(
        `--tag must look like key=value (received "${bad}").`,
      );
      expect((error as CliError).exitCode).toBe(2);
    }
  });
});
