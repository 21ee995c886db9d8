import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { replicaSecretArn } from "../lambdas/contract/replicaArn";
import { ConsumerMetrics, type ConsumerMetricName } from "../lambdas/contract/metricNames";
import {
  defaultMetricsSink,
  type ConsumerMetricsSink,
  type MetricProperties,
} from "./consumerMetrics";
import type { KeyRejectedPredicate } from "./authFailure";
import { ApiKeyRefreshBackoffError, ApiKeyUnavailableError, type KeyStage } from "./errors";
import { secretNameFromId, toKeyVersion, type ApiKeyVersion } from "./keyVersion";
import { checkProviderOptions } from "./providerOptions";

/** Options of {@link ApiKeyProvider}. */
export interface ApiKeyProviderOptions {
  /** Name or ARN of the rotated secret. */
  readonly secretId: string;
  /** The client to read with. Not destroyed by {@link ApiKeyProvider.close}. @default a client the provider creates (and destroys on close) */
  readonly client?: SecretsManagerClient;
  /** Endpoint of the client the provider creates (only without `client`). @default the SDK's resolution (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, then the regional endpoint) */
  readonly endpoint?: string;
  /**
   * Region of the client the provider creates (only without `client`): a
   * replica's region reads the local replica. A `secretId` that is the
   * primary's ARN is read as the replica's ARN there (the same ARN with the
   * region swapped, as Secrets Manager names replicas); a name needs no change.
   * @default the SDK's resolution (`AWS_REGION`, ...)
   */
  readonly region?: string;
  /** How long a read of `AWSCURRENT` is served from memory, 1 to 86,400,000 ms. @default 300000 (5 minutes) */
  readonly ttlMs?: number;
  /** Each entry's TTL, and each backoff delay, is shortened by a random fraction up to this, 0 to 0.5, so a fleet does not refresh in step. @default 0.1 */
  readonly jitter?: number;
  /** A background refresh starts this long before expiry (at most half the TTL), if the entry was read since it was fetched. @default 30000 */
  readonly refreshAheadMs?: number;
  /**
   * How long the previous key may still be used, 0 to 8760 hours. Match the
   * component's `overlapHours`. The engine measures it from the promotion of
   * `AWSCURRENT`, which a consumer with only `GetSecretValue` cannot see; the
   * provider measures it from the later of `AWSCURRENT`'s `createdAt` and the
   * time it first read that version as `AWSCURRENT`, which is never earlier
   * than the promotion. So it never refuses a previous key inside the engine's
   * window; it may offer one a little after it, and the vendor decides.
   * @default 24
   */
  readonly overlapHours?: number;
  /**
   * Stale-if-error: when a read of `AWSCURRENT` fails (or is skipped while
   * backing off) after the cached key's TTL, that key is still served for up
   * to this long past the TTL, 0 to 86,400,000 ms, and never past the key's
   * stored `expiresAt`. Each failed read that served it counts one
   * `ConsumerStaleKeyServed`. 0 turns it off (every read after the TTL needs
   * Secrets Manager).
   * @default 3600000 (1 hour)
   */
  readonly maxStaleMs?: number;
  /**
   * After a failed read of `AWSCURRENT`, the next is not made before this
   * delay, doubled after each further failure up to `maxRefreshBackoffMs`
   * and shortened by up to `jitter` at random; 1 to 3,600,000 ms. Meanwhile
   * reads serve the stale key (see `maxStaleMs`) or throw
   * {@link ApiKeyRefreshBackoffError}. A successful read resets it.
   * @default 1000 (1 second)
   */
  readonly refreshBackoffMs?: number;
  /** The cap of the doubling backoff delay, 1 to 3,600,000 ms, at least `refreshBackoffMs`. @default 60000 (1 minute) */
  readonly maxRefreshBackoffMs?: number;
  /**
   * After the vendor rejects a key, `AWSCURRENT` is re-read at once, but at
   * most once per this interval for the same version id; 0 to 3,600,000 ms.
   * Further rejections of that version within it reuse the cached read. 0
   * re-reads after every rejection.
   * @default 10000 (10 seconds)
   */
  readonly authRefreshIntervalMs?: number;
  /**
   * Which outcomes of a request mean "the vendor rejected this key": only
   * those are counted as `ConsumerAuthFailures` and cause a refresh and a
   * fallback to `AWSPREVIOUS` in `withApiKey` (which may override it per
   * call). Pass `keyRejectedByStatus([401, 403])` (or `isAuthFailure`) for a
   * vendor that answers a bad key with 403, such as Datadog.
   * @default `isKeyRejected`: status 401 only (a 403 for a missing permission is not a key problem)
   */
  readonly isKeyRejected?: KeyRejectedPredicate<unknown>;
  /** Where auth failures, fallbacks and refreshes are counted. @default {@link defaultMetricsSink}() */
  readonly metrics?: ConsumerMetricsSink;
  /** Told about a failed background refresh (the cached key keeps being served until its TTL ends, then stale: see `maxStaleMs`). @default ignore */
  readonly onBackgroundError?: (error: Error) => void;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Why `AWSCURRENT` was read; recorded as the `trigger` property of `ConsumerKeyRefreshes`. */
export type RefreshReason = "cold" | "expired" | "background" | "auth-failure" | "manual";

interface CurrentEntry {
  readonly version: ApiKeyVersion;
  /** End of the (jittered) TTL: served from memory until then. */
  readonly expiresAt: number;
  /** Past `expiresAt`, served while reads fail until then (stale-if-error). */
  readonly staleUntil: number;
  /** Why it may not be served stale past `staleUntil`, for error messages. */
  readonly staleBound: string;
  /** Read since it was fetched: only entries in use are refreshed in the background. */
  read: boolean;
}

/** Consecutive failed reads of `AWSCURRENT` (cleared by a successful one). */
interface FailedReads {
  readonly count: number;
  /** No read is made before this time. */
  readonly retryAt: number;
  readonly error: ApiKeyUnavailableError;
  /** Whether a stale serve was counted since this failure (one event per failed read). */
  staleCounted: boolean;
}

/** How many versions' "current since" times are kept (the current one and a few before it). */
const CURRENT_SINCE_KEPT = 8;

interface PreviousEntry {
  readonly forVersionId: string;
  readonly version: ApiKeyVersion | undefined;
  readonly expiresAt: number;
}

/**
 * Serves the rotated secret's current `apiKey` from memory, reading
 * `AWSCURRENT` (by explicit `VersionStage`) at most once per TTL. Concurrent
 * callers on a miss share one `GetSecretValue`; an entry in use is refreshed
 * in the background before it expires. When reads fail, it backs off
 * (exponentially, capped) and keeps serving the last good key for a bounded
 * time (stale-if-error). Holds no state outside the instance;
 * {@link ApiKeyProvider.close} stops its timer.
 *
 * @example
 * ```ts
 * const keys = new ApiKeyProvider({ secretId: process.env.NYLAS_KEY_SECRET_ARN! });
 * const apiKey = await keys.getApiKey();
 * ```
 */
export class ApiKeyProvider {
  /** The secret id the provider was created with. */
  public readonly secretId: string;
  private readonly client: SecretsManagerClient;
  private readonly ownsClient: boolean;
  private readonly ttlMs: number;
  private readonly jitter: number;
  private readonly refreshAheadMs: number;
  private readonly overlapMs: number;
  private readonly maxStaleMs: number;
  private readonly refreshBackoffMs: number;
  private readonly maxRefreshBackoffMs: number;
  private readonly authRefreshIntervalMs: number;
  /** The provider's classification of "bad key", the default of `withApiKey`. */
  public readonly isKeyRejected: KeyRejectedPredicate<unknown>;
  private readonly sink: ConsumerMetricsSink;
  private readonly onBackgroundError: (error: Error) => void;
  private readonly now: () => number;
  private name: string;
  private current: CurrentEntry | undefined;
  private previous: PreviousEntry | undefined;
  private currentFlight: Promise<ApiKeyVersion> | undefined;
  private previousFlight: Promise<ApiKeyVersion | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failed: FailedReads | undefined;
  /** The last read made because a version was rejected: at most one per version per `authRefreshIntervalMs`. */
  private rejectedRead: { readonly versionId: string; readonly at: number } | undefined;
  /** Version id → when this provider first read it as `AWSCURRENT` (since it last became current). */
  private readonly currentSince = new Map<string, number>();

