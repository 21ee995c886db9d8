/** The generated part of docs/cli.md: commander's own help for the CLI and each command. */
import { userInfo } from "node:os";
import type { Command } from "commander";
import { buildProgram } from "../../cli/main";

/** Help is rendered this wide, without colour, whatever the terminal. */
const HELP_WIDTH = 100;

function helpOf(command: Command): string {
  command.configureHelp({ helpWidth: HELP_WIDTH });
  command.configureOutput({ getOutHasColors: () => false });
  // `--as` defaults to the user running the generator: show a placeholder instead.
  return command
    .helpInformation()
    .replace(`(default: "${whoAmI()}")`, '(default: "<your user name>")')
    .trimEnd();
}

function whoAmI(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/** `rotated-api-key --help`, then `rotated-api-key <command> --help` for each command. */
export function cliHelpSection(): string {
  const program = buildProgram(
    () => {
      throw new Error("the docs generator never runs a command");
    },
    () => undefined,
  );
  const blocks = [program, ...program.commands].map((command) => {
    const invocation =
      command === program
        ? `${program.name()} --help`
        : `${program.name()} ${command.name()} --help`;
    return [`### ${"`"}${invocation}${"`"}`, "```text", helpOf(command), "```"].join("\n");
  });
  return blocks.join("\n\n");
}
