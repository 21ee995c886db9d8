import type { RotatedApiKeyArgs } from "../../components";
import { RotatedApiKeyArgsError } from "../../components";
import { planRotatedApiKey } from "../../components/validateArgs";

/** A validation case: [what is wrong, component name, arguments changed from `defaultArgs`, every problem reported]. */
export type ArgsCase = [string, string, Partial<RotatedApiKeyArgs>, string[]];

/** The problems `planRotatedApiKey` reports for these arguments (none if it accepts them). */
export function problemsOf(name: string, args: RotatedApiKeyArgs): readonly string[] {
  try {
    planRotatedApiKey(name, args);
  } catch (error) {
    if (error instanceof RotatedApiKeyArgsError) return error.problems;
    throw error;
  }
  return [];
}
