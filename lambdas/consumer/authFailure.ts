/**
 * Deciding whether a vendor call failed because of the key. The default
 * recognises `fetch` responses and the status fields of common HTTP and SDK
 * errors; callers with other clients pass their own predicate.
 */

/** How one attempt ended: the request returned a value, or threw. */
export type AttemptOutcome<T> =
  | { readonly kind: "returned"; readonly value: T }
  | { readonly kind: "threw"; readonly error: unknown };

/** Returns true when the outcome means "the vendor rejected this key". */
export type AuthFailurePredicate<T> = (outcome: AttemptOutcome<T>) => boolean;

/** The statuses the default predicate treats as a rejected key. */
export const AUTH_FAILURE_STATUSES: readonly number[] = [401, 403];

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
 * The default predicate: a returned `fetch` `Response` with status 401 or 403,
 * or a thrown error whose status (see {@link statusOfError}) is 401 or 403.
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
