import type { PolicyDocument } from "../rotationPolicy";

/**
 * The dead-letter queue's policy: EventBridge may send messages to it only on
 * behalf of the component's own rules (`aws:SourceArn`), so no other rule in
 * the account can fill it and raise its alarm.
 */
export function deadLetterQueuePolicy(input: {
  readonly queueArn: string;
  readonly ruleArns: readonly string[];
}): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "RulesOfThisKeySendUndeliverableEvents",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: input.queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": [...input.ruleArns] } },
      },
    ],
  };
}
