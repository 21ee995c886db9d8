/**
 * The error family of the rotation engine. Every error names what failed and
 * where (secret, step, vendor operation, HTTP status) and never carries secret
 * material: messages are built only from ids, names, statuses and counts.
 */

/** Non-secret facts attached to an error for logs and callers. */
export interface ErrorContext {
  readonly secretId?: string;
  readonly step?: string;
  readonly token?: string;
  readonly vendor?: string;
  readonly operation?: string;
  readonly status?: number;
  readonly keyId?: string;
}

export class RotationError extends Error {
  public readonly context: ErrorContext;

  public constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RotationError";
    this.context = context;
  }
}

/** The Lambda's environment is missing or malformed. Raised at cold start. */
export class ConfigurationError extends RotationError {
  public readonly problems: readonly string[];

  public constructor(message: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(message, {}, options);
    this.name = "ConfigurationError";
    this.problems = problems;
  }
}

/** The event cannot be acted on: unknown step, token not a version, rotation disabled, wrong stage. */
export class InvalidEventError extends RotationError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = "InvalidEventError";
  }
}

/** A stored secret version does not hold what this engine writes. */
export class SecretStateError extends RotationError {
  public constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = "SecretStateError";
  }
}

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

/** `testSecret` could not prove the pending key works within the time it had. */
export class KeyVerificationError extends RotationError {
  public readonly attempts: number;

  public constructor(
    message: string,
    context: ErrorContext,
    attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
    this.name = "KeyVerificationError";
    this.attempts = attempts;
  }
}

/** An operator action (rollback, revoke-previous) that would be unsafe or impossible; nothing was changed. */
export class OperationRefusedError extends RotationError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = "OperationRefusedError";
  }
}

/** The vendor issued a key whose expiry is too soon to promote; the key was revoked, nothing was stored. */
export class KeyExpiryError extends RotationError {
  public constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
    this.name = "KeyExpiryError";
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
