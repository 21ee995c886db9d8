import { CliError, explainAwsSetupError } from "../../cli/errors";

describe("explainAwsSetupError", () => {
  it("turns an expired SSO token into one line naming the login command", () => {
    // Prepare
    const error = Object.assign(new Error("The SSO session token is expired."), {
      name: "TokenProviderError",
    });

    // Act
    const explained = explainAwsSetupError(error, {}, { AWS_PROFILE: "ops" });

    // Assess
    expect(explained).toBeInstanceOf(CliError);
    expect(explained?.message).toBe(
      "no valid AWS SSO session (The SSO session token is expired.): run aws sso login --profile ops",
    );
    expect(explained?.exitCode).toBe(1);
  });

  it("prefers --profile over AWS_PROFILE in the hint", () => {
    // Prepare
    const error = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });

    // Act
    const explained = explainAwsSetupError(error, { profile: "flag" }, { AWS_PROFILE: "env" });

    // Assess
    expect(explained?.message).toBe(
      'no AWS credentials for profile "flag": check ~/.aws/config and ~/.aws/credentials, or run aws sso login --profile flag',
    );
  });

  it("leaves every other error alone", () => {
    // Act
    const explained = explainAwsSetupError(
      Object.assign(new Error("Secret not found"), { name: "ResourceNotFoundException" }),
      {},
      {},
    );

    // Assess
    expect(explained).toBeUndefined();
  });
});
