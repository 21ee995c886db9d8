import { parse } from "yaml";

/** Reads a Pulumi stack file's `config:` map (keys like `project:key`) with a real YAML parser. */
export function parseStackConfig(text: string): Record<string, unknown> {
  const document = parse(text) as { config?: unknown } | null;
  if (document === null || typeof document.config !== "object" || document.config === null) {
    throw new Error("A stack file must have a `config:` map.");
  }
  return document.config as Record<string, unknown>;
}
