import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeSecretCommand,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import ora from "ora";
import { RequestTags, toTagValue } from "../../lambdas/contract/secretTags";
import type { Clients, QuotaScopedClients } from "../clients";
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

/** Where `startRotation` sends each call: writes may go to quota-scoped clients (mass operations). */
export interface RotationStartClients {
  readonly secrets: SecretsManagerClient;
  readonly quotaScoped?: QuotaScopedClients;
}

export interface StartedRotation {
  readonly token: string;
  readonly name: string;
  readonly arn: string;
  readonly functionArn: string;
}

/** The checks of the emergency flags, before anything is asked of AWS. */
export function checkRotateOptions(
  options: Pick<RotateOptions, "emergency" | "reason" | "revokeFirst">,
): void {
  if (options.revokeFirst && !options.emergency)
    throw new CliError("--revoke-first needs --emergency.", 2);
  if (options.emergency && !options.reason?.trim()) {
    throw new CliError('--emergency needs --reason "…": it is recorded in the audit log.', 2);
  }
}

/** A secret's name, ARN and rotation function, as `ListSecrets` gave them. */
export interface KnownSecret {
  readonly name: string;
  readonly arn: string;
  readonly functionArn: string;
  /** As listed: the request tags and labels tell whether a requested rotation is still in progress. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly versionIdsToStages?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Starts one rotation: generates its `ClientRequestToken`, tags the secret
 * with the request bound to that token (who asked, and for an emergency the
 * reason and mode), then calls `RotateSecret` with the secret's own rotation
 * function and that token. The function acts on the request only in the
 * rotation with that token; if `RotateSecret` fails (e.g. "A previous
 * rotation isn't complete"), the request tags are removed again before the
 * error is reported, so nothing stays armed for a later rotation.
 */
export async function startRotation(
  clients: RotationStartClients,
  secretId: string,
  options: Omit<RotateOptions, "wait" | "timeoutSeconds">,
  /** The `ClientRequestToken` to use (a mass operation records it before the call, to resume). */
  token: string = randomUUID(),
  /** The secret as a listing already described it (a mass operation): no `DescribeSecret` then. */
  known?: KnownSecret,
): Promise<StartedRotation> {
  const tagging = clients.quotaScoped?.tagging ?? clients.secrets;
  const rotating = clients.quotaScoped?.rotating ?? clients.secrets;
  checkRotateOptions(options);
  const described =
    known === undefined ? await describeRotatedSecret(clients.secrets, secretId) : undefined;
  const secret = described ?? {
    Name: known?.name,
    ARN: known?.arn,
    RotationLambdaARN: known?.functionArn,
  };
  const name = secret.Name ?? secretId;
  const arn = secret.ARN ?? secretId;
  // A requested rotation still pending owns the request tags: tagging over them (and untagging when
  // Secrets Manager refuses the new rotation, as it does while one is incomplete) would drop that
  // request — an emergency's revocation of the leaked key with it.
  const inProgress =
    described === undefined
      ? requestInProgress(known?.tags ?? {}, known?.versionIdsToStages ?? {})
      : requestInProgress(
          Object.fromEntries((described.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
          described.VersionIdsToStages ?? {},
        );
  // The same token is this request resumed (RotateSecret is idempotent on it), not another one.
  if (inProgress !== undefined && inProgress.token !== token) {
    throw new CliError(
      `A requested rotation of ${name}${inProgress.emergency === undefined ? "" : ` (an emergency: ${inProgress.emergency})`} is still in progress (version ${inProgress.token}); Secrets Manager reattempts it and refuses a new one until it finishes. Follow it with \`history ${name}\`, then request again.`,
    );
  }
  const tags: Array<{ Key: string; Value: string }> = [
    { Key: RequestTags.requestToken, Value: token },
    { Key: RequestTags.requestedBy, Value: toTagValue(options.requestedBy) || "unknown" },
  ];
  if (options.emergency) {
    tags.push({ Key: RequestTags.emergency, Value: toTagValue(options.reason ?? "") });
    tags.push({
      Key: RequestTags.emergencyMode,
      Value: options.revokeFirst ? "revoke-first" : "replace-then-revoke",
    });
  }
  await tagging.send(new TagResourceCommand({ SecretId: arn, Tags: tags }));
  try {
    await rotating.send(
      new RotateSecretCommand({
        SecretId: arn,
        ClientRequestToken: token,
        RotationLambdaARN: secret.RotationLambdaARN,
      }),
    );
  } catch (error) {
    await tagging
      .send(new UntagResourceCommand({ SecretId: arn, TagKeys: tags.map((t) => t.Key) }))
      .catch(() => {
        // The request is bound to a token no rotation carries, so it stays inert;
        // the next finished rotation removes the tags.
      });
    throw error;
  }
  return { token, name, arn, functionArn: secret.RotationLambdaARN ?? "" };
}

/** The request tags' rotation when its version is still `AWSPENDING` and not yet `AWSCURRENT`. */
function requestInProgress(
  tags: Readonly<Record<string, string>>,
  stages: Readonly<Record<string, readonly string[]>>,
): { readonly token: string; readonly emergency?: string } | undefined {
  const token = tags[RequestTags.requestToken];
  if (token === undefined) return undefined;
  const labels = stages[token] ?? [];
  if (!labels.includes("AWSPENDING") || labels.includes("AWSCURRENT")) return undefined;
  const emergency = tags[RequestTags.emergency];
  return emergency === undefined ? { token } : { token, emergency };
}

/**
 * `rotate <secret>`: the console button's path — `RotateSecret` with the
 * secret's own rotation function — then follows the rotation until the new
 * version is `AWSCURRENT` or the function reports a failed step.
 * `--emergency` binds an emergency request to this rotation so the function
 * revokes the old key at once (or, with `--revoke-first`, before creating
 * the new one).
 */
export async function rotate(
  clients: Clients,
  secretId: string,
  options: RotateOptions,
): Promise<string> {
  const started = Date.now();
  const { token, name, arn, functionArn } = await startRotation(clients, secretId, options);
  if (!options.wait)
    return `rotation of ${name} started (version ${token}); follow it with \`history ${name}\``;
  const spinner = ora({
    text: `rotating ${name} (version ${token})`,
    isSilent: process.stderr.isTTY !== true,
    // No colour with NO_COLOR (https://no-color.org): ora's colour library ignores it.
    color: process.env.NO_COLOR ? undefined : "cyan",
  }).start();
  try {
    await follow(clients, arn, functionArn, token, options.timeoutSeconds);
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
export async function failedStep(
  clients: Pick<Clients, "logs">,
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
