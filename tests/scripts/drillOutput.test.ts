import type { RotationOutcome } from "../../harness/orchestrator";
import { MAX_WIDTH, StreamTable, createStyle, wantsColour, wrap } from "../../scripts/drill/output";
import { planRotations } from "../../scripts/drill/plan";
import { rootCause, timelineRow, timelineTable, type Attempt } from "../../scripts/drill/report";
import { ANSI, widestLine } from "./childProcess";

const outcome = (overrides: Partial<RotationOutcome> = {}): RotationOutcome => ({
  token: "0123456789abcdef0123456789abcdef",
  ok: true,
  steps: ["createSecret", "setSecret", "testSecret", "finishSecret"].map((step) => ({
    step,
    ms: 99_999.4,
  })),
  totalMs: 1,
  ...overrides,
});

describe("the drill's output", () => {
  it("wants colour only on a terminal, without NO_COLOR, and not on a dumb terminal", () => {
    // Act / Assess
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(wantsColour({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });

  it("paints only when colour is on, and the header is bold, not red", () => {
    // Prepare
    const table = timelineTable(createStyle(true));

    // Act
    const header = table.header();
    const plain = timelineTable(createStyle(false)).header();

    // Assess
    expect(header).toBe(`\u001b[1m${plain}\u001b[22m`);
    expect(plain).not.toMatch(ANSI);
  });

  it("keeps every timeline row within 100 columns, whatever the durations and messages", () => {
    // Prepare
    const style = createStyle(false);
    const table = timelineTable(style);
    const [rotation] = planRotations(1, true);
    const failed: Attempt = {
      rotation: rotation!,
      retry: false,
      verdict: "failed",
      outcome: outcome({
        ok: false,
        failedStep: "createSecret",
        steps: [{ step: "createSecret", ms: 123_456, error: "x".repeat(500) }],
        error: new Error("x".repeat(500)),
      }),
    };
    const fine: Attempt = {
      rotation: rotation!,
      retry: false,
      verdict: "promoted",
      outcome: outcome(),
    };

    // Act
    const rows = [
      table.header(),
      timelineRow(table, style, failed),
      timelineRow(table, style, fine),
    ];

    // Assess
    expect(widestLine(rows.join("\n"))).toBeLessThanOrEqual(MAX_WIDTH);
  });

  it("refuses a table wider than 100 columns", () => {
    // Act / Assess
    expect(
      () =>
        new StreamTable(
          [
            { title: "a", width: 60 },
            { title: "b", width: 40 },
          ],
          createStyle(false),
        ),
    ).toThrow("table is wider than 100 columns");
  });

  it("wraps prose at words within the width", () => {
    // Act
    const text = wrap("word ".repeat(60), 30, "  ");

    // Assess
    expect(widestLine(text)).toBeLessThanOrEqual(30);
    expect(
      text
        .split("\n")
        .slice(1)
        .every((l) => l.startsWith("  word")),
    ).toBe(true);
  });

  it("reports the root cause with its cause chain, once each", () => {
    // Prepare
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:1");
    const error = new Error("nylas listKeys got no response", { cause });
    const [rotation] = planRotations(1, false);

    // Act
    const text = rootCause({
      rotation: rotation!,
      retry: false,
      verdict: "failed",
      outcome: outcome({ ok: false, error }),
    });

    // Assess
    expect(text).toBe("nylas listKeys got no response: connect ECONNREFUSED 127.0.0.1:1");
  });
});