  public constructor(options: ApiKeyProviderOptions) {
    const checked = checkProviderOptions(options);
    this.secretId =
      options.region === undefined
        ? options.secretId
        : replicaSecretArn(options.secretId, options.region);
    this.ttlMs = checked.ttlMs;
    this.jitter = checked.jitter;
    this.refreshAheadMs = checked.refreshAheadMs;
    this.overlapMs = checked.overlapHours * 3_600_000;
    this.maxStaleMs = checked.maxStaleMs;
    this.refreshBackoffMs = checked.refreshBackoffMs;
    this.maxRefreshBackoffMs = checked.maxRefreshBackoffMs;
    this.authRefreshIntervalMs = checked.authRefreshIntervalMs;
    this.isKeyRejected = checked.isKeyRejected;
    this.sink = options.metrics ?? defaultMetricsSink();
    this.onBackgroundError = options.onBackgroundError ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.name = secretNameFromId(options.secretId);
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      new SecretsManagerClient({
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.region === undefined ? {} : { region: options.region }),
      });
  }

  /** The secret's name (the `SecretName` dimension): from the last read, else derived from the id. */
  public get secretName(): string {
    return this.name;
  }

  /**
   * The current key: from memory while fresh, else one shared `GetSecretValue`.
   * If that read fails or is skipped while backing off, the last good key
   * while it may be served stale (see `maxStaleMs`); else the read's
   * {@link ApiKeyUnavailableError}, or {@link ApiKeyRefreshBackoffError}.
   */
  public async getApiKey(): Promise<string> {
    const entry = this.current;
    if (entry !== undefined && !this.closed && this.now() < entry.expiresAt) {
      entry.read = true;
      return entry.version.apiKey;
    }
    return (await this.getCurrent()).apiKey;
  }

