import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** Retries the SDK made on a client (throttling backoffs, mostly), summed over every call since {@link countRetries}. */
export interface RetryCount {
  readonly retries: number;
  /** Calls that still failed after their last attempt. */
  readonly exhausted: number;
  stop(): void;
}

const NAME = "rotatedApiKeyRetryCounter";

/**
 * Counts the attempts each call took, from `$metadata.attempts` as the SDK's
 * retry middleware reports it on every answer and error. Added at the
 * `initialize` step, outside the retry loop, so one call is seen once.
 */
export function countRetries(clients: readonly SecretsManagerClient[]): RetryCount {
  const count = { retries: 0, exhausted: 0 };
  for (const client of new Set(clients)) {
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          const result = await next(args);
          count.retries += attemptsOf(result.output) - 1;
          return result;
        } catch (error) {
          count.retries += attemptsOf(error) - 1;
          count.exhausted += 1;
          throw error;
        }
      },
      { step: "initialize", name: NAME, override: true },
    );
  }
  return {
    get retries() {
      return count.retries;
    },
    get exhausted() {
      return count.exhausted;
    },
    stop: () => {
      for (const client of new Set(clients)) client.middlewareStack.remove(NAME);
    },
  };
}

function attemptsOf(value: unknown): number {
  const attempts = (value as { $metadata?: { attempts?: number } } | undefined)?.$metadata
    ?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}
