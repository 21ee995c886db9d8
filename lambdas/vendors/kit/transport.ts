import { RotationError } from "../../contract/errors";
import { VendorDeadlineError, VendorError, VendorResponseError } from "./errors";
import { MIN_ATTEMPT_MS, deadlineAllows, msUntilDeadline } from "../../contract/deadline";
import { maskError } from "../../contract/secretMask";
import { headerValueProblem } from "./headerSafety";
import { readLimited } from "./readLimited";
import { rememberRequestCredentials, scrubRequestText } from "./requestSecrets";

/** One HTTP request to a vendor, rebuilt per attempt (signatures and nonces are single-use). */
export interface VendorRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface VendorResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface VendorHttpOptions {
  readonly vendor: string;
  /** Per-attempt timeout (shortened to the time left before the Lambda's deadline). @default 10000 */
  readonly timeoutMs?: number;
  /** Attempts for a retryable request, including the first. @default 4 */
  readonly maxAttempts?: number;
  /** Responses larger than this are refused. @default 1 MiB */
  readonly maxResponseBytes?: number;
  /** First backoff delay. @default 200 */
  readonly baseDelayMs?: number;
  /** Longest wait honoured from a `Retry-After` header. @default 20000 */
  readonly maxRetryAfterMs?: number;
  /** No attempt is started with less time than this left before the deadline. @default MIN_ATTEMPT_MS (250) */
  readonly minAttemptMs?: number;
}

/**
 * Whether a request may be sent again after a failure whose outcome is unknown:
 * `idempotent` requests (GET, DELETE) retry on 429, 5xx and network errors;
 * `unsafe` ones (a create) only on 429, which the vendor answers before acting.
 */
export type RetryPolicy = "idempotent" | "unsafe";

/** Plain-http URLs allowed only on loopback (simulators in tests and the drill). */
export const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

const MAX_BACKOFF_MS = 5_000;

/** Where a call stands between attempts: how many were made, and how the last one failed. */
interface Progress {
  attempts: number;
  last?: string;
}

/**
 * The HTTP layer every adapter shares: TLS only (plain http only on loopback,
 * for simulators), a timeout per attempt, bounded retries with exponential
 * backoff and jitter that honour `Retry-After`, and a response-size limit.
 * Inside `runWithDeadline` (lambdas/contract/deadline.ts) every attempt's
 * timeout is cut to the time left, no retry wait is started that would end
 * past the deadline, and the call ends with a `VendorDeadlineError` instead.
 * Header values are checked before sending (a credential with a line break
 * is refused, naming the header). Errors carry the operation, status and URL
 * host — never headers or bodies sent, which can hold credentials; the
 * credentials sent are remembered by the secret mask.
 */
export class VendorHttp {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxResponseBytes: number;
  private readonly baseDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly minAttemptMs: number;

  public constructor(private readonly options: VendorHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
    this.minAttemptMs = options.minAttemptMs ?? MIN_ATTEMPT_MS;
  }

  /**
   * Sends the request built by `build` (called once per attempt) and returns the
   * final response, whatever its status; throws `VendorError` only when no
   * response could be had (network, timeout, too large, refused header),
   * and `VendorDeadlineError` when the Lambda's deadline ends the call.
   */
  public async send(
    operation: string,
    policy: RetryPolicy,
    build: () => VendorRequest,
  ): Promise<VendorResponse> {
    const progress: Progress = { attempts: 0 };
    for (;;) {
      const left = msUntilDeadline();
      if (left !== undefined && left < this.minAttemptMs) throw this.stopped(operation, progress);
      const request = this.build(operation, build);
      progress.attempts += 1;
      let response: VendorResponse;
      try {
        response = await this.once(operation, request, progress, left);
      } catch (error) {
        const retry =
          policy === "idempotent" &&
          error instanceof VendorError &&
          error.retryable &&
          !(error instanceof VendorDeadlineError) &&
          progress.attempts < this.maxAttempts;
        if (!retry) throw error;
        progress.last = "no response";
        await this.wait(operation, progress, this.backoff(progress.attempts));
        continue;
      }
      const retryable =
        response.status === 429 || (policy === "idempotent" && response.status >= 500);
      if (!retryable || progress.attempts >= this.maxAttempts) return response;
      progress.last = `HTTP ${response.status}`;
      const retryAfter = parseRetryAfter(response.headers);
      await this.wait(
        operation,
        progress,
        retryAfter === undefined
          ? this.backoff(progress.attempts)
          : Math.min(retryAfter, this.maxRetryAfterMs),
      );
    }
  }

  /** Full-jitter exponential backoff before attempt `attempts + 1`. */
  private backoff(attempts: number): number {
    const ceiling = Math.min(MAX_BACKOFF_MS, this.baseDelayMs * 2 ** (attempts - 1));
    return Math.round(Math.random() * ceiling);
  }

