import { describeValue } from "../describe";

/** How a list of plain strings must look: the arg's name, the pattern, the rule, and what to exclude. */
export interface PlainListRule {
  readonly arg: string;
  readonly pattern: RegExp;
  /** e.g. "must be an AWS region name like eu-west-1". */
  readonly rule: string;
  readonly max: number;
  /** A value the list must not hold (the key's own region), and why. */
  readonly excluded?: { readonly value: string; readonly why: string };
}

/**
 * Checks a plain list argument: an array of strings matching `pattern`, no
 * repeats, at most `max`, without `excluded`. Pushes one problem per mistake
 * and returns the list, or `[]` when it is not an array.
 */
export function checkPlainList(value: unknown, rule: PlainListRule, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(
      `\`${rule.arg}\` must be a list of strings (received ${describeValue(value)}). Omit it for none.`,
    );
    return [];
  }
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== "string" || !rule.pattern.test(entry)) {
      problems.push(`\`${rule.arg}[${i}]\` ${rule.rule} (received ${describeValue(entry)}).`);
      return;
    }
    if (seen.has(entry)) {
      problems.push(`\`${rule.arg}[${i}]\` repeats ${describeValue(entry)}: list each value once.`);
    }
    seen.add(entry);
    if (rule.excluded !== undefined && entry === rule.excluded.value) {
      problems.push(
        `\`${rule.arg}[${i}]\` must not be ${describeValue(entry)}, ${rule.excluded.why}. Remove it.`,
      );
    }
  });
  if (value.length > rule.max) {
    problems.push(
      `\`${rule.arg}\` must list at most ${rule.max} entries (received ${value.length}).`,
    );
  }
  return value.filter((v): v is string => typeof v === "string");
}
