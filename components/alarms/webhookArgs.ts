import type * as pulumi from "@pulumi/pulumi";

/**
 * A chat incoming webhook that receives the key's alarm state changes and
 * rotation failures as `{"text": "…"}` through an EventBridge API
 * destination (no SNS subscription to confirm). That body is what Slack,
 * Mattermost, Rocket.Chat and Google Chat incoming webhooks and Microsoft
 * Teams' Office 365 connector webhooks accept; Discord takes it at the
 * webhook URL with `/slack` appended. Teams Workflows webhooks expect an
 * Adaptive Card instead.
 */
export interface ChatWebhookArgs {
  /**
   * Names the webhook's children (`<key>-webhook-<name>`): 1 to 20 lowercase
   * letters, digits and hyphens, starting with a letter or digit, unique
   * among the key's webhooks.
   */
  readonly name: string;
  /**
   * The webhook's `https://` URL. Incoming webhook URLs are credentials: pass
   * it as a secret (e.g. `config.requireSecret`); the component marks it
   * secret in state either way and never quotes it in an error.
   */
  readonly url: pulumi.Input<string>;
}
