import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * The AWS clients the CLI uses, configured the standard way (profile or
 * environment credentials, `AWS_REGION`, and the SDK's own endpoint overrides
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`), so it works against any
 * endpoint the SDK is pointed at.
 */
export interface Clients {
  readonly secrets: SecretsManagerClient;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly cloudwatch: CloudWatchClient;
}

/** `--region` and `--profile`; unset, the SDK's own chain decides (env, `~/.aws/config`). */
export interface AwsSettings {
  readonly region?: string;
  readonly profile?: string;
}

export function createClients(settings: AwsSettings = {}): Clients {
  quietNodeVersionWarning();
  const config = {
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
  };
  return {
    secrets: new SecretsManagerClient(config),
    lambda: new LambdaClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
}

/**
 * On Node < 22 the SDK prints an 8-line warning, before any output, that SDK
 * versions published after January 2027 will need Node 22. It is about those
 * future versions, not the one this package pins (which supports every Node
 * version in `engines`), and an operator can do nothing about it mid-incident,
 * so the CLI turns it off when it builds its clients. A value the user set
 * wins (the SDK stays silent only for `"true"`).
 */
function quietNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}
