import { createInterface } from "node:readline/promises";
import { CliError } from "../errors";

/** Asks before a mass operation; answers "yes" for the caller. */
export type Confirm = (question: string) => Promise<boolean>;

/**
 * Asks on the terminal and accepts only `yes`. Without a terminal (a
 * pipeline, CI) there is nobody to ask: the operation is refused and `--yes`
 * named, rather than assumed.
 */
export const confirmOnTerminal: Confirm = async (question) => {
  if (process.stdin.isTTY !== true) {
    throw new CliError(
      `${question.replace(/\?$/, "")}: refused without confirmation; stdin is not a terminal, pass --yes.`,
      2,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(`${question} Type yes to go on: `)).trim() === "yes";
  } finally {
    rl.close();
  }
};
