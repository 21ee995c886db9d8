import type * as pulumi from "@pulumi/pulumi";
import { describeValue, isPlain } from "../../describe";
import type { ChatWebhookArgs } from "../webhookArgs";

/** One checked chat webhook. */
export interface WebhookPlan {
  readonly name: string;
  readonly url: pulumi.Input<string>;
}

/**
 * The rotation-failure rule sends to the topic and to each webhook, and
 * EventBridge allows 5 targets per rule.
 */
export const MAX_WEBHOOKS = 4;

const WEBHOOK_NAME = /^[a-z0-9][a-z0-9-]{0,19}$/;

/**
 * Hosts of chat incoming webhooks, which never confirm an SNS subscription.
 * Matched on the URL's host (and path for Office 365's older host).
 */
const CHAT_WEBHOOK_HOSTS: readonly { readonly host: RegExp; readonly label: string }[] = [
  { host: /^hooks\.slack\.com$/, label: "a Slack incoming webhook" },
  { host: /(^|\.)webhook\.office\.com$/, label: "a Microsoft Teams incoming webhook" },
  { host: /(^|\.)logic\.azure\.com$/, label: "a Microsoft Teams Workflows webhook" },
  { host: /^chat\.googleapis\.com$/, label: "a Google Chat webhook" },
  { host: /^(discord\.com|discordapp\.com)$/, label: "a Discord webhook" },
];

/** What kind of chat webhook an https URL is, by its host; undefined for any other URL. */
export function chatWebhookKind(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return CHAT_WEBHOOK_HOSTS.find((h) => h.host.test(host))?.label;
}

/** A value described without a URL's path or query, which carry a webhook's credential. */
function describeUrl(value: unknown): string {
  if (typeof value !== "string") return describeValue(value);
  try {
    const url = new URL(value);
    return `a ${url.protocol} URL to host ${url.hostname}`;
  } catch {
    return `a string of ${value.length} characters that is not a URL`;
  }
}

/** Checks `notifications.webhooks`, pushing one problem per mistake. */
export function planWebhooks(
  value: readonly ChatWebhookArgs[] | undefined,
  problems: string[],
): readonly WebhookPlan[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(
      `\`notifications.webhooks\` must be a list of { name, url } (received ${describeUrl(value)}). Pass a list, or omit it.`,
    );
    return [];
  }
  if (value.length > MAX_WEBHOOKS) {
    problems.push(
      `\`notifications.webhooks\` may list at most ${MAX_WEBHOOKS} webhooks (received ${value.length}): the rotation-failure rule sends to the topic and to each webhook, and EventBridge allows 5 targets per rule. Post to a channel several people watch, or subscribe more endpoints to \`notificationTopicArn\`.`,
    );
  }
  const seen = new Set<string>();
  const plans: WebhookPlan[] = [];
  value.forEach((item: unknown, i) => {
    const arg = `notifications.webhooks[${i}]`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push(
        `\`${arg}\` must be an object { name, url } (received ${describeUrl(item)}). Fix or remove it.`,
      );
      return;
    }
    const { name, url } = item as Partial<ChatWebhookArgs>;
    const before = problems.length;
    if (typeof name !== "string" || !WEBHOOK_NAME.test(name)) {
      problems.push(
        `\`${arg}.name\` must be 1 to 20 lowercase letters, digits and hyphens, starting with a letter or digit (received ${describeValue(name)}): it names the webhook's resources. Use e.g. "team-alerts".`,
      );
    } else if (seen.has(name)) {
      problems.push(
        `\`${arg}.name\` must be unique among the webhooks (received "${name}" again). Rename one of them.`,
      );
    } else {
      seen.add(name);
    }
    if (url === undefined) {
      problems.push(
        `\`${arg}.url\` is required: the webhook's https:// URL (received nothing). Add it, or remove the webhook.`,
      );
    } else if (
      isPlain(url) &&
      !(typeof url === "string" && /^https:\/\/[^\s/]+(\/\S*)?$/.test(url))
    ) {
      problems.push(
        `\`${arg}.url\` must be an https:// URL (received ${describeUrl(url)}). EventBridge API destinations call only HTTPS endpoints.`,
      );
    }
    if (problems.length === before && typeof name === "string" && url !== undefined) {
      plans.push({ name, url });
    }
  });
  return plans;
}