  /** Waits `ms` before the next attempt, unless that would leave no time for it. */
  private async wait(operation: string, progress: Progress, ms: number): Promise<void> {
    if (!deadlineAllows(ms, this.minAttemptMs)) throw this.stopped(operation, progress);
    if (ms > 0) await sleep(ms);
  }

  private stopped(operation: string, progress: Progress): VendorDeadlineError {
    const { vendor } = this.options;
    const { attempts, last } = progress;
    const what = attempts === 0 ? "an attempt" : "another attempt";
    const detail = `${attempts} attempt${attempts === 1 ? "" : "s"}${last === undefined ? "" : `, last: ${last}`}`;
    return new VendorDeadlineError(
      `${vendor} ${operation} stopped: the Lambda's deadline leaves no time for ${what} (${detail})`,
      { vendor, operation },
      { attempts, outcomeUnknown: false },
    );
  }

  /**
   * Builds one attempt's request and refuses, before anything is sent, a
   * URL without TLS or a header value fetch would reject.
   */
  private build(operation: string, build: () => VendorRequest): VendorRequest {
    const context = { vendor: this.options.vendor, operation };
    let request: VendorRequest;
    try {
      request = build();
    } catch (error) {
      if (error instanceof RotationError) throw error;
      throw new VendorError(
        `${this.options.vendor} ${operation} could not build its request (${describe(error, undefined)}); nothing was sent`,
        context,
        false,
        { cause: maskError(error) },
      );
    }
    if (!request.url.startsWith("https://") && !LOOPBACK_HTTP.test(request.url)) {
      const url = new URL(request.url);
      throw new VendorError(
        `${this.options.vendor} ${operation} refused: vendor URLs must use https (got ${url.protocol}//${url.host})`,
        context,
        false,
      );
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const problem = headerValueProblem(value);
      if (problem !== undefined) {
        throw new VendorError(
          `${this.options.vendor} ${operation} refused before sending: the ${name.toLowerCase()} header value contains ${problem}; check the credential or key it carries (value not shown)`,
          context,
          false,
        );
      }
    }
    rememberRequestCredentials(request);
    return request;
  }

  private async once(
    operation: string,
    request: VendorRequest,
    progress: Progress,
    left: number | undefined,
  ): Promise<VendorResponse> {
    const context = { vendor: this.options.vendor, operation };
    const deadlineBound = left !== undefined && left < this.timeoutMs;
    const signal = AbortSignal.timeout(deadlineBound ? Math.max(1, left) : this.timeoutMs);
    const cutOff = (error: unknown): VendorDeadlineError => {
      const { attempts } = progress;
      return new VendorDeadlineError(
        `${this.options.vendor} ${operation} got no response before the Lambda's deadline (${attempts} attempt${attempts === 1 ? "" : "s"}); the vendor may or may not have acted`,
        context,
        { attempts, outcomeUnknown: true },
        { cause: maskError(error) },
      );
    };
    let res: Response;
    try {
      res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: "error",
        signal,
      });
    } catch (error) {
      if (deadlineBound && signal.aborted) throw cutOff(error);
      throw new VendorError(
        `${this.options.vendor} ${operation} got no response (${describe(error, request)}); the vendor may or may not have acted`,
        context,
        true,
        { cause: maskError(error) },
      );
    }
    const text = await readLimited(res, this.maxResponseBytes).catch((error: unknown) => {
      if (deadlineBound && signal.aborted) throw cutOff(error);
      throw new VendorResponseError(
        `${this.options.vendor} ${operation} response unreadable: ${describe(error, request)}`,
        { ...context, status: res.status },
        { cause: maskError(error) },
      );
    });
    return { status: res.status, headers: res.headers, text };
  }
}

/** `Retry-After` as seconds or an HTTP date, else the common `X-RateLimit-Reset` seconds. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value !== null) {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get("x-ratelimit-reset") ?? Number.NaN);
  return Number.isFinite(reset) && reset < 3600 ? reset * 1000 : undefined;
}

/** An error's name, message and system code, without any header value of `request` or remembered secret. */
function describe(error: unknown, request: VendorRequest | undefined): string {
  // Duck-typed: errors from fetch may come from another realm (instanceof fails there).
  if (typeof error !== "object" || error === null || !("message" in error))
    return scrubRequestText(String(error), request);
  const { name, message, cause } = error as { name?: unknown; message: unknown; cause?: unknown };
  const text = `${String(name ?? "Error")}: ${String(message)}`;
  const code = errorCode(cause);
  return scrubRequestText(code ? `${text} (${code})` : text, request);
}

/** The system error code (ECONNREFUSED, ETIMEDOUT…) behind a fetch failure, however it is wrapped. */
function errorCode(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  const { code, errors } = cause as { code?: unknown; errors?: unknown };
  if (typeof code === "string") return code;
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
