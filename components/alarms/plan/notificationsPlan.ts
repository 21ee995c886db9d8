import type * as pulumi from "@pulumi/pulumi";
import { describeValue, isPlain } from "../../describe";
import type { RotatedApiKeyNotificationsArgs } from "../alarmArgs";
import { objectArg } from "./argShapes";
import { chatWebhookKind, planWebhooks, type WebhookPlan } from "./webhooksPlan";

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** The AWS managed key of SNS, by alias or alias ARN: CloudWatch and EventBridge cannot use it. */
const AWS_MANAGED_SNS_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/sns$/;

/** Chat webhooks, present only when some were given. */
interface Webhooks {
  readonly webhooks?: readonly WebhookPlan[];
}

/** Where alarms and rotation-failure events go. */
export type NotificationPlan =
  | ({ readonly kind: "existingTopic"; readonly topicArn: pulumi.Input<string> } & Webhooks)
  | ({
      readonly kind: "createTopic";
      readonly emailAddresses: readonly string[];
      readonly httpsEndpoints: readonly string[];
    } & Webhooks);

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
  httpsEndpoints.forEach((endpoint, i) => {
    const chat = typeof endpoint === "string" ? chatWebhookKind(endpoint) : undefined;
    if (chat === undefined) return;
    problems.push(
      `\`notifications.httpsEndpoints[${i}]\` is ${chat}, which never confirms an SNS subscription, so it would receive nothing. Move it to \`notifications.webhooks\` as { name, url }: EventBridge posts to it directly.`,
    );
  });
  const webhookPlans = planWebhooks(n?.webhooks, problems);
  const webhooks = webhookPlans.length > 0 ? { webhooks: webhookPlans } : {};
  const topicKmsKeyId: unknown = n?.topicKmsKeyId;
  if (topicKmsKeyId !== undefined) {
    if (n?.topicArn === undefined) {
      problems.push(
        `\`notifications.topicKmsKeyId\` describes an existing topic and needs \`notifications.topicArn\` (received ${describeValue(topicKmsKeyId)} without it): the topic the component creates is not encrypted. Remove it, or pass the topic's ARN.`,
      );
    } else if (typeof topicKmsKeyId !== "string" || topicKmsKeyId.length === 0) {
      problems.push(
        `\`notifications.topicKmsKeyId\` must be a KMS key id, key ARN, alias or alias ARN (received ${describeValue(topicKmsKeyId)}). Omit it for an unencrypted topic.`,
      );
    } else if (AWS_MANAGED_SNS_KEY.test(topicKmsKeyId)) {
      problems.push(
        `\`notifications.topicKmsKeyId\` must not be the AWS managed key alias/aws/sns (received ${describeValue(topicKmsKeyId)}): its key policy cannot be changed to let CloudWatch alarms and EventBridge use it, so every notification would be lost. Encrypt the topic with a customer managed key that allows cloudwatch.amazonaws.com and events.amazonaws.com (docs/notifications.md), or leave it unencrypted.`,
      );
    }
  }
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
    return problems.length > before ? undefined : { kind: "existingTopic", topicArn, ...webhooks };
  }
  return problems.length > before
    ? undefined
    : { kind: "createTopic", emailAddresses, httpsEndpoints, ...webhooks };
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
