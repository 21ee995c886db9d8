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

export function createClients(): Clients {
  return {
    secrets: new SecretsManagerClient({}),
    lambda: new LambdaClient({}),
    logs: new CloudWatchLogsClient({}),
    cloudwatch: new CloudWatchClient({}),
  };
}