  /** The current version (key, version id, `createdAt`), cached, and served stale on errors, like {@link ApiKeyProvider.getApiKey}. */
  public async getCurrent(): Promise<ApiKeyVersion> {
    this.assertOpen("AWSCURRENT");
    const entry = this.current;
    if (entry !== undefined && this.now() < entry.expiresAt) {
      entry.read = true;
      return entry.version;
    }
    try {
      return await this.fetchCurrent(entry === undefined ? "cold" : "expired");
    } catch (error) {
      const stale = this.current;
      if (stale === undefined || this.closed || this.now() >= stale.staleUntil) throw error;
      this.countStaleServe(stale);
      return stale.version;
    }
  }

  /**
   * Reads `AWSCURRENT` now, joining a read already in flight. With `stale`
   * (the version a request just saw rejected), no read is made and the cached
   * version is returned when it comes from a later read than `stale`, or when
   * a read for a rejection of the same version id was made less than
   * `authRefreshIntervalMs` ago: a burst or a long run of 401s causes one
   * read per version and interval, not one each. Backs off like
   * {@link ApiKeyProvider.getCurrent} but never serves stale: a failed or
   * skipped read throws.
   */
  public async refresh(
    options: { readonly stale?: ApiKeyVersion; readonly reason?: RefreshReason } = {},
  ): Promise<ApiKeyVersion> {
    this.assertOpen("AWSCURRENT");
    const entry = this.current;
    const stale = options.stale;
    if (stale !== undefined && entry !== undefined) {
      if (entry.version !== stale) {
        entry.read = true; // a read later than the rejected version's
        return entry.version;
      }
      if (this.currentFlight !== undefined) return this.currentFlight;
      const last = this.rejectedRead;
      if (
        last?.versionId === stale.versionId &&
        this.now() - last.at < this.authRefreshIntervalMs
      ) {
        entry.read = true; // this version's rejection was re-read recently
        return entry.version;
      }
    }
    if (stale !== undefined && this.currentFlight === undefined && !this.backingOff()) {
      this.rejectedRead = { versionId: stale.versionId, at: this.now() };
    }
    return this.fetchCurrent(options.reason ?? "manual");
  }

  /**
   * The previous key while the overlap window of `current` lasts (see
   * {@link ApiKeyProvider.overlapEndsAt}), read by explicit
   * `VersionStage: AWSPREVIOUS` and cached for one TTL; `undefined` after the
   * window or when there is no previous version.
   */
  public async getPrevious(current?: ApiKeyVersion): Promise<ApiKeyVersion | undefined> {
    this.assertOpen("AWSPREVIOUS");
    const reference = current ?? (await this.getCurrent());
    if (!this.isInOverlapWindow(reference)) return undefined;
    const cached = this.previous;
    if (cached?.forVersionId === reference.versionId && this.now() < cached.expiresAt) {
      return cached.version;
    }
    if (this.previousFlight !== undefined) return this.previousFlight;
    const flight = this.read("AWSPREVIOUS")
      .then((version) => {
        this.previous = {
          forVersionId: reference.versionId,
          version,
          expiresAt: this.now() + this.ttlMs,
        };
        return version;
      })
      .finally(() => {
        this.previousFlight = undefined;
      });
    this.previousFlight = flight;
    return flight;
  }

