import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultStatePath, openRunState, saveRunState } from "../../../cli/fleet/runState";

describe("the resumable run state of rotate --all", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "run-state-"));
  const file = (name: string) => path.join(dir, name);

  it("starts a new run, resumes an unfinished one, and starts over after a completed one or with fresh", () => {
    // Prepare
    const first = openRunState(file("a.json"), "run-a", false);
    first.tokens["arn:1"] = { token: "t-1", at: "2026-11-26T10:00:00.000Z" };
    saveRunState(file("a.json"), first);

    // Act
    const resumed = openRunState(file("a.json"), "run-a", false);
    const fresh = openRunState(file("a.json"), "run-a", true);
    resumed.completedAt = "2026-11-26T10:05:00.000Z";
    saveRunState(file("a.json"), resumed);
    const afterCompletion = openRunState(file("a.json"), "run-a", false);

    // Assess
    expect(resumed.tokens).toEqual({ "arn:1": { token: "t-1", at: "2026-11-26T10:00:00.000Z" } });
    expect(fresh.tokens).toEqual({});
    expect(afterCompletion.tokens).toEqual({});
    expect(afterCompletion.completedAt).toBeUndefined();
    expect(JSON.parse(readFileSync(file("a.json"), "utf8"))).toMatchObject({
      format: 1,
      run: "run-a",
    });
  });

  it("refuses a state file of another command and one it cannot read", () => {
    // Prepare
    saveRunState(file("b.json"), openRunState(file("b.json"), "run-b", false));
    writeFileSync(file("c.json"), "{not json");

    // Act / Assess
    expect(() => openRunState(file("b.json"), "run-x", false)).toThrow(
      `the run state ${file("b.json")} belongs to another command (run-b); pass another --state or --fresh.`,
    );
    expect(() => openRunState(file("c.json"), "run-c", false)).toThrow(
      new RegExp(
        `^cannot read the run state ${file("c.json")} \\(.+\\); move it away or pass --fresh\\.$`,
      ),
    );
  });

  it("keys the default file by the run under ./.rotated-api-key/runs", () => {
    expect(defaultStatePath("run-a", "/work")).toMatch(
      /^\/work\/\.rotated-api-key\/runs\/[0-9a-f]{16}\.json$/,
    );
    expect(defaultStatePath("run-a", "/work")).toBe(defaultStatePath("run-a", "/work"));
    expect(defaultStatePath("run-b", "/work")).not.toBe(defaultStatePath("run-a", "/work"));
  });
});
