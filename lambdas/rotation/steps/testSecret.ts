import { backOff } from "exponential-backoff";
import { RotationMetrics } from "../../shared/metricNames";
import { KeyVerificationError, SecretStateError, VendorError } from "../errors";
import { recordSecretCount } from "../observability";
import { parseStoredKey } from "../secretValue";
import { Stage } from "../secretsStore";
import type { StepContext } from "./stepContext";

/** Time kept back from the Lambda's remaining time so the step can still report its failure. */
export const TEST_SAFETY_MARGIN_MS = 5_000;

class NotYet extends Error {
  public constructor(public readonly detail: string) {
    super(detail);
  }
}

/**
 * testSecret: prove the pending key works with a cheap authenticated vendor
 * call. New keys can take a while to propagate, so 401/403 and transient
 * errors are retried with backoff until the Lambda's time (less a margin) runs
 * out. `AWSCURRENT` is never touched here.
 */
export async function testSecret(ctx: StepContext): Promise<void> {
  const { store, secretId, token, adapter, logger } = ctx;
  const raw = await store.read(secretId, { stage: Stage.Pending, versionId: token });
  const pending = parseStoredKey(raw?.secretString);
  if (pending === undefined) {
    throw new SecretStateError(
      raw?.secretString === undefined
        ? `testSecret found no value in pending version ${token}; createSecret must run first.`
        : `testSecret found a pending value that is not a key this engine stored (expected JSON with apiKey, keyId, ...).`,
      { secretId, token, step: "testSecret" },
    );
  }

  let attempts = 0;
  let lastDetail = "";
  try {
    await backOff(
      async () => {
        attempts += 1;
        const result = await adapter.verifyKey(pending.apiKey);
        if (result.outcome === "rejected") throw new NotYet(`HTTP ${result.status}`);
      },
      {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: 250,
        timeMultiple: 2,
        maxDelay: 5_000,
        jitter: "none",
        retry: (error: unknown, next: number) => {
          lastDetail = error instanceof Error ? error.message : String(error);
          const retryable =
            error instanceof NotYet || (error instanceof VendorError && error.retryable);
          const nextDelay = Math.min(5_000, 250 * 2 ** (next - 1));
          return retryable && ctx.remainingMs() - nextDelay > TEST_SAFETY_MARGIN_MS;
        },
      },
    );
  } catch (error) {
    recordSecretCount(ctx.description.name, RotationMetrics.TestAttempts, attempts);
    throw new KeyVerificationError(
      `testSecret: the pending ${adapter.vendor} key ${pending.keyId} did not work after ${attempts} attempt(s) (last: ${lastDetail}); AWSCURRENT is unchanged.`,
      { secretId, token, step: "testSecret", vendor: adapter.vendor, keyId: pending.keyId },
      attempts,
      { cause: error },
    );
  }
  recordSecretCount(ctx.description.name, RotationMetrics.TestAttempts, attempts);
  logger.info("testSecret: pending key works at the vendor", { keyId: pending.keyId, attempts });
}
