/**
 * How the drill writes: plain text, at most {@link MAX_WIDTH} columns, colour
 * only on a terminal and never with `NO_COLOR` (https://no-color.org), and a
 * spinner only on a terminal. Nothing here knows about rotations.
 */

/** No line the drill prints is wider than this. */
export const MAX_WIDTH = 100;

type Paint = (text: string) => string;

export interface Style {
  readonly colour: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly green: Paint;
  readonly red: Paint;
  readonly yellow: Paint;
}

/** Colour only when the stream is a terminal, `NO_COLOR` is unset or empty, and `TERM` is not `dumb`. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

export function createStyle(colour: boolean): Style {
  const sgr =
    (open: number, close: number): Paint =>
    (text) =>
      colour && text !== "" ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    colour,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
  };
}

/** Cuts `text` to `width` columns, ending in `…` when cut. */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Wraps prose at word boundaries to `width` columns; continuation lines get `indent`. */
export function wrap(text: string, width = MAX_WIDTH, indent = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === "" ? word : `${line} ${word}`;
    const limit = lines.length === 0 ? width : width - indent.length;
    if (candidate.length <= limit || line === "") {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line !== "") lines.push(line);
  return lines.map((l, i) => fit(i === 0 ? l : `${indent}${l}`, width)).join("\n");
}

/** A column of a fixed-width table. */
export interface Column {
  readonly title: string;
  readonly width: number;
  readonly align?: "left" | "right";
}

/**
 * A fixed-width table whose rows can be printed one at a time, as they
 * arrive. Cells are cut to their column; `paint` colours a cell after it is
 * padded, so colour never changes the width.
 */
export class StreamTable {
  public constructor(
    private readonly columns: readonly Column[],
    private readonly style: Style,
    private readonly gap = "  ",
  ) {
    const width = this.columns.reduce((sum, c) => sum + c.width, 0);
    if (width + gap.length * (columns.length - 1) > MAX_WIDTH) {
      throw new Error(`table is wider than ${MAX_WIDTH} columns`);
    }
  }

  public header(): string {
    return this.style.bold(this.line(this.columns.map((c) => c.title)).trimEnd());
  }

  public row(cells: readonly string[], paint: ReadonlyArray<Paint | undefined> = []): string {
    return this.line(cells, paint).trimEnd();
  }

  private line(cells: readonly string[], paint: ReadonlyArray<Paint | undefined> = []): string {
    return this.columns
      .map((column, i) => {
        const text = fit(cells[i] ?? "", column.width);
        const padded =
          column.align === "right"
            ? text.padStart(column.width)
            : i === this.columns.length - 1
              ? text
              : text.padEnd(column.width);
        return (paint[i] ?? ((t: string) => t))(padded);
      })
      .join(this.gap);
  }
}

/** Where the drill writes: stdout for the report, stderr for the final error line. */
export interface Out {
  readonly style: Style;
  /** Whether stdout is a terminal (spinners only then). */
  readonly tty: boolean;
  line(text?: string): void;
  error(text: string): void;
  /** Writes as is (a spinner frame). */
  raw(text: string): void;
}

/**
 * The process's stdout and stderr, bound now: the drill captures the
 * handler's own output (logs, metrics) into a file by patching
 * `process.stdout.write`, and its report must not end up there.
 */
export function processOut(): Out {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  return {
    style: createStyle(wantsColour(process.stdout, process.env)),
    tty: process.stdout.isTTY === true,
    line: (text = "") => void stdout(`${text}\n`),
    error: (text) => void stderr(`${text}\n`),
    raw: (text) => void stdout(text),
  };
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Shows `text` while `work` runs and returns its result. On a terminal a
 * spinner animates on the line, which is then cleared. With `done`, the line
 * `done(result, seconds)` follows; when not on a terminal `text…` is printed
 * at once, so a piped log shows what it is waiting for. Without `done`,
 * nothing is printed off a terminal.
 */
export async function withProgress<T>(
  out: Out,
  text: string,
  work: () => Promise<T>,
  done?: (result: T, seconds: string) => string,
): Promise<T> {
  const started = Date.now();
  const finish = (result: T) => {
    if (done) out.line(done(result, ((Date.now() - started) / 1000).toFixed(1)));
    return result;
  };
  if (!out.tty) {
    if (done) out.line(`${text}…`);
    return finish(await work());
  }
  let frame = 0;
  const shown = fit(text, MAX_WIDTH - 3);
  const draw = () => out.raw(`\r${out.style.dim(FRAMES[frame++ % FRAMES.length] ?? "")} ${shown}…`);
  draw();
  const timer = setInterval(draw, 80);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
    out.raw(`\r${" ".repeat(shown.length + 3)}\r`);
  }
  return finish(result);
}
