import { describeValue } from "../../describe";

/** An optional object argument; pushes a problem and returns undefined for anything else. */
export function objectArg<T extends object>(
  value: T | undefined,
  arg: string,
  problems: string[],
  example = "{ enabled: false }",
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  problems.push(
    `\`${arg}\` must be an object (received ${describeValue(value)}). Pass an object such as ${example}, or omit it for the defaults.`,
  );
  return undefined;
}

/** An optional boolean that defaults to true; a non-boolean is a problem (and reads as false). */
export function flag(value: unknown, arg: string, problems: string[]): boolean {
  if (value === undefined) return true;
  if (typeof value === "boolean") return value;
  problems.push(
    `\`${arg}\` must be true or false (received ${describeValue(value)}). Omit it to keep this on.`,
  );
  return false;
}