  /**
   * End of the overlap window of `version` (the `AWSCURRENT` version that
   * replaced the previous key) in epoch ms: `overlapHours` after the later of
   * its `createdAt` and the time this provider first read it as
   * `AWSCURRENT`.
   *
   * The engine measures the window from the promotion, which happens after
   * `createdAt` (possibly hours after, when a rotation is retried) and before
   * any read can see the version as `AWSCURRENT`. A window measured from
   * `createdAt` alone could refuse a previous key that is still valid; this
   * one ends no earlier than the engine's, and at most one TTL later for a
   * provider that was running at the promotion (later for one started
   * afterwards: the previous key is then offered and the vendor decides).
   * `undefined` when this provider never read `version` as `AWSCURRENT`: the
   * previous key is then offered too.
   */
  public overlapEndsAt(version: ApiKeyVersion): number | undefined {
    const since = this.currentSince.get(version.versionId);
    if (since === undefined) return undefined;
    const created = version.createdAt === undefined ? Number.NaN : Date.parse(version.createdAt);
    return (Number.isNaN(created) ? since : Math.max(since, created)) + this.overlapMs;
  }

  /** Whether the previous key may still be offered alongside `version` (now is before {@link ApiKeyProvider.overlapEndsAt}). */
  public isInOverlapWindow(version: ApiKeyVersion): boolean {
    const endsAt = this.overlapEndsAt(version);
    return endsAt === undefined || this.now() < endsAt;
  }

  /** Counts one `ConsumerAuthFailures` (for requests not made through `withApiKey`). */
  public reportAuthFailure(properties: MetricProperties = {}): void {
    this.record(ConsumerMetrics.AuthFailures, properties);
  }

  /** Counts one `ConsumerPreviousKeyFallbacks` (for fallbacks not made through `withApiKey`). */
  public reportPreviousKeyFallback(properties: MetricProperties = {}): void {
    this.record(ConsumerMetrics.PreviousKeyFallbacks, properties);
  }

