import { KEY_ROTATED_EVENT } from "../lambdas/contract/keyRotatedEvent";
import type { PolicyStatement } from "./rotationPolicy";

/** The default event bus of the secret's account and region. */
export function defaultEventBusArn(secretArn: string): string {
  const [, partition, , region, account] = secretArn.split(":");
  if (!partition || !region || !account) {
    throw new Error(
      `Expected a Secrets Manager secret ARN with a partition, region and account, got "${secretArn}".`,
    );
  }
  return `arn:${partition}:events:${region}:${account}:event-bus/${KEY_ROTATED_EVENT.eventBusName}`;
}

/**
 * Lets the rotation function put its `KeyRotated` event on the default bus
 * of the secret's account and region, with that event's source and
 * detail-type only (EventBridge's `events:source` and `events:detail-type`
 * condition keys, on every entry of the call), so the role cannot
 * impersonate another source.
 */
export function keyRotatedEventStatement(secretArn: string): PolicyStatement {
  return {
    Sid: "PublishKeyRotatedEvent",
    Effect: "Allow",
    Action: "events:PutEvents",
    Resource: defaultEventBusArn(secretArn),
    // Both keys are multivalued (one value per entry of the call): every entry must be a KeyRotated
    // event, and Null closes the gap ForAllValues leaves for a request without the key.
    Condition: {
      "ForAllValues:StringEquals": {
        "events:source": [KEY_ROTATED_EVENT.source],
        "events:detail-type": [KEY_ROTATED_EVENT.detailType],
      },
      Null: { "events:source": "false", "events:detail-type": "false" },
    },
  };
}
