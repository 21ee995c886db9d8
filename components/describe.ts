import * as pulumi from "@pulumi/pulumi";
import type { WholeNumberSetting } from "../lambdas/contract/settings";

/** How a received value reads in an error message: strings quoted, objects as JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Whether `value` is an integer from `min` to `max` inclusive. */
export function isWholeNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Whether `value` is a finite number above 0 and at most `max`. */
export function isPositiveUpTo(value: unknown, max = Infinity): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= max;
}

/** Whether an input is known now: neither an `Output` nor a promise. */
export function isPlain<T>(value: pulumi.Input<T>): value is T {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** A whole-number argument's range and unit, as messages state them: the contract's `Settings` shape. */
export type WholeNumberRange = Pick<WholeNumberSetting, "min" | "max" | "unit">;

/**
 * Whether `value` is a whole number in `range`; if not, pushes
 * `` `arg` must be a whole number of <unit> from <min> to <max> (received …)``
 * followed by `rest` (why it matters and how to fix it).
 */
export function checkWholeNumber(
  value: unknown,
  arg: string,
  range: WholeNumberRange,
  rest: string,
  problems: string[],
): value is number {
  if (isWholeNumberIn(value, range.min, range.max)) return true;
  problems.push(
    `\`${arg}\` must be a whole number of ${range.unit} from ${range.min} to ${range.max} (received ${describeValue(value)})${rest}`,
  );
  return false;
}
