import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeSecretCommand,
  RotateSecretCommand,
  TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import ora from "ora";
import { RequestTags, toTagValue } from "../../lambdas/lifecycle/requestTags";
import type { Clients } from "../clients";
import { CliError } from "../errors";
import { describeRotatedSecret, logGroupOf } from "../rotationFunction";

export interface RotateOptions {
  readonly emergency?: boolean;
  readonly reason?: string;
  readonly revokeFirst?: boolean;
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly requestedBy: string;
}

/**
 * `rotate <secret>`: the console button's path — `RotateSecret` with the
 * secret's own rotation function — then follows the rotation until the new
 * version is `AWSCURRENT` or the function reports a failed step.
 * `--emergency` first tags the secret so the function revokes the old key at
 * once (or, with `--revoke-first`, before creating the new one).
 */
export async function rotate(
  clients: Clients,
  secretId: string,
  options: RotateOptions,
): Promise<string> {
  if (options.revokeFirst && !options.emergency)
    throw new CliError("--revoke-first needs --emergency.", 2);
  if (options.emergency && !options.reason?.trim()) {
    throw new CliError('--emergency needs --reason "…": it is recorded in the audit log.', 2);
  }
  const secret = await describeRotatedSecret(clients.secrets, secretId);
  const name = secret.Name ?? secretId;
  const tags: Array<{ Key: string; Value: string }> = [
    { Key: RequestTags.requestedBy, Value: toTagValue(options.requestedBy) || "unknown" },
  ];
  if (options.emergency) {
    tags.push({ Key: RequestTags.emergency, Value: toTagValue(options.reason ?? "") });
    tags.push({
      Key: RequestTags.emergencyMode,
      Value: options.revokeFirst ? "revoke-first" : "replace-then-revoke",
    });
  }
  await clients.secrets.send(new TagResourceCommand({ SecretId: secret.ARN, Tags: tags }));
  const started = Date.now();
  const out = await clients.secrets.send(
    new RotateSecretCommand({ SecretId: secret.ARN, RotationLambdaARN: secret.RotationLambdaARN }),
  );
  const token = out.VersionId ?? "";
  if (!options.wait)
    return `rotation of ${name} started (version ${token}); follow it with \`history ${name}\``;
  const spinner = ora({
    text: `rotating ${name} (version ${token})`,
    isSilent: process.stderr.isTTY !== true,
  }).start();
  try {
    await follow(
      clients,
      secret.ARN ?? secretId,
      secret.RotationLambdaARN,
      token,
      options.timeoutSeconds,
    );
  } finally {
    spinner.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return options.emergency
    ? `✓ emergency rotation of ${name}: version ${token} is AWSCURRENT and the previous key is revoked (${seconds} s)`
    : `✓ rotated ${name}: version ${token} is AWSCURRENT; the previous key stays valid for the overlap window (${seconds} s)`;
}

async function follow(
  clients: Clients,
  secretArn: string,
  functionArn: string,
  token: string,
  timeoutSeconds: number,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const startTime = Date.now() - 60_000;
  for (;;) {
    const d = await clients.secrets.send(new DescribeSecretCommand({ SecretId: secretArn }));
    const stages = d.VersionIdsToStages?.[token] ?? [];
    if (stages.includes("AWSCURRENT") && !stages.includes("AWSPENDING")) return;
    const failure = await failedStep(clients, functionArn, token, startTime);
    if (failure !== undefined) {
      throw new CliError(
        `rotation failed: ${failure} Secrets Manager will retry it with the same version.`,
      );
    }
    if (Date.now() > deadline) {
      throw new CliError(
        `rotation (version ${token}) did not finish within ${timeoutSeconds} s; it may still complete — check \`history\`.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The function's own report of a failed step for this token, from its log group, if any. */
async function failedStep(
  clients: Clients,
  functionArn: string,
  token: string,
  startTime: number,
): Promise<string | undefined> {
  try {
    const out = await clients.logs.send(
      new FilterLogEventsCommand({
        logGroupName: logGroupOf(functionArn),
        startTime,
        filterPattern: `"${token}"`,
      }),
    );
    for (const event of out.events ?? []) {
      const line = JSON.parse(event.message ?? "{}") as {
        level?: string;
        message?: string;
        token?: string;
        error?: { message?: string };
      };
      if (line.level === "ERROR" && line.token === token) {
        return (
          line.error?.message ?? `${line.message ?? "a step failed"}; see the function's logs.`
        );
      }
    }
  } catch {
    // No log access: fall back to waiting for the timeout.
  }
  return undefined;
}
