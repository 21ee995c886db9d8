/**
 * The consumer client's errors. Messages are built from secret names, stages,
 * version ids and HTTP statuses only: never from a key or a secret's value.
 */

/** The Secrets Manager staging labels the consumer reads. */
export type KeyStage = "AWSCURRENT" | "AWSPREVIOUS";

/** Base class of every error the consumer client raises itself. */
export class ConsumerError extends Error {
  /** The secret id (name or ARN) the provider was created with. */
  public readonly secretId: string;

  public constructor(message: string, secretId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConsumerError";
    this.secretId = secretId;
  }
}

/** An option of {@link ApiKeyProvider} is out of range; raised by the constructor. */
export class ConsumerConfigError extends ConsumerError {
  public constructor(message: string, secretId: string) {
    super(message, secretId);
    this.name = "ConsumerConfigError";
  }
}

/**
 * The key could not be read: `GetSecretValue` failed, the version holds no
 * usable `apiKey`, or the provider was closed. `cause` carries the SDK error.
 */
export class ApiKeyUnavailableError extends ConsumerError {
  /** The stage that was being read. */
  public readonly stage: KeyStage;

  public constructor(
    message: string,
    secretId: string,
    stage: KeyStage,
    options?: { cause?: unknown },
  ) {
    super(message, secretId, options);
    this.name = "ApiKeyUnavailableError";
    this.stage = stage;
  }
}

/**
 * `AWSCURRENT` was not read because the last reads failed and the provider is
 * backing off, and no cached key may be served instead: none was read yet, or
 * the last good one is past its bound (`maxStaleMs` past its TTL, or the
 * key's stored `expiresAt`). `cause` is the error of the last read (an
 * {@link ApiKeyUnavailableError} whose own `cause` is the SDK error).
 */
export class ApiKeyRefreshBackoffError extends ApiKeyUnavailableError {
  /** Reads of `AWSCURRENT` that failed in a row. */
  public readonly failedReads: number;
  /** No read is made before this time. */
  public readonly retryAt: Date;

  public constructor(
    message: string,
    secretId: string,
    failedReads: number,
    retryAt: Date,
    options?: { cause?: unknown },
  ) {
    super(message, secretId, "AWSCURRENT", options);
    this.name = "ApiKeyRefreshBackoffError";
    this.failedReads = failedReads;
    this.retryAt = retryAt;
  }
}

/** One attempt {@link withApiKey} made, as reported by {@link ApiKeyRejectedError}. */
export interface RejectedAttempt {
  readonly stage: KeyStage;
  readonly versionId: string;
  /** The HTTP status the vendor answered, when it could be read from the outcome. */
  readonly status?: number;
}

/**
 * Every key {@link withApiKey} could offer was rejected, and the rejection was
 * a returned value (e.g. a `fetch` `Response` with status 401), not a thrown
 * error. `cause` is the first rejected value, unread. (A thrown rejection is
 * re-thrown as it is instead.)
 */
export class ApiKeyRejectedError extends ConsumerError {
  /** The status of the first rejection (401 with the default predicate). */
  public readonly status: number | undefined;
  /** The attempts made, in order. */
  public readonly attempts: readonly RejectedAttempt[];

  public constructor(
    message: string,
    secretId: string,
    attempts: readonly RejectedAttempt[],
    options?: { cause?: unknown },
  ) {
    super(message, secretId, options);
    this.name = "ApiKeyRejectedError";
    this.attempts = attempts;
    this.status = attempts[0]?.status;
  }
}
