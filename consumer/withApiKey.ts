import {
  statusOfOutcome,
  type AttemptOutcome,
  type AuthFailurePredicate,
  type KeyRejectedPredicate,
} from "./authFailure";
import {
  ApiKeyRejectedError,
  ConsumerConfigError,
  type KeyStage,
  type RejectedAttempt,
} from "./errors";
import type { ApiKeyProvider } from "./keyProvider";
import type { ApiKeyVersion } from "./keyVersion";

/** What the request callback is told about the key it is given (never the key itself). */
export interface ApiKeyAttempt {
  /** 1 for the first attempt, at most 3. */
  readonly number: number;
  readonly stage: KeyStage;
  readonly versionId: string;
  readonly keyId?: string;
}

/** Options of {@link withApiKey}. */
export interface WithApiKeyOptions<T> {
  /**
   * Whether an attempt's outcome means the vendor rejected the key. Only such
   * outcomes are counted as `ConsumerAuthFailures` and lead to a refresh and a
   * fallback to `AWSPREVIOUS`; any other outcome (a 403 for a missing
   * permission, with the default) is returned or thrown at once.
   * @default the provider's `isKeyRejected` (itself by default a `fetch` response or a thrown error with status 401)
   */
  readonly isKeyRejected?: KeyRejectedPredicate<T>;
  /**
   * The former name of `isKeyRejected`; give one or the other.
   * @deprecated use `isKeyRejected`
   * @default the provider's `isKeyRejected`
   */
  readonly isAuthFailure?: AuthFailurePredicate<T>;
}

/** Releases the body of a `fetch` response that will never be read (frees its connection). */
function discard(outcome: AttemptOutcome<unknown>): void {
  if (outcome.kind !== "returned") return;
  const body = (outcome.value as { body?: { cancel?: () => Promise<void> } } | null)?.body;
  if (typeof body?.cancel === "function") body.cancel().catch(() => undefined);
}

function settle<T>(outcome: AttemptOutcome<T>): T {
  if (outcome.kind === "threw") throw outcome.error;
  return outcome.value;
}

/**
 * Runs `request` with the current key and survives rotations:
 * 1. the cached `AWSCURRENT` key (served stale while Secrets Manager fails, see `maxStaleMs`);
 * 2. when the vendor rejects the key (`isKeyRejected`), refreshes `AWSCURRENT`
 *    (at most once per version per `authRefreshIntervalMs`) and retries once if the key changed;
 * 3. still rejected, retries once with `AWSPREVIOUS` while the overlap window
 *    of `AWSCURRENT` lasts (see `ApiKeyProvider.overlapEndsAt`; counted as
 *    `ConsumerPreviousKeyFallbacks`);
 * 4. then gives up: a thrown rejection is re-thrown as it was first thrown; a
 *    returned one (e.g. a `Response` with status 401) becomes an
 *    {@link ApiKeyRejectedError} whose `cause` is the first response.
 *
 * Never more than three attempts, never the same key twice; every rejection
 * counts one `ConsumerAuthFailures`. Outcomes that are not rejections (200,
 * 404, 500, network errors, and a 403 with the default classification) are
 * returned or thrown at once.
 *
 * @example
 * ```ts
 * const res = await withApiKey(keys, (apiKey) =>
 *   fetch("https://api.us.nylas.com/v3/grants", { headers: { authorization: `Bearer ${apiKey}` } }),
 * );
 * ```
 */
export async function withApiKey<T>(
  provider: ApiKeyProvider,
  request: (apiKey: string, attempt: ApiKeyAttempt) => Promise<T>,
  options: WithApiKeyOptions<T> = {},
): Promise<T> {
  if (options.isKeyRejected !== undefined && options.isAuthFailure !== undefined) {
    throw new ConsumerConfigError(
      "Invalid withApiKey options: `isKeyRejected` and `isAuthFailure` (its former name) were both given: pass only `isKeyRejected`.",
      provider.secretId,
    );
  }
  const judge: KeyRejectedPredicate<T> =
    options.isKeyRejected ?? options.isAuthFailure ?? provider.isKeyRejected;
  if (typeof judge !== "function") {
    throw new ConsumerConfigError(
      `Invalid withApiKey options: \`isKeyRejected\` must be a function \`(outcome) => boolean\` (received ${typeof judge}).`,
      provider.secretId,
    );
  }
  const tried = new Set<string>();
  const rejected: RejectedAttempt[] = [];
  /** Runs one attempt; `true` when the vendor rejected the key (and it was counted). */
  const attempt = async (version: ApiKeyVersion): Promise<[AttemptOutcome<T>, boolean]> => {
    tried.add(version.apiKey);
    let outcome: AttemptOutcome<T>;
    try {
      const value = await request(version.apiKey, {
        number: tried.size,
        stage: version.stage,
        versionId: version.versionId,
        ...(version.keyId === undefined ? {} : { keyId: version.keyId }),
      });
      outcome = { kind: "returned", value };
    } catch (error) {
      outcome = { kind: "threw", error };
    }
    if (!judge(outcome)) return [outcome, false];
    const status = statusOfOutcome(outcome);
    const stage = version.stage;
    rejected.push({
      stage,
      versionId: version.versionId,
      ...(status === undefined ? {} : { status }),
    });
    provider.reportAuthFailure({
      stage,
      ...(status === undefined ? {} : { status: String(status) }),
    });
    return [outcome, true];
  };

  const current = await provider.getCurrent();
  const [first, firstRejected] = await attempt(current);
  if (!firstRejected) return settle(first);

  const refreshed = await provider.refresh({ stale: current, reason: "auth-failure" });
  if (!tried.has(refreshed.apiKey)) {
    const [second, secondRejected] = await attempt(refreshed);
    if (!secondRejected) {
      discard(first);
      return settle(second);
    }
    discard(second);
  }

  const previous = await provider.getPrevious(refreshed);
  if (previous !== undefined && !tried.has(previous.apiKey)) {
    provider.reportPreviousKeyFallback({ versionId: previous.versionId });
    const [third, thirdRejected] = await attempt(previous);
    if (!thirdRejected) {
      discard(first);
      return settle(third);
    }
    discard(third);
  }

  if (first.kind === "threw") throw first.error;
  throw new ApiKeyRejectedError(
    rejectionMessage(provider, refreshed, previous, rejected),
    provider.secretId,
    rejected,
    { cause: first.value },
  );
}

function rejectionMessage(
  provider: ApiKeyProvider,
  current: ApiKeyVersion,
  previous: ApiKeyVersion | undefined,
  rejected: readonly RejectedAttempt[],
): string {
  const tried = rejected
    .map((a) => `${a.stage} version ${a.versionId} (${a.status ?? "auth failure"})`)
    .join(", then ");
  let why: string;
  if (rejected.some((a) => a.stage === "AWSPREVIOUS")) {
    why = "The previous key was rejected too (revoked or expired): no further attempts.";
  } else if (!provider.isInOverlapWindow(current)) {
    const endsAt = provider.overlapEndsAt(current) ?? 0;
    why = `AWSPREVIOUS was not tried: the overlap window ended at ${new Date(endsAt).toISOString()}.`;
  } else if (previous === undefined) {
    why = "AWSPREVIOUS was not tried: the secret has no previous version.";
  } else {
    why = "AWSPREVIOUS was not tried: it holds a key already rejected.";
  }
  return (
    `The vendor rejected the API key of secret ${provider.secretName}: ${tried}. ${why} ` +
    "Check the key at the vendor and the secret's last rotation."
  );
}
