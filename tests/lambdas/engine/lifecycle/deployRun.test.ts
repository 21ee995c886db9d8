import { ConfigurationError, SecretStateError } from "../../../../lambdas/contract/errors";
import { isTransientAtDeploy } from "../../../../lambdas/engine/lifecycle/deployRun";
import {
  VendorAuthError,
  VendorDeadlineError,
  VendorError,
} from "../../../../lambdas/vendors/kit/errors";

/** An AWS SDK v3 service error as the client throws it. */
function awsError(name: string, status: number, retryable?: boolean): Error {
  const error = new Error(`${name} from AWS`) as Error & Record<string, unknown>;
  error.name = name;
  error["$metadata"] = { httpStatusCode: status };
  if (retryable !== undefined) error["$retryable"] = { throttling: retryable };
  return error;
}

describe("which failures of the deploy-time maintenance run are transient", () => {
  it.each([
    ["a vendor 503", new VendorError("HTTP 503", {}, true)],
    [
      "the invocation's deadline",
      new VendorDeadlineError("deadline", {}, { attempts: 2, outcomeUnknown: false }),
    ],
    ["AWS throttling", awsError("ThrottlingException", 400, true)],
    ["an AWS server error", awsError("InternalServiceError", 500)],
    ["access denied while IAM propagates", awsError("AccessDeniedException", 400)],
    ["a reset connection", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
  ])("%s is", (_, error) => {
    expect(isTransientAtDeploy(error)).toBe(true);
  });

  it.each([
    ["a configuration error", new ConfigurationError("ROTATION_VENDOR is required", ["x"])],
    ["a rejected admin credential", new VendorAuthError("HTTP 401", {})],
    ["a secret in a state the engine refuses", new SecretStateError("refused", {})],
    ["a missing secret", awsError("ResourceNotFoundException", 400)],
    ["a non-error", "boom"],
  ])("%s is not", (_, error) => {
    expect(isTransientAtDeploy(error)).toBe(false);
  });
});