  /** Stops the background timer, forgets the keys and destroys a client the provider created. Later reads reject. */
  public close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.current = undefined;
    this.previous = undefined;
    this.failed = undefined;
    this.rejectedRead = undefined;
    this.currentSince.clear();
    if (this.ownsClient) this.client.destroy();
  }

  /** Whether reads of `AWSCURRENT` are paused after failures. */
  private backingOff(): boolean {
    return this.failed !== undefined && this.now() < this.failed.retryAt;
  }

  /**
   * Reads `AWSCURRENT`, joining a read in flight; while backing off, rejects
   * with {@link ApiKeyRefreshBackoffError} without reading. A failed read
   * extends the backoff; a successful one ends it.
   */
  private fetchCurrent(reason: RefreshReason): Promise<ApiKeyVersion> {
    if (this.currentFlight !== undefined) return this.currentFlight;
    const failed = this.failed;
    if (failed !== undefined && this.now() < failed.retryAt) {
      return Promise.reject(this.backoffError(failed));
    }
    const flight = this.read("AWSCURRENT")
      .then(
        (version) => {
          this.failed = undefined;
          this.store(version, reason !== "background");
          this.record(ConsumerMetrics.KeyRefreshes, { trigger: reason });
          return version;
        },
        (error: unknown) => {
          this.recordFailure(error);
          throw error;
        },
      )
      .finally(() => {
        this.currentFlight = undefined;
      });
    this.currentFlight = flight;
    return flight;
  }

  private recordFailure(error: unknown): void {
    if (this.closed) return;
    const count = (this.failed?.count ?? 0) + 1;
    const doubled = this.refreshBackoffMs * 2 ** Math.min(count - 1, 30);
    const delay = Math.min(this.maxRefreshBackoffMs, doubled) * (1 - this.jitter * Math.random());
    this.failed = {
      count,
      retryAt: this.now() + Math.max(1, Math.round(delay)),
      error:
        error instanceof ApiKeyUnavailableError
          ? error
          : new ApiKeyUnavailableError(
              `Could not read AWSCURRENT of secret ${this.name}: ${String(error)}`,
              this.secretId,
              "AWSCURRENT",
              { cause: error },
            ),
      staleCounted: false,
    };
  }

  private backoffError(failed: FailedReads): ApiKeyRefreshBackoffError {
    const reads = failed.count === 1 ? "the last read" : `the last ${failed.count} reads`;
    const entry = this.current;
    let why = "";
    if (entry === undefined) {
      why = " No key was read yet.";
    } else if (this.now() >= entry.staleUntil) {
      why =
        ` The cached key of version ${entry.version.versionId} could be served only until ` +
        `${new Date(entry.staleUntil).toISOString()} (${entry.staleBound}).`;
    }
    return new ApiKeyRefreshBackoffError(
      `AWSCURRENT of secret ${this.name} is not read again before ${new Date(failed.retryAt).toISOString()}: ` +
        `${reads} failed.${why} Last failure: ${failed.error.message}`,
      this.secretId,
      failed.count,
      new Date(failed.retryAt),
      { cause: failed.error },
    );
  }

  /** Counts one `ConsumerStaleKeyServed` for the last failed read, the first time its failure serves stale. */
  private countStaleServe(entry: CurrentEntry): void {
    const failed = this.failed;
    if (failed === undefined || failed.staleCounted) return;
    failed.staleCounted = true;
    this.record(ConsumerMetrics.StaleKeyServed, {
      versionId: entry.version.versionId,
      staleMs: String(Math.max(0, this.now() - entry.expiresAt)),
      failedReads: String(failed.count),
    });
  }

  private store(version: ApiKeyVersion, read: boolean): void {
    if (this.closed) return;
    const ttl = Math.max(1, Math.round(this.ttlMs * (1 - this.jitter * Math.random())));
    const now = this.now();
    if (this.current?.version.versionId !== version.versionId) {
      this.currentSince.delete(version.versionId);
      this.currentSince.set(version.versionId, now);
      for (const old of this.currentSince.keys()) {
        if (this.currentSince.size <= CURRENT_SINCE_KEPT) break;
        this.currentSince.delete(old);
      }
    }
    const keyExpiry = version.expiresAt === undefined ? Number.NaN : Date.parse(version.expiresAt);
    const maxStale = now + ttl + this.maxStaleMs;
    const expiryFirst = !Number.isNaN(keyExpiry) && keyExpiry < maxStale;
    this.current = {
      version,
      expiresAt: now + ttl,
      staleUntil: expiryFirst ? keyExpiry : maxStale,
      staleBound: expiryFirst
        ? "the key's expiresAt"
        : `maxStaleMs ${this.maxStaleMs} past its TTL`,
      read,
    };
    if (this.timer !== undefined) clearTimeout(this.timer);
    const delay = Math.max(0, ttl - Math.min(this.refreshAheadMs, ttl / 2));
    this.timer = setTimeout(() => this.refreshInBackground(), delay);
    this.timer.unref();
  }

  private refreshInBackground(): void {
    this.timer = undefined;
    if (this.closed || this.current?.read !== true) return;
    this.fetchCurrent("background").catch((error: unknown) => {
      this.onBackgroundError(error instanceof Error ? error : new Error(String(error)));
    });
  }

  private read(stage: "AWSCURRENT"): Promise<ApiKeyVersion>;
  private read(stage: "AWSPREVIOUS"): Promise<ApiKeyVersion | undefined>;
  private async read(stage: KeyStage): Promise<ApiKeyVersion | undefined> {
    let out;
    try {
      out = await this.client.send(
        new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage }),
      );
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (stage === "AWSPREVIOUS" && name === "ResourceNotFoundException") return undefined;
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new ApiKeyUnavailableError(
        `Could not read ${stage} of secret ${this.name}: ${detail}`,
        this.secretId,
        stage,
        { cause: error },
      );
    }
    if (out.Name !== undefined) this.name = out.Name;
    return toKeyVersion(out, this.secretId, stage);
  }

  private record(metric: ConsumerMetricName, properties: MetricProperties): void {
    try {
      this.sink.count(metric, this.name, properties);
    } catch {
      // A broken metrics sink must never fail the request that reported.
    }
  }

  private assertOpen(stage: KeyStage): void {
    if (this.closed) {
      throw new ApiKeyUnavailableError(
        `The key provider of secret ${this.name} is closed: create a new ApiKeyProvider.`,
        this.secretId,
        stage,
      );
    }
  }
}
