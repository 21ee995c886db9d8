import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";

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
  /**
   * For mass operations: one Secrets Manager client per throttling quota the
   * operation writes to (`RotateSecret`, `TagResource`/`UntagResource`: 50
   * requests/s each per account and region), each with the SDK's adaptive
   * retry mode, whose client-side token bucket slows down on
   * `ThrottlingException` (not below {@link QUOTA_SCOPED_MIN_RATE}) and speeds
   * up again on success. Reads stay on
   * `secrets` (their quotas are in the thousands per second).
   */
  readonly quotaScoped: QuotaScopedClients;
}

/** Secrets Manager clients for the write quotas a mass operation uses; see {@link Clients.quotaScoped}. */
export interface QuotaScopedClients {
  readonly rotating: SecretsManagerClient;
  readonly tagging: SecretsManagerClient;
}

/** Attempts per call under throttling (the SDK's default is 3; a fleet at the quota needs more). */
export const QUOTA_SCOPED_MAX_ATTEMPTS = 10;

/**
 * The rate (requests/s) below which the adaptive mode does not slow a write
 * quota's client after a throttle: 80 % of the documented, non-adjustable 50/s.
 * A mass operation paces its calls itself (`cli/fleet/requestPacer.ts`, AIMD
 * down to 1/s), so this retry mode is the safety net; unfloored, the SDK's
 * CUBIC limiter would stack a second cut (to 70 % of the measured rate,
 * climbing back over seconds) on top of the pacer's. Throttles are still
 * backed off and retried.
 */
export const QUOTA_SCOPED_MIN_RATE = 40;

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
    quotaScoped: quotaScopedClients(config),
  };
}

/** Adaptive-retry clients, one per write quota (see {@link Clients.quotaScoped}). */
export function quotaScopedClients(
  config: ConstructorParameters<typeof SecretsManagerClient>[0] = {},
): QuotaScopedClients {
  // One limiter per client: each quota adapts to its own throttles.
  const adaptive = () => ({
    ...config,
    retryStrategy: new AdaptiveRetryStrategy(QUOTA_SCOPED_MAX_ATTEMPTS, {
      rateLimiter: new DefaultRateLimiter({ minFillRate: QUOTA_SCOPED_MIN_RATE }),
    }),
  });
  return {
    rotating: new SecretsManagerClient(adaptive()),
    tagging: new SecretsManagerClient(adaptive()),
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
