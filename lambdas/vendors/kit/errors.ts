import { RotationError, type ErrorContext } from "../../contract/errors";

/**
 * The errors of vendor calls. They extend the contract's `RotationError`, so
 * the engine reports them like any other, and like every error of the family
 * they carry ids, names and statuses, never secret material.
 */

/** A vendor call failed. `retryable` says whether the same call may succeed later. */
export class VendorError extends RotationError {
  public readonly retryable: boolean;

  public constructor(
    message: string,
    context: ErrorContext,
    retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
    this.name = "VendorError";
    this.retryable = retryable;
  }
}

/** The vendor rejected the credential used (401/403). */
export class VendorAuthError extends VendorError {
  public constructor(message: string, context: ErrorContext, options?: { cause?: unknown }) {
    super(message, context, false, options);
    this.name = "VendorAuthError";
  }
}

/** The vendor answered with something that is not its documented shape. */
export class VendorResponseError extends VendorError {
  public constructor(message: string, context: ErrorContext, options?: { cause?: unknown }) {
    super(message, context, false, options);
    this.name = "VendorResponseError";
  }
}

/** The vendor's cap on active keys is reached and no key may be revoked to make room. */
export class VendorCapacityError extends VendorError {
  public constructor(message: string, context: ErrorContext) {
    super(message, context, false);
    this.name = "VendorCapacityError";
  }
}

/**
 * A vendor call ended at the Lambda's deadline (see `lambdas/contract/deadline.ts`).
 * `outcomeUnknown` is true when an attempt was cut off in flight: the vendor
 * may have acted, so, like a timeout, the error is `retryable` and a create
 * must be swept. When false, the call stopped before starting another attempt
 * or wait, nothing is in flight, and the error is not `retryable`.
 */
export class VendorDeadlineError extends VendorError {
  public readonly attempts: number;
  public readonly outcomeUnknown: boolean;

  public constructor(
    message: string,
    context: ErrorContext,
    details: { readonly attempts: number; readonly outcomeUnknown: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, context, details.outcomeUnknown, options);
    this.name = "VendorDeadlineError";
    this.attempts = details.attempts;
    this.outcomeUnknown = details.outcomeUnknown;
  }
}
