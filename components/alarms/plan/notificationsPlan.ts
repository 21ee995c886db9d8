import type * as pulumi from "@pulumi/pulumi";
import { describeValue, isPlain } from "../../describe";
import type { RotatedApiKeyNotificationsArgs } from "../alarmArgs";
import { objectArg } from "./argShapes";

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** Where alarms and rotation-failure events go. */
export type NotificationPlan =
  | { readonly kind: "existingTopic"; readonly topicArn: pulumi.Input<string> }
  | {
      readonly kind: "createTopic";
      readonly emailAddresses: readonly string[];
      readonly httpsEndpoints: readonly string[];
    };

/** Checks `notifications`, pushing one problem per mistake; returns the plan when there were none. */
export function planNotifications(
  args: RotatedApiKeyNotificationsArgs | undefined,
  problems: string[],
): NotificationPlan | undefined {
  const n = objectArg(
    args,
    "notifications",
    problems,
    '{ emailAddresses: ["oncall@example.com"] }',
  );
  if (args !== undefined && n === undefined) return undefined;
  const before = problems.length;
  const emailAddresses = stringList(
    n?.emailAddresses,
    "notifications.emailAddresses",
    EMAIL,
    'an email address like "oncall@example.com"',
    problems,
  );
  const httpsEndpoints = stringList(
    n?.httpsEndpoints,
    "notifications.httpsEndpoints",
    HTTPS_URL,
    'an https:// URL like "https://hooks.example.com/alerts"',
    problems,
  );
  const topicArn = n?.topicArn;
  if (topicArn !== undefined) {
    if (isPlain(topicArn) && !(typeof topicArn === "string" && SNS_TOPIC_ARN.test(topicArn))) {
      problems.push(
        `\`notifications.topicArn\` must be a standard SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (received ${describeValue(topicArn)}): CloudWatch alarms cannot publish to FIFO topics. Pass the topic's ARN, or omit it for the component to create a topic.`,
      );
    }
    if (emailAddresses.length + httpsEndpoints.length > 0) {
      problems.push(
        `\`notifications.topicArn\` cannot be combined with \`notifications.emailAddresses\` or \`notifications.httpsEndpoints\` (received both): the component subscribes endpoints only to a topic it creates. Subscribe them to your topic yourself, or remove \`topicArn\`.`,
      );
    }
    return problems.length > before ? undefined : { kind: "existingTopic", topicArn };
  }
  return problems.length > before
    ? undefined
    : { kind: "createTopic", emailAddresses, httpsEndpoints };
}

function stringList(
  value: readonly string[] | undefined,
  arg: string,
  pattern: RegExp,
  shape: string,
  problems: string[],
): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(
      `\`${arg}\` must be a list (received ${describeValue(value)}). Pass a list, or omit it.`,
    );
    return [];
  }
  value.forEach((item: unknown, i) => {
    if (typeof item === "string" && pattern.test(item)) return;
    problems.push(
      `\`${arg}[${i}]\` must be ${shape} (received ${describeValue(item)}). Fix or remove it.`,
    );
  });
  return value;
}
