import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  DeleteRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { randomUUID } from "node:crypto";
import { MOTO_ACCOUNT, MOTO_CREDENTIALS, MOTO_REGION, motoEndpoint } from "./motoClients";

/** A rule on moto's default bus that records every event it matches in a log group. */
export interface EventSink {
  /** The events delivered so far, as EventBridge delivered them (parsed JSON). */
  events(): Promise<Record<string, unknown>[]>;
  /** Removes the rule and its target, and closes the clients. */
  close(): Promise<void>;
}

/**
 * Creates a rule with `eventPattern` on moto's default event bus and a
 * CloudWatch Logs target, as a consumer's pipeline would subscribe: what
 * the rotation function puts on the bus is then read back from the log group.
 */
export async function startEventSink(eventPattern: unknown): Promise<EventSink> {
  const config = { endpoint: motoEndpoint(), region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  const events = new EventBridgeClient(config);
  const logs = new CloudWatchLogsClient(config);
  const id = randomUUID().slice(0, 8);
  const logGroupName = `/rotated-api-key/tests/sink-${id}`;
  const ruleName = `event-sink-${id}`;
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  await events.send(
    new PutRuleCommand({ Name: ruleName, EventPattern: JSON.stringify(eventPattern) }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: ruleName,
      Targets: [
        {
          Id: "sink",
          Arn: `arn:aws:logs:${MOTO_REGION}:${MOTO_ACCOUNT}:log-group:${logGroupName}`,
        },
      ],
    }),
  );
  return {
    async events() {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName }));
      return (out.events ?? []).map(
        (e) => JSON.parse(e.message ?? "null") as Record<string, unknown>,
      );
    },
    async close() {
      await events.send(new RemoveTargetsCommand({ Rule: ruleName, Ids: ["sink"] }));
      await events.send(new DeleteRuleCommand({ Name: ruleName }));
      events.destroy();
      logs.destroy();
    },
  };
}
