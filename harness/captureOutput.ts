/**
 * Captures everything written to stdout and stderr (Powertools logs and EMF
 * metrics both go there) so tests can scan it for secret material.
 */
export interface CapturedOutput {
  readonly text: () => string;
  readonly lines: () => string[];
  restore(): void;
}

export function captureOutput(options: { passThrough?: boolean } = {}): CapturedOutput {
  const chunks: string[] = [];
  const originals = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const patch = (original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return options.passThrough
        ? (original as (...a: unknown[]) => boolean)(chunk, ...rest)
        : true;
    }) as typeof process.stdout.write;
  process.stdout.write = patch(originals.out);
  process.stderr.write = patch(originals.err);
  return {
    text: () => chunks.join(""),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((l) => l.length > 0),
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
