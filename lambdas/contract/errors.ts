/**
 * The error family of the rotation engine. Every error names what failed and
 * where (secret, step, vendor operation, HTTP status) and never carries secret
 * material: messages are built only from ids, names, statuses and counts.
 * The errors of vendor calls (`VendorError` and its kinds) belong to the
 * vendors kit: `lambdas/vendors/kit/errors.ts`.
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
