/**
 * Deciding whether a vendor call failed because of the key. The default
 * ({@link isKeyRejected}) recognises `fetch` responses and the status fields of
 * common HTTP and SDK errors, and treats only 401 as a rejected key; callers
 * whose vendor answers a bad key with 403, or whose clients report it in
 * another way, pass their own predicate.
 */

/** How one attempt ended: the request returned a value, or threw. */
export type AttemptOutcome<T> =
  | { readonly kind: "returned"; readonly value: T }
  | { readonly kind: "threw"; readonly error: unknown };

/** Returns true when the outcome means "the vendor rejected this key". */
export type KeyRejectedPredicate<T> = (outcome: AttemptOutcome<T>) => boolean;

/** The former name of {@link KeyRejectedPredicate}. */
export type AuthFailurePredicate<T> = KeyRejectedPredicate<T>;

/** The statuses {@link isAuthFailure} reads as an auth failure: 401 and 403. */
export const AUTH_FAILURE_STATUSES: readonly number[] = [401, 403];

/**
 * The statuses the default predicate, {@link isKeyRejected}, reads as a
 * rejected key: 401 only. A 403 usually means "this key may not do that"
 * (a missing scope or permission), which a newer or older key does not fix.
 */
export const KEY_REJECTED_STATUSES: readonly number[] = [401];

function numberAt(value: unknown, key: string): number | undefined {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return undefined;
  }
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "number" && Number.isInteger(field) ? field : undefined;
}

function fieldAt(value: unknown, key: string): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    return undefined;
  }
  return (value as Record<string, unknown>)[key];
}

/**
 * The HTTP status carried by a thrown error, if any. Reads, in order:
 * `status` (OpenAI, Octokit, many SDKs), `statusCode` (Nylas, Stripe, got),
 * `response.status` (axios, ky's `HTTPError`), `response.statusCode` (got),
 * `$metadata.httpStatusCode` (AWS SDK v3).
 */
export function statusOfError(error: unknown): number | undefined {
  return (
    numberAt(error, "status") ??
    numberAt(error, "statusCode") ??
    numberAt(fieldAt(error, "response"), "status") ??
    numberAt(fieldAt(error, "response"), "statusCode") ??
    numberAt(fieldAt(error, "$metadata"), "httpStatusCode")
  );
}

/**
 * The HTTP status of a returned value when it is a `fetch`-style response that
 * failed (`ok === false` and a numeric `status`); `undefined` otherwise.
 */
export function statusOfResult(value: unknown): number | undefined {
  if (fieldAt(value, "ok") !== false) return undefined;
  return numberAt(value, "status");
}

/** The status of either kind of outcome, as the default predicate reads it. */
export function statusOfOutcome(outcome: AttemptOutcome<unknown>): number | undefined {
  return outcome.kind === "returned" ? statusOfResult(outcome.value) : statusOfError(outcome.error);
}

/**
 * A predicate that reads the status of either kind of outcome (see
 * {@link statusOfOutcome}) and calls the key rejected when it is one of
 * `statuses`. For a vendor that answers a bad key with 403 (Datadog does),
 * pass `keyRejectedByStatus([401, 403])`, or {@link isAuthFailure}.
 *
 * @example
 * ```ts
 * const keys = new ApiKeyProvider({ secretId, isKeyRejected: keyRejectedByStatus([401, 403]) });
 * ```
 */
export function keyRejectedByStatus(statuses: readonly number[]): KeyRejectedPredicate<unknown> {
  const rejected = [...statuses];
  return (outcome) => {
    const status = statusOfOutcome(outcome);
    return status !== undefined && rejected.includes(status);
  };
}

/**
 * The default predicate of `ApiKeyProvider` and `withApiKey`: a returned
 * `fetch` `Response` with status 401, or a thrown error whose status (see
 * {@link statusOfError}) is 401. A 403 is not a rejected key by default: it
 * is returned or thrown as it is, is not counted as `ConsumerAuthFailures`
 * and causes neither a refresh nor a fallback to `AWSPREVIOUS`.
 *
 * @example
 * ```ts
 * isKeyRejected({ kind: "returned", value: await fetch(url) }); // true on 401
 * isKeyRejected({ kind: "threw", error: { statusCode: 403 } }); // false
 * ```
 */
export const isKeyRejected: KeyRejectedPredicate<unknown> =
  keyRejectedByStatus(KEY_REJECTED_STATUSES);

/**
 * A returned `fetch` `Response` with status 401 or 403, or a thrown error
 * whose status (see {@link statusOfError}) is 401 or 403. It was the default
 * predicate before {@link isKeyRejected}; pass it as `isKeyRejected` for a
 * vendor that answers a bad key with 403.
 *
 * @example
 * ```ts
 * isAuthFailure({ kind: "returned", value: await fetch(url) }); // true on 401/403
 * isAuthFailure({ kind: "threw", error: { statusCode: 401 } }); // true
 * ```
 */
export function isAuthFailure(outcome: AttemptOutcome<unknown>): boolean {
  const status = statusOfOutcome(outcome);
  return status !== undefined && AUTH_FAILURE_STATUSES.includes(status);
}
