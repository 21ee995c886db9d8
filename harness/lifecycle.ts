import { PutMetricDataCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { randomUUID } from "node:crypto";
import { INVOCATION_LIFECYCLE_KEY, retireInput } from "../lambdas/contract/events";
import { PROMOTION_TAG } from "../lambdas/contract/secretTags";
import {
  METRIC_NAMESPACE,
  ConsumerMetrics,
  MetricDimensions,
} from "../lambdas/contract/metricNames";
import { MOTO_CREDENTIALS, MOTO_REGION, motoEndpoint } from "./aws/motoClients";
import type { RotationWorld } from "./rotationWorld";

/** Invokes the bundled function with a maintenance action, as the schedule or the CLI does. */
export function act<T = Record<string, unknown>>(
  world: RotationWorld,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<T> {
  return world.handler({ action, ...extra }) as Promise<T>;
}

/**
 * Puts a `ConsumerPreviousKeyFallbacks` datapoint into moto's CloudWatch, as
 * CloudWatch would extract it from the consumer client's EMF log line, in the
 * consumer's region (the key's own by default).
 */
export async function recordConsumerFallback(
  secretName: string,
  at: Date,
  region: string = MOTO_REGION,
): Promise<void> {
  await recordConsumerMetric(ConsumerMetrics.PreviousKeyFallbacks, secretName, at, region);
}

/** Puts one datapoint of a consumer metric into moto's CloudWatch in `region`. */
export async function recordConsumerMetric(
  metricName: string,
  secretName: string,
  at: Date,
  region: string = MOTO_REGION,
): Promise<void> {
  const client = new CloudWatchClient({
    endpoint: motoEndpoint(),
    region,
    credentials: MOTO_CREDENTIALS,
  });
  await client.send(
    new PutMetricDataCommand({
      Namespace: METRIC_NAMESPACE,
      MetricData: [
        {
          MetricName: metricName,
          Dimensions: [{ Name: MetricDimensions.SecretName, Value: secretName }],
          Timestamp: at,
          Value: 1,
          Unit: "Count",
        },
      ],
    }),
  );
}

/** The audit records (the `audit` objects of structured log lines) in captured output. */
export function auditRecords(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { audit?: Record<string, unknown> };
      return parsed.audit ? [parsed.audit] : [];
    } catch {
      return [];
    }
  });
}

/** The promotion record the engine keeps on the secret: which version became AWSCURRENT, and when. */
export async function promotionRecord(
  world: RotationWorld,
): Promise<{ versionId: string; at: string } | undefined> {
  const d = await world.client.send(new DescribeSecretCommand({ SecretId: world.secretArn }));
  const value = d.Tags?.find((t) => t.Key === PROMOTION_TAG)?.Value;
  if (value === undefined) return undefined;
  const [versionId = "", at = ""] = value.split(" ");
  return { versionId, at };
}

/** The end of the overlap window as the engine measures it: the promotion time plus `overlapHours`. */
export async function overlapWindowEndIso(world: RotationWorld): Promise<string> {
  const record = await promotionRecord(world);
  if (record === undefined) throw new Error("the secret has no promotion record");
  return new Date(Date.parse(record.at) + world.options.overlapHours * 3_600_000).toISOString();
}

/**
 * Puts a copy of the AWSCURRENT value under a new token as AWSPENDING — what
 * a tool's PutSecretValue, or AWS's configuration test in one of its
 * undocumented forms, can leave. Returns the new token.
 */
export async function putPendingCopyOfCurrent(world: RotationWorld): Promise<string> {
  const copy = await world.client.send(
    new GetSecretValueCommand({ SecretId: world.secretArn, VersionStage: "AWSCURRENT" }),
  );
  const token = randomUUID();
  await world.client.send(
    new PutSecretValueCommand({
      SecretId: world.secretArn,
      ClientRequestToken: token,
      SecretString: copy.SecretString ?? "",
      VersionStages: ["AWSPENDING"],
    }),
  );
  return token;
}

/**
 * A rotation for `token` whose finishSecret died right after moving
 * `AWSCURRENT` (before its promotion record, tags or emergency revocation):
 * RotateSecret, the first three steps, then the move alone. Bind any request
 * tags to `token` before calling.
 */
export async function promotedThenStopped(world: RotationWorld, token: string): Promise<void> {
  const before = await world.readValue("AWSCURRENT");
  await world.orchestrator.begin(world.secretArn, { token });
  await world.orchestrator.runSteps(world.secretArn, token, [
    "createSecret",
    "setSecret",
    "testSecret",
  ]);
  await world.client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: world.secretArn,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: token,
      RemoveFromVersionId: before?.versionId,
    }),
  );
}

/** What the function answers a retire invocation (`lambdas/engine/lifecycle/retire.ts`). */
export interface RetireReport {
  readonly action: string;
  readonly phase: string;
  readonly outcome: string;
  readonly reason: string;
  readonly revoked: string[];
  readonly alreadyGone: string[];
}

/**
 * The event the retire `aws.lambda.Invocation` (lifecycleScope CRUD) sends in
 * `phase`: the component's input plus the provider's lifecycle key.
 */
export function retireInvocationEvent(
  secretArn: string,
  phase: "create" | "update" | "delete",
  revokeKeys = true,
): Record<string, unknown> {
  const input = retireInput(secretArn, revokeKeys);
  return {
    ...input,
    [INVOCATION_LIFECYCLE_KEY]: { action: phase, prev_input: phase === "create" ? null : input },
  };
}

/** Tags the world's secret, as the CLI or an operator would (request tags, settings). */
export async function tagSecret(world: RotationWorld, tags: Record<string, string>): Promise<void> {
  await world.client.send(
    new TagResourceCommand({
      SecretId: world.secretArn,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}
