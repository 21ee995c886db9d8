import { backOff } from "exponential-backoff";
import { VendorError, VendorResponseError } from "../rotation/errors";

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
  /** Per-attempt timeout. @default 10000 */
  readonly timeoutMs?: number;
  /** Attempts for a retryable request, including the first. @default 4 */
  readonly maxAttempts?: number;
  /** Responses larger than this are refused. @default 1 MiB */
  readonly maxResponseBytes?: number;
  /** First backoff delay. @default 200 */
  readonly baseDelayMs?: number;
  /** Longest wait honoured from a `Retry-After` header. @default 20000 */
  readonly maxRetryAfterMs?: number;
}

/**
 * Whether a request may be sent again after a failure whose outcome is unknown:
 * `idempotent` requests (GET, DELETE) retry on 429, 5xx and network errors;
 * `unsafe` ones (a create) only on 429, which the vendor answers before acting.
 */
export type RetryPolicy = "idempotent" | "unsafe";

class RetryableStatus extends Error {
  public constructor(
    public readonly response: VendorResponse,
    public readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${response.status}`);
  }
}

/** Plain-http URLs allowed only on loopback (simulators in tests and the drill). */
export const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

/**
 * The HTTP layer every adapter shares: TLS only (plain http only on loopback,
 * for simulators), a timeout per attempt, bounded retries with exponential
 * backoff and jitter that honour `Retry-After`, and a response-size limit.
 * Errors carry the operation, status and URL path — never headers or bodies
 * sent, which can hold credentials.
 */
export class VendorHttp {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxResponseBytes: number;
  private readonly baseDelayMs: number;
  private readonly maxRetryAfterMs: number;

  public constructor(private readonly options: VendorHttpOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
  }

  /**
   * Sends the request built by `build` (called once per attempt) and returns the
   * final response, whatever its status; throws `VendorError` only when no
   * response could be had (network, timeout, too large) or retries ran out.
   */
  public async send(
    operation: string,
    policy: RetryPolicy,
    build: () => VendorRequest,
  ): Promise<VendorResponse> {
    const context = { vendor: this.options.vendor, operation };
    try {
      return await backOff(
        async () => {
          const response = await this.once(operation, build());
          if (response.status === 429 || (policy === "idempotent" && response.status >= 500)) {
            throw new RetryableStatus(response, parseRetryAfter(response.headers));
          }
          return response;
        },
        {
          numOfAttempts: this.maxAttempts,
          startingDelay: this.baseDelayMs,
          maxDelay: 5_000,
          jitter: "full",
          retry: async (error: unknown) => {
            if (error instanceof RetryableStatus) {
              if (error.retryAfterMs !== undefined) {
                await sleep(Math.min(error.retryAfterMs, this.maxRetryAfterMs));
              }
              return true;
            }
            return policy === "idempotent" && error instanceof VendorError && error.retryable;
          },
        },
      );
    } catch (error) {
      if (error instanceof RetryableStatus) return error.response;
      if (error instanceof VendorError) throw error;
      throw new VendorError(
        `${this.options.vendor} ${operation} failed: ${describe(error)}`,
        context,
        true,
        {
          cause: error,
        },
      );
    }
  }

  private async once(operation: string, request: VendorRequest): Promise<VendorResponse> {
    const context = { vendor: this.options.vendor, operation };
    if (!request.url.startsWith("https://") && !LOOPBACK_HTTP.test(request.url)) {
      throw new VendorError(
        `${this.options.vendor} ${operation} refused: vendor URLs must use https (got ${new URL(request.url).protocol}//${new URL(request.url).host})`,
        context,
        false,
      );
    }
    let res: Response;
    try {
      res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: "error",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new VendorError(
        `${this.options.vendor} ${operation} got no response (${describe(error)}); the vendor may or may not have acted`,
        context,
        true,
        { cause: error },
      );
    }
    const text = await readLimited(res, this.maxResponseBytes).catch((error: unknown) => {
      throw new VendorResponseError(
        `${this.options.vendor} ${operation} response unreadable: ${describe(error)}`,
        { ...context, status: res.status },
        { cause: error },
      );
    });
    return { status: res.status, headers: res.headers, text };
  }
}

async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > limit)
    throw new Error(`body of ${declared} bytes exceeds the ${limit}-byte limit`);
  if (res.body === null) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`body exceeds the ${limit}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
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

function describe(error: unknown): string {
  // Duck-typed: errors from fetch may come from another realm (instanceof fails there).
  if (typeof error !== "object" || error === null || !("message" in error)) return String(error);
  const { name, message, cause } = error as { name?: unknown; message: unknown; cause?: unknown };
  const text = `${String(name ?? "Error")}: ${String(message)}`;
  const code = errorCode(cause);
  return code ? `${text} (${code})` : text;
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
