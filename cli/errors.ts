/** An expected failure: printed as one line, exit code 1 (2 for bad usage). */
export class CliError extends Error {
  public constructor(
    message: string,
    public readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** One readable line for any error: ours, the function's, or the AWS SDK's (name: message). */
export function describeCliError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: unknown; message: unknown };
    return typeof name === "string" && name !== "Error"
      ? `${name}: ${String(message)}`
      : String(message);
  }
  return String(error);
}
