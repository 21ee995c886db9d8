/**
 * Reads the subset of YAML that Pulumi stack files in this repository use:
 * a top-level `config:` map whose entries are scalars, or maps or lists of
 * scalars indented below them. Enough to check `Pulumi.example.yaml` without
 * a YAML dependency.
 */
export function parseStackConfig(text: string): Record<string, unknown> {
  const lines = text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
  if (lines.shift() !== "config:") throw new Error("A stack file must start with `config:`.");
  const config: Record<string, unknown> = {};
  let open: string | undefined;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    if (indent === 2) {
      const [key, value] = splitEntry(text);
      config[key] = value === "" ? undefined : scalar(value);
      open = value === "" ? key : undefined;
    } else if (indent === 4 && open !== undefined) {
      if (text.startsWith("- ")) {
        config[open] = [...((config[open] as unknown[] | undefined) ?? []), scalar(text.slice(2))];
      } else {
        const [key, value] = splitEntry(text);
        config[open] = {
          ...((config[open] as Record<string, unknown> | undefined) ?? {}),
          [key]: scalar(value),
        };
      }
    } else {
      throw new Error(`Unsupported line in stack file: ${line}`);
    }
  }
  return config;
}

function splitEntry(text: string): [string, string] {
  if (text.endsWith(":")) return [text.slice(0, -1), ""];
  const at = text.indexOf(": ");
  if (at < 0) throw new Error(`Expected "key: value", got: ${text}`);
  return [text.slice(0, at), text.slice(at + 2).trim()];
}

function scalar(value: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  if (/^(".*"|'.*')$/.test(value)) return value.slice(1, -1);
  return value;
}
