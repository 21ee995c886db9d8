import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { ProxyAnswer, ProxyCall, ProxyHooks } from "../aws/faultProxy";

/**
 * Secrets Manager behaviour moto 5.2 lacks, played by the fault proxy in front
 * of it (ROTATION.md, "How AWS Secrets Manager drives a rotation"):
 * - `RotateSecret` fails with "A previous rotation isn't complete" while
 *   AWSPENDING sits on a version other than AWSCURRENT (moto accepts it), and
 *   succeeds while AWSPENDING sits on AWSCURRENT (moto refuses that);
 * - `PutSecretValue` with a token whose version already holds a value is a
 *   no-op for the same value and `ResourceExistsException` for another (moto
 *   overwrites an AWSPENDING version);
 * - version `CreatedDate`s are on the model clock, not moto's real one: the
 *   time each version was created is recorded when the proxy (or the model,
 *   through {@link VersionClock.note}) sees it created.
 */
export interface VersionClock {
  note(versionId: string, atMs: number): void;
  createdAt(versionId: string): number | undefined;
}

export function versionClock(): VersionClock {
  const times = new Map<string, number>();
  return {
    note: (versionId, atMs) => {
      if (!times.has(versionId)) times.set(versionId, atMs);
    },
    createdAt: (versionId) => times.get(versionId),
  };
}

export function awsFidelityHooks(
  moto: SecretsManagerClient,
  clock: VersionClock,
  extra: Pick<ProxyHooks, "hold"> = {},
): ProxyHooks {
  return {
    ...extra,
    intercept: async (call) => {
      if (call.operation === "RotateSecret") return rotateSecret(moto, call);
      if (call.operation === "PutSecretValue") return putSecretValue(moto, call);
      return undefined;
    },
    rewrite: (call, status, body) => {
      if (status !== 200) return body;
      const parsed = JSON.parse(body) as {
        VersionId?: string;
        Versions?: Array<{ VersionId?: string; CreatedDate?: number }>;
      };
      if (
        (call.operation === "PutSecretValue" || call.operation === "RotateSecret") &&
        parsed.VersionId !== undefined
      ) {
        clock.note(parsed.VersionId, Date.now());
        return body;
      }
      if (call.operation !== "ListSecretVersionIds") return body;
      for (const v of parsed.Versions ?? []) {
        const at = clock.createdAt(v.VersionId ?? "");
        if (at !== undefined) v.CreatedDate = at / 1000;
      }
      return JSON.stringify(parsed);
    },
  };
}

function error(status: number, type: string, message: string): ProxyAnswer {
  return { status, body: JSON.stringify({ __type: type, message }) };
}

async function rotateSecret(
  moto: SecretsManagerClient,
  call: ProxyCall,
): Promise<ProxyAnswer | undefined> {
  const { SecretId } = JSON.parse(call.requestBody) as { SecretId: string };
  const d = await moto.send(new DescribeSecretCommand({ SecretId }));
  const stages = Object.entries(d.VersionIdsToStages ?? {});
  if (stages.some(([, s]) => s.includes("AWSPENDING") && !s.includes("AWSCURRENT"))) {
    return error(
      400,
      "InvalidRequestException",
      "A previous rotation isn't complete. That rotation will be reattempted.",
    );
  }
  const onCurrent = stages.find(([, s]) => s.includes("AWSPENDING"))?.[0];
  if (onCurrent !== undefined) {
    await moto.send(
      new UpdateSecretVersionStageCommand({
        SecretId,
        VersionStage: "AWSPENDING",
        RemoveFromVersionId: onCurrent,
      }),
    );
  }
  return undefined;
}

async function putSecretValue(
  moto: SecretsManagerClient,
  call: ProxyCall,
): Promise<ProxyAnswer | undefined> {
  const request = JSON.parse(call.requestBody) as {
    SecretId: string;
    ClientRequestToken?: string;
    SecretString?: string;
  };
  if (request.ClientRequestToken === undefined) return undefined;
  let existing: { SecretString?: string; ARN?: string; Name?: string; VersionStages?: string[] };
  try {
    existing = await moto.send(
      new GetSecretValueCommand({
        SecretId: request.SecretId,
        VersionId: request.ClientRequestToken,
      }),
    );
  } catch {
    return undefined; // no such version, or a version without a value: store it
  }
  if (existing.SecretString === undefined) return undefined;
  if (existing.SecretString === request.SecretString) {
    return {
      status: 200,
      body: JSON.stringify({
        ARN: existing.ARN,
        Name: existing.Name,
        VersionId: request.ClientRequestToken,
        VersionStages: existing.VersionStages ?? [],
      }),
    };
  }
  return error(
    400,
    "ResourceExistsException",
    `You can't use ClientRequestToken ${request.ClientRequestToken} because that value is already in use for a version of secret ${request.SecretId}.`,
  );
}
