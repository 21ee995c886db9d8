import { ConfigurationError } from "../../contract/errors";
import { maskSecrets } from "../../contract/secretMask";
import { VendorDeadlineError, VendorError } from "../../vendors/kit/errors";
import { describeError } from "../core/describeError";
import type { MaintenanceContext } from "./maintenanceContext";
import type { MaintainReport } from "./maintain";
import type { MonitorReport } from "./monitor";

/** AWS error names that say "try again later", not "this is wrong". */
const TRANSIENT_AWS_ERRORS = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "InternalServiceError",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  // Right after `pulumi up` creates the role policy, IAM may not have propagated it yet.
  "AccessDeniedException",
]);

const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * Whether a failure of the deploy-time run may pass by itself: a vendor
 * answer that may succeed later (429, 5xx, a lost answer), the invocation's
 * deadline, AWS throttling or server errors, a network error, or access
 * denied (IAM propagation right after the role policy is created).
 * A configuration error never is: the deploy must show it.
 */
export function isTransientAtDeploy(error: unknown): boolean {
  if (error instanceof ConfigurationError) return false;
  if (error instanceof VendorDeadlineError) return true;
  if (error instanceof VendorError) return error.retryable;
  if (!(error instanceof Error)) return false;
  const aws = error as Error & {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: unknown;
  };
  if (aws.$retryable !== undefined) return true;
  if ((aws.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (typeof aws.code === "string" && TRANSIENT_NETWORK_CODES.has(aws.code)) return true;
  return TRANSIENT_AWS_ERRORS.has(error.name);
}

const DEFERRED = "maintenance at deploy deferred to the next scheduled run";

/**
 * The maintenance run invoked once at deploy (`{"action":"maintain","deploy":true}`,
 * the component's `aws.lambda.Invocation`). The same run as the schedule's,
 * except that a transient failure is returned as `deferred` (and logged as an
 * error) instead of thrown: `pulumi up` must not fail because a vendor or AWS
 * hiccuped, and the next scheduled run repeats everything. Any other failure
 * is thrown, so the deploy fails with the function's own clear message.
 */
export async function maintainAtDeploy(
  ctx: MaintenanceContext,
  maintain: (
    ctx: MaintenanceContext,
    onLifecycleFailure: (error: unknown, monitor: MonitorReport) => MaintainReport,
  ) => Promise<MaintainReport>,
): Promise<MaintainReport> {
  const defer = (error: unknown): string => {
    const { name, message } = describeError(error);
    ctx.logger.error(`${DEFERRED}: it failed for a transient reason`, {
      error: describeError(error),
    });
    // Returned into the Invocation's result (Pulumi state): masked like every error.
    return maskSecrets(`${DEFERRED}: ${String(name)}: ${String(message)}`);
  };
  try {
    return await maintain(ctx, (error, monitor) => {
      if (!isTransientAtDeploy(error)) throw error;
      return { monitor, deferred: defer(error) };
    });
  } catch (error) {
    if (!isTransientAtDeploy(error)) throw error;
    return { deferred: defer(error) };
  }
}
