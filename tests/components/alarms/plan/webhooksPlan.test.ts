import * as pulumi from "@pulumi/pulumi";
import type { ChatWebhookArgs } from "../../../../components/alarms/webhookArgs";
import { planRotatedApiKey } from "../../../../components/validateArgs";
import { problemsOf, type ArgsCase } from "../../argProblems";
import { defaultArgs } from "../../componentArgs";

const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";
const hook = (name: string, url: pulumi.Input<string> = SLACK): ChatWebhookArgs => ({ name, url });

const cases: ArgsCase[] = [
  [
    "a Slack webhook as an SNS https endpoint",
    "nylas-key",
    {
      notifications: {
        httpsEndpoints: ["https://events.pagerduty.com/integration/abc/enqueue", SLACK],
      },
    },
    [
      "`notifications.httpsEndpoints[1]` is a Slack incoming webhook, which never confirms an SNS subscription, so it would receive nothing. Move it to `notifications.webhooks` as { name, url }: EventBridge posts to it directly.",
    ],
  ],
  [
    "a Teams, a Google Chat and a Discord webhook as SNS https endpoints",
    "nylas-key",
    {
      notifications: {
        httpsEndpoints: [
          "https://contoso.webhook.office.com/webhookb2/abc",
          "https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t",
          "https://discord.com/api/webhooks/1/abc",
        ],
      },
    },
    [
      "`notifications.httpsEndpoints[0]` is a Microsoft Teams incoming webhook, which never confirms an SNS subscription, so it would receive nothing. Move it to `notifications.webhooks` as { name, url }: EventBridge posts to it directly.",
      "`notifications.httpsEndpoints[1]` is a Google Chat webhook, which never confirms an SNS subscription, so it would receive nothing. Move it to `notifications.webhooks` as { name, url }: EventBridge posts to it directly.",
      "`notifications.httpsEndpoints[2]` is a Discord webhook, which never confirms an SNS subscription, so it would receive nothing. Move it to `notifications.webhooks` as { name, url }: EventBridge posts to it directly.",
    ],
  ],
  [
    "webhooks that are not a list",
    "nylas-key",
    { notifications: { webhooks: SLACK as unknown as ChatWebhookArgs[] } },
    [
      "`notifications.webhooks` must be a list of { name, url } (received a https: URL to host hooks.slack.com). Pass a list, or omit it.",
    ],
  ],
  [
    "five webhooks",
    "nylas-key",
    { notifications: { webhooks: ["a", "b", "c", "d", "e"].map((n) => hook(n)) } },
    [
      "`notifications.webhooks` may list at most 4 webhooks (received 5): the rotation-failure rule sends to the topic and to each webhook, and EventBridge allows 5 targets per rule. Post to a channel several people watch, or subscribe more endpoints to `notificationTopicArn`.",
    ],
  ],
  [
    "bad names, a duplicate, a missing and a plain-HTTP URL, a string entry",
    "nylas-key",
    {
      notifications: {
        webhooks: [
          hook("Team Alerts"),
          hook("ops"),
          hook("ops"),
          { name: "x" } as ChatWebhookArgs,
          hook("y", "http://hooks.example.com/services/T000/B000/XXXXSECRETXXXX"),
          "https://hooks.slack.com" as unknown as ChatWebhookArgs,
        ],
      },
    },
    [
      "`notifications.webhooks` may list at most 4 webhooks (received 6): the rotation-failure rule sends to the topic and to each webhook, and EventBridge allows 5 targets per rule. Post to a channel several people watch, or subscribe more endpoints to `notificationTopicArn`.",
      '`notifications.webhooks[0].name` must be 1 to 20 lowercase letters, digits and hyphens, starting with a letter or digit (received "Team Alerts"): it names the webhook\'s resources. Use e.g. "team-alerts".',
      '`notifications.webhooks[2].name` must be unique among the webhooks (received "ops" again). Rename one of them.',
      "`notifications.webhooks[3].url` is required: the webhook's https:// URL (received nothing). Add it, or remove the webhook.",
      "`notifications.webhooks[4].url` must be an https:// URL (received a http: URL to host hooks.example.com). EventBridge API destinations call only HTTPS endpoints.",
      "`notifications.webhooks[5]` must be an object { name, url } (received a https: URL to host hooks.slack.com). Fix or remove it.",
    ],
  ],
  [
    "a topic key without a topic, and the AWS managed SNS key",
    "nylas-key",
    { notifications: { topicKmsKeyId: "alias/aws/sns" } },
    [
      '`notifications.topicKmsKeyId` describes an existing topic and needs `notifications.topicArn` (received "alias/aws/sns" without it): the topic the component creates is not encrypted. Remove it, or pass the topic\'s ARN.',
    ],
  ],
  [
    "an existing topic on the AWS managed SNS key (alias ARN)",
    "nylas-key",
    {
      notifications: {
        topicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
        topicKmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/sns",
      },
    },
    [
      '`notifications.topicKmsKeyId` must not be the AWS managed key alias/aws/sns (received "arn:aws:kms:us-east-1:123456789012:alias/aws/sns"): its key policy cannot be changed to let CloudWatch alarms and EventBridge use it, so every notification would be lost. Encrypt the topic with a customer managed key that allows cloudwatch.amazonaws.com and events.amazonaws.com (docs/notifications.md), or leave it unencrypted.',
    ],
  ],
];

describe("planRotatedApiKey's webhook and topic-key checks", () => {
  it.each(cases)("refuses %s", (_what, name, overrides, expected) => {
    // Act
    const problems = problemsOf(name, { ...defaultArgs, ...overrides });
    // Assess
    expect(problems).toEqual(expected);
  });

  it("never quotes a webhook URL's path or query (they carry its credential)", () => {
    // Act
    const problems = problemsOf("nylas-key", {
      ...defaultArgs,
      notifications: {
        webhooks: [
          hook("a", "http://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX"),
          SLACK as unknown as ChatWebhookArgs,
        ],
        httpsEndpoints: [SLACK],
      },
    });
    // Assess
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).not.toContain("XXXXSECRETXXXX");
  });

  it("accepts up to 4 webhooks (plain or secret URLs) beside an existing topic on a customer managed key", () => {
    // Act
    const plan = planRotatedApiKey("nylas-key", {
      ...defaultArgs,
      notifications: {
        topicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
        topicKmsKeyId: "alias/notifications",
        webhooks: [hook("a"), hook("b", pulumi.secret(SLACK)), hook("c-1"), hook("d")],
      },
    });
    // Assess
    const n = plan.monitoring.alarms?.notifications;
    expect(n?.kind).toBe("existingTopic");
    expect(n?.webhooks?.map((w) => w.name)).toEqual(["a", "b", "c-1", "d"]);
  });

  it("leaves the plan without webhooks when none are given", () => {
    const plan = planRotatedApiKey("nylas-key", defaultArgs);
    expect(plan.monitoring.alarms?.notifications).toEqual({
      kind: "createTopic",
      emailAddresses: [],
      httpsEndpoints: [],
    });
  });
});
