import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deadLetterQueuePolicy } from "./deadLetterQueuePolicy";

/** Messages stay 14 days, SQS's maximum: time to look at what failed and redrive it. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * The queue every EventBridge target of the key sends its undeliverable
 * events to. SSE-SQS (SQS-managed keys) encrypts it: EventBridge cannot
 * write to a queue encrypted with the AWS managed `alias/aws/sqs` key.
 */
export function createDeadLetterQueue(input: {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}): aws.sqs.Queue {
  return new aws.sqs.Queue(
    `${input.name}-events-dlq`,
    {
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      tags: input.tags,
    },
    { parent: input.parent },
  );
}

/** Lets the given rules, and only them, send to the queue. */
export function createDeadLetterQueuePolicy(input: {
  readonly name: string;
  readonly queue: aws.sqs.Queue;
  readonly rules: readonly aws.cloudwatch.EventRule[];
  readonly parent: pulumi.Resource;
}): aws.sqs.QueuePolicy {
  return new aws.sqs.QueuePolicy(
    `${input.name}-events-dlq`,
    {
      queueUrl: input.queue.url,
      policy: pulumi
        .all([input.queue.arn, pulumi.all(input.rules.map((rule) => rule.arn))])
        .apply(([queueArn, ruleArns]) =>
          JSON.stringify(deadLetterQueuePolicy({ queueArn, ruleArns })),
        ),
    },
    { parent: input.parent },
  );
}
