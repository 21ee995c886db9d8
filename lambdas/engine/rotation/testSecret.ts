import { backOff } from "exponential-backoff";
import { DEADLINE_MARGIN_MS, msUntilDeadline } from "../../contract/deadline";
import { RotationMetrics } from "../../contract/metricNames";
import { KeyVerificationError } from "../../contract/errors";
import { VendorError } from "../../vendors/kit/errors";
import { recordSecretCount } from "../core/observability";
import { parseStoredKey, type StoredKey } from "../../contract/storedKey";
import { Stage } from "../core/secretsStore";
import type { StepContext } from "./stepContext";

/** Time kept back from the Lambda's remaining time so the step can still report its failure (outside a deadline scope). */
export const TEST_SAFETY_MARGIN_MS = DEADLINE_MARGIN_MS;

/** An attempt is not started with less time than this before the deadline. */
const MIN_ATTEMPT_MS = 1_000;

class NotYet extends Error {
  public constructor(public readonly detail: string) {
    super(detail);
  }
}

/**
 * testSecret: prove the pending key works with a cheap authenticated vendor
 * call (or, in Secrets Manager's configuration test, the current key). New keys can take a while to propagate, so 401/403 and transient
 * errors are retried with backoff until the Lambda's time (less a margin) runs
 * out. `AWSCURRENT` is never touched here.
 */
export async function testSecret(ctx: StepContext): Promise<void> {
  const { store, secretId, token, logger } = ctx;
  const raw = await store.read(secretId, { stage: Stage.Pending, versionId: token });
  const pending = parseStoredKey(raw?.secretString);
  if (pending?.rotationToken === token) {
    await verifyWithRetries(ctx, pending, "pending");
    return;
  }
  // Not a key of this rotation: Secrets Manager's configuration test
  // (RotateImmediately=false runs only testSecret, against a version it
  // creates empty or as a copy, then removes), or a step invoked out of order.
  // Prove what consumers use instead; finishSecret never promotes such a version.
  const current = parseStoredKey(
    (await store.read(secretId, { stage: Stage.Current }))?.secretString,
  );
  logger.info(
    `testSecret: pending version ${token} holds ${raw?.secretString === undefined ? "no value" : "no key stored for this token"}; treating this as Secrets Manager's configuration test`,
    { currentKeyId: current?.keyId ?? null },
  );
  if (current !== undefined) await verifyWithRetries(ctx, current, "current");
}

async function verifyWithRetries(
  ctx: StepContext,
  key: StoredKey,
  which: "pending" | "current",
): Promise<void> {
  const { secretId, token, adapter, logger } = ctx;
  let attempts = 0;
  let lastDetail = "";
  try {
    await backOff(
      async () => {
        attempts += 1;
        const result = await adapter.verifyKey(key.apiKey);
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
          // Another attempt only if it can start, and get an answer, before the invocation's deadline.
          const left = msUntilDeadline() ?? ctx.remainingMs() - TEST_SAFETY_MARGIN_MS;
          return retryable && left - nextDelay > MIN_ATTEMPT_MS;
        },
      },
    );
  } catch (error) {
    recordSecretCount(ctx.description.name, RotationMetrics.TestAttempts, attempts);
    throw new KeyVerificationError(
      which === "pending"
        ? `testSecret: the pending ${adapter.vendor} key ${key.keyId} did not work after ${attempts} attempt(s) (last: ${lastDetail}); AWSCURRENT is unchanged.`
        : `testSecret (configuration test): the AWSCURRENT ${adapter.vendor} key ${key.keyId} did not work after ${attempts} attempt(s) (last: ${lastDetail}); rotate it.`,
      { secretId, token, step: "testSecret", vendor: adapter.vendor, keyId: key.keyId },
      attempts,
      { cause: error },
    );
  }
  recordSecretCount(ctx.description.name, RotationMetrics.TestAttempts, attempts);
  logger.info(`testSecret: ${which} key works at the vendor`, { keyId: key.keyId, attempts });
}
