import { randomUUID } from "node:crypto";
import { MOTO_ACCOUNT, MOTO_REGION, motoEndpoint } from "../../../harness/aws/motoClients";

/**
 * EventBridge rule evaluation by moto (started by jest's global setup),
 * spoken to over the AWS JSON protocol with `fetch` (the repository has no
 * EventBridge or CloudWatch Logs SDK client). moto 5.2 stubs
 * `TestEventPattern`, so a pattern is evaluated the way a deployed rule is:
 * `PutRule` with the pattern, a CloudWatch Logs target carrying the input
 * transformer, `PutEvents`, then the delivered messages are read back.
 * moto's matcher implements EventBridge's pattern semantics (exact values,
 * arrays, nesting, prefix/anything-but/exists…) and applies the transformer.
 */

/** A CloudTrail-derived event as EventBridge delivers it. */
export interface RecordedEvent {
  readonly source: string;
  readonly "detail-type": string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** What a rule's target is given. */
export interface RuleUnderTest {
  readonly eventPattern: string;
  readonly inputTransformer?: {
    readonly inputPaths: Readonly<Record<string, string>>;
    readonly inputTemplate: string;
  };
}

const TARGETS = { events: "AWSEvents", logs: "Logs_20140328" } as const;

async function call(
  service: keyof typeof TARGETS,
  operation: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(motoEndpoint(), {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${TARGETS[service]}.${operation}`,
      // moto routes by the credential scope and does not check the signature.
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20300101/${MOTO_REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${service}.${operation} answered ${res.status}: ${text}`);
  return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/**
 * Deploys `rule` in moto with a fresh log group as its target, publishes
 * `event`, and returns what the target received (the transformed input, or
 * the event), one entry per delivery; `[]` when the pattern did not match.
 */
export async function deliver(rule: RuleUnderTest, event: RecordedEvent): Promise<unknown[]> {
  const id = randomUUID().slice(0, 8);
  const logGroupName = `/rotated-api-key/tests/rule-${id}`;
  const ruleName = `rule-under-test-${id}`;
  await call("logs", "CreateLogGroup", { logGroupName });
  await call("events", "PutRule", { Name: ruleName, EventPattern: rule.eventPattern });
  await call("events", "PutTargets", {
    Rule: ruleName,
    Targets: [
      {
        Id: "notification",
        Arn: `arn:aws:logs:${MOTO_REGION}:${MOTO_ACCOUNT}:log-group:${logGroupName}`,
        ...(rule.inputTransformer === undefined
          ? {}
          : {
              InputTransformer: {
                InputPathsMap: rule.inputTransformer.inputPaths,
                InputTemplate: rule.inputTransformer.inputTemplate,
              },
            }),
      },
    ],
  });
  try {
    const put = await call("events", "PutEvents", {
      Entries: [
        {
          Source: event.source,
          DetailType: event["detail-type"],
          Resources: event.resources,
          Detail: JSON.stringify(event.detail),
        },
      ],
    });
    if (put.FailedEntryCount !== 0)
      throw new Error(`PutEvents refused the event: ${JSON.stringify(put)}`);
    const out = await call("logs", "FilterLogEvents", { logGroupName });
    const events = (out.events ?? []) as { message: string }[];
    return events.map((e) => JSON.parse(e.message) as unknown);
  } finally {
    await call("events", "RemoveTargets", { Rule: ruleName, Ids: ["notification"] });
    await call("events", "DeleteRule", { Name: ruleName });
  }
}
