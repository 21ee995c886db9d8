import type { PolicyDocument } from "../rotationPolicy";
import { rotationFailureMessage, type FailureMessageInput } from "./eventPatterns";

/**
 * What the chat webhooks receive, as pure functions of plain strings so tests
 * can feed the patterns and templates to a real matcher (moto's EventBridge).
 * Every body is `{"text": "…"}`. Only fields whose values cannot hold a
 * double quote are quoted (names, states, times, ARNs): EventBridge puts a
 * string value into the template as it is, and a quote inside it would break
 * the JSON body. Alarm reasons and descriptions are therefore left out; the
 * message names the alarm and where to look.
 */

/** CloudWatch's event for an alarm's state change, as EventBridge delivers it. */
export const ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";

/** The transitions sent: the same as the topic gets (alarm actions and OK actions). */
export const NOTIFIED_STATES = ["ALARM", "OK"] as const;

/** An alarm state-change pattern, as this package writes it. */
export interface AlarmStatePattern {
  readonly source: readonly string[];
  readonly "detail-type": readonly string[];
  readonly resources: readonly string[];
  readonly detail: { readonly state: { readonly value: readonly string[] } };
}

/** Matches ALARM and OK transitions of the given alarms (by ARN) only. */
export function alarmStatePattern(alarmArns: readonly string[]): AlarmStatePattern {
  return {
    source: ["aws.cloudwatch"],
    "detail-type": [ALARM_STATE_CHANGE],
    resources: [...alarmArns],
    detail: { state: { value: [...NOTIFIED_STATES] } },
  };
}

/** The alarm event fields the webhook message quotes, by placeholder name. */
export const ALARM_STATE_INPUT_PATHS = {
  alarmName: "$.detail.alarmName",
  state: "$.detail.state.value",
  previousState: "$.detail.previousState.value",
  time: "$.detail.state.timestamp",
  account: "$.account",
  region: "$.region",
} as const;

/**
 * `{"text": "RotatedApiKey nylas-key: alarm nylas-key-key-expiry-1a2b3c4 went
 * from OK to ALARM at 2030-05-10T06:12:09.000+0000 (account …, region us-east-1).
 * Rotation Lambda logs: /aws/lambda/…. Dashboard: …."}`
 */
export function alarmStateWebhookTemplate(input: FailureMessageInput): string {
  const parts = [
    `RotatedApiKey ${input.componentName}: alarm <alarmName> went from <previousState> to <state> at <time> (account <account>, region <region>).`,
    `Rotation Lambda logs: ${input.logGroupName}.`,
    ...(input.dashboardName === undefined ? [] : [`Dashboard: ${input.dashboardName}.`]),
  ];
  return JSON.stringify({ text: parts.join(" ") });
}

/** The rotation-failure line of the topic's notification, as a chat message. */
export function rotationFailureWebhookTemplate(input: FailureMessageInput): string {
  return JSON.stringify({ text: rotationFailureMessage(input) });
}

/** Lets EventBridge, for rules of this account only, assume the webhooks' role. */
export function webhookTrustPolicy(accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgeOfThisAccountAssumesRole",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** The webhooks' role may invoke the key's API destinations and nothing else. */
export function webhookInvokePolicy(destinationArns: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeThisKeysWebhooks",
        Effect: "Allow",
        Action: "events:InvokeApiDestination",
        Resource: [...destinationArns],
      },
    ],
  };
}
