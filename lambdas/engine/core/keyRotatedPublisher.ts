import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { Logger } from "@aws-lambda-powertools/logger";
import { keyRotatedEntry, type KeyRotatedDetail } from "../../contract/keyRotatedEvent";
import { RotationMetrics } from "../../contract/metricNames";
import { describeError } from "./describeError";
import { recordSecretCount } from "./observability";

/** The longest a publish may take: the promotion is done, the event must not eat the step's time. */
export const KEY_ROTATED_PUBLISH_TIMEOUT_MS = 5_000;

let client: EventBridgeClient | undefined;

/** Built on first use (rotation steps that promote nothing never load a connection); honours `AWS_ENDPOINT_URL_EVENTBRIDGE`. */
function eventBridge(): EventBridgeClient {
  client ??= new EventBridgeClient({ maxAttempts: 2 });
  return client;
}

/**
 * Puts one `KeyRotated` event on the default bus. Never throws: the key is
 * already promoted, so a failure (a throttled or unreachable EventBridge, a
 * missing `events:PutEvents` grant, a refused entry) is logged as a warning
 * and counted as `KeyRotatedEventFailures`, and the rotation succeeds.
 * Returns whether the event was accepted.
 */
export async function publishKeyRotated(
  detail: KeyRotatedDetail,
  logger: Logger,
  timeoutMs: number = KEY_ROTATED_PUBLISH_TIMEOUT_MS,
): Promise<boolean> {
  try {
    const entry = keyRotatedEntry(detail);
    const out = await eventBridge().send(new PutEventsCommand({ Entries: [entry] }), {
      // AbortSignal.timeout takes a whole number of milliseconds (a fraction throws a RangeError).
      abortSignal: AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs))),
    });
    const refused = out.Entries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 || refused?.ErrorCode !== undefined) {
      throw new Error(
        `EventBridge refused the entry: ${refused?.ErrorCode ?? "unknown"} ${refused?.ErrorMessage ?? ""}`.trim(),
      );
    }
    logger.info("KeyRotated event published", { eventId: refused?.EventId ?? null });
    return true;
  } catch (error) {
    recordSecretCount(detail.secretName, RotationMetrics.KeyRotatedEventFailures);
    logger.warn(
      "KeyRotated event not published; the rotation succeeded, consumers pick up the new key when their cache expires",
      { error: describeError(error), versionId: detail.versionId },
    );
    return false;
  }
}
