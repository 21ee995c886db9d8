import type { AwsSettings } from "./clients";

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

/**
 * The AWS SDK's set-up errors ("Region is missing", `CredentialsProviderError`,
 * an expired SSO token) as a {@link CliError} that says how to fix them, or
 * `undefined` for any other error. `profile` is `--profile`, else `AWS_PROFILE`.
 */
export function explainAwsSetupError(
  error: unknown,
  settings: AwsSettings,
  env: NodeJS.ProcessEnv = process.env,
): CliError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, message } = error as { name?: unknown; message?: unknown };
  const profile = settings.profile ?? env.AWS_PROFILE;
  if (message === "Region is missing") {
    return new CliError(
      `no AWS region: pass --region or set AWS_REGION` +
        (profile ? ` (or set region for profile "${profile}" in ~/.aws/config)` : ""),
    );
  }
  if (name === "CredentialsProviderError") {
    return new CliError(
      profile
        ? `no AWS credentials for profile "${profile}": check ~/.aws/config and ~/.aws/credentials, ` +
            `or run aws sso login --profile ${profile}`
        : "no AWS credentials: pass --profile or set AWS_PROFILE, " +
            "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
    );
  }
  if (name === "TokenProviderError") {
    return new CliError(
      `no valid AWS SSO session (${String(message)}): run aws sso login${profile ? ` --profile ${profile}` : ""}`,
    );
  }
  return undefined;
}
