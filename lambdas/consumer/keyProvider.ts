import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConsumerMetrics, type ConsumerMetricName } from "../shared/metricNames";
import {
  defaultMetricsSink,
  type ConsumerMetricsSink,
  type MetricProperties,
} from "./consumerMetrics";
import { ApiKeyUnavailableError, type KeyStage } from "./errors";
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
  /** Region of the client the provider creates (only without `client`). @default the SDK's resolution (`AWS_REGION`, ...) */
  readonly region?: string;
  /** How long a read of `AWSCURRENT` is served from memory, 1 to 86,400,000 ms. @default 300000 (5 minutes) */
  readonly ttlMs?: number;
  /** Each entry's TTL is shortened by a random fraction up to this, 0 to 0.5, so a fleet does not refresh in step. @default 0.1 */
  readonly jitter?: number;
  /** A background refresh starts this long before expiry (at most half the TTL), if the entry was read since it was fetched. @default 30000 */
  readonly refreshAheadMs?: number;
  /** How long after `AWSCURRENT`'s `createdAt` the previous key may still be used, 0 to 8760. Match the component's `overlapHours`. @default 24 */
  readonly overlapHours?: number;
  /** Where auth failures, fallbacks and refreshes are counted. @default {@link defaultMetricsSink}() */
  readonly metrics?: ConsumerMetricsSink;
  /** Told about a failed background refresh (the cached key keeps being served until it expires). @default ignore */
  readonly onBackgroundError?: (error: Error) => void;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Why `AWSCURRENT` was read; recorded as the `trigger` property of `ConsumerKeyRefreshes`. */
export type RefreshReason = "cold" | "expired" | "background" | "auth-failure" | "manual";

interface CurrentEntry {
  readonly version: ApiKeyVersion;
  readonly expiresAt: number;
  /** Read since it was fetched: only entries in use are refreshed in the background. */
  read: boolean;
}

interface PreviousEntry {
  readonly forVersionId: string;
  readonly version: ApiKeyVersion | undefined;
  readonly expiresAt: number;
}

/**
 * Serves the rotated secret's current `apiKey` from memory, reading
 * `AWSCURRENT` (by explicit `VersionStage`) at most once per TTL. Concurrent
 * callers on a miss share one `GetSecretValue`; an entry in use is refreshed
 * in the background before it expires. Holds no state outside the instance;
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

  public constructor(options: ApiKeyProviderOptions) {
    const checked = checkProviderOptions(options);
    this.secretId = options.secretId;
    this.ttlMs = checked.ttlMs;
    this.jitter = checked.jitter;
    this.refreshAheadMs = checked.refreshAheadMs;
    this.overlapMs = checked.overlapHours * 3_600_000;
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

  /** The current key: from memory while fresh, else one shared `GetSecretValue`. */
  public async getApiKey(): Promise<string> {
    const entry = this.current;
    if (entry !== undefined && !this.closed && this.now() < entry.expiresAt) {
      entry.read = true;
      return entry.version.apiKey;
    }
    return (await this.getCurrent()).apiKey;
  }

  /** The current version (key, version id, `createdAt`), cached like {@link ApiKeyProvider.getApiKey}. */
  public async getCurrent(): Promise<ApiKeyVersion> {
    this.assertOpen("AWSCURRENT");
    const entry = this.current;
    if (entry !== undefined && this.now() < entry.expiresAt) {
      entry.read = true;
      return entry.version;
    }
    return this.fetchCurrent(entry === undefined ? "cold" : "expired");
  }

  /**
   * Reads `AWSCURRENT` now, joining a read already in flight. With `stale`
   * (the version a request just saw rejected), a cached version from a later
   * read is returned instead, so a burst of 401s causes one read, not one each.
   */
  public async refresh(
    options: { readonly stale?: ApiKeyVersion; readonly reason?: RefreshReason } = {},
  ): Promise<ApiKeyVersion> {
    this.assertOpen("AWSCURRENT");
    const entry = this.current;
    if (options.stale !== undefined && entry !== undefined && entry.version !== options.stale) {
      entry.read = true;
      return entry.version;
    }
    return this.fetchCurrent(options.reason ?? "manual");
  }

  /**
   * The previous key while the overlap window of `current` lasts (measured from
   * its `createdAt`), read by explicit `VersionStage: AWSPREVIOUS` and cached
   * for one TTL; `undefined` after the window or when there is no previous version.
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
   * End of the overlap window of `version` in epoch ms: its `createdAt` plus
   * `overlapHours`; `undefined` when the creation time is unknown (the
   * previous key is then offered, and the vendor decides).
   */
  public overlapEndsAt(version: ApiKeyVersion): number | undefined {
    const created = version.createdAt === undefined ? Number.NaN : Date.parse(version.createdAt);
    return Number.isNaN(created) ? undefined : created + this.overlapMs;
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
    if (this.ownsClient) this.client.destroy();
  }

  private fetchCurrent(reason: RefreshReason): Promise<ApiKeyVersion> {
    if (this.currentFlight !== undefined) return this.currentFlight;
    const flight = this.read("AWSCURRENT")
      .then((version) => {
        this.store(version, reason !== "background");
        this.record(ConsumerMetrics.KeyRefreshes, { trigger: reason });
        return version;
      })
      .finally(() => {
        this.currentFlight = undefined;
      });
    this.currentFlight = flight;
    return flight;
  }

  private store(version: ApiKeyVersion, read: boolean): void {
    if (this.closed) return;
    const ttl = Math.max(1, Math.round(this.ttlMs * (1 - this.jitter * Math.random())));
    const now = this.now();
    this.current = { version, expiresAt: now + ttl, read };
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
