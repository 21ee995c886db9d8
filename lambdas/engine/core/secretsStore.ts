import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { SecretStateError } from "../../contract/errors";

export const Stage = {
  Current: "AWSCURRENT",
  Pending: "AWSPENDING",
  Previous: "AWSPREVIOUS",
} as const;

/** What `DescribeSecret` tells the entry checks. */
export interface SecretDescription {
  readonly arn: string;
  readonly name: string;
  readonly rotationEnabled: boolean;
  readonly versionIdsToStages: Readonly<Record<string, readonly string[]>>;
  /** The secret's tags (emergency rotation requests travel as tags, see lifecycle/requestTags.ts). */
  readonly tags: Readonly<Record<string, string>>;
  /** The Lambda Secrets Manager invokes for rotation, if configured. */
  readonly rotationLambdaArn: string | undefined;
  /** The rotation schedule, when rotation is configured. */
  readonly rotationRules?: RotationRules;
  /** When Secrets Manager will next rotate the secret (`NextRotationDate`), when it says. */
  readonly nextRotationDate?: Date;
}

/** `DescribeSecret`'s `RotationRules`. */
export interface RotationRules {
  readonly automaticallyAfterDays?: number;
  readonly scheduleExpression?: string;
  /** The window length, e.g. `3h`. */
  readonly duration?: string;
}

/** A secret as `ListSecrets` reports it: enough to order and pick fleet members. */
export interface TaggedSecretSummary {
  readonly arn: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A version as `ListSecretVersionIds` reports it. */
export interface VersionInfo {
  readonly versionId: string;
  readonly stages: readonly string[];
  readonly createdDate: Date | undefined;
}

/** A version's value and id, read by explicit stage or version id. */
export interface SecretVersionValue {
  readonly versionId: string;
  readonly secretString: string | undefined;
  /** The version's `CreatedDate` (for a rotation's version: when `RotateSecret` created it). */
  readonly createdDate?: Date;
}

/**
 * The handful of Secrets Manager calls the rotation steps make, each with the
 * stage or version named explicitly (never the service's implicit default).
 */
export class SecretsStore {
  public constructor(private readonly client: SecretsManagerClient) {}

  public async describe(secretId: string): Promise<SecretDescription> {
    const out = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return {
      arn: out.ARN ?? secretId,
      name: out.Name ?? secretId,
      rotationEnabled: out.RotationEnabled === true,
      versionIdsToStages: out.VersionIdsToStages ?? {},
      tags: Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
      rotationLambdaArn: out.RotationLambdaARN,
      ...(out.NextRotationDate === undefined ? {} : { nextRotationDate: out.NextRotationDate }),
      ...(out.RotationRules === undefined
        ? {}
        : {
            rotationRules: {
              ...(out.RotationRules.AutomaticallyAfterDays === undefined
                ? {}
                : { automaticallyAfterDays: out.RotationRules.AutomaticallyAfterDays }),
              ...(out.RotationRules.ScheduleExpression === undefined
                ? {}
                : { scheduleExpression: out.RotationRules.ScheduleExpression }),
              ...(out.RotationRules.Duration === undefined
                ? {}
                : { duration: out.RotationRules.Duration }),
            },
          }),
    };
  }

  /** Reads a version; `undefined` when it does not exist or holds no value yet. */
  public async read(
    secretId: string,
    select: { readonly stage: string; readonly versionId?: string },
  ): Promise<SecretVersionValue | undefined> {
    try {
      const out = await this.client.send(
        new GetSecretValueCommand({
          SecretId: secretId,
          VersionStage: select.stage,
          ...(select.versionId === undefined ? {} : { VersionId: select.versionId }),
        }),
      );
      return {
        versionId: out.VersionId ?? select.versionId ?? "",
        secretString: out.SecretString,
        ...(out.CreatedDate === undefined ? {} : { createdDate: out.CreatedDate }),
      };
    } catch (error) {
      // A valueless AWSPENDING version and a missing AWSCURRENT both answer ResourceNotFound.
      if (
        error instanceof ResourceNotFoundException ||
        isNamed(error, "ResourceNotFoundException")
      ) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Stores the pending value under the rotation token. A repeat with the same
   * bytes is a no-op at the service; different bytes under the same token mean
   * another attempt already stored a different key, which is reported, never
   * overwritten.
   */
  public async putPending(
    secretId: string,
    token: string,
    secretString: string,
    rotationToken?: string,
  ): Promise<void> {
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          SecretString: secretString,
          VersionStages: [Stage.Pending],
          ...(rotationToken === undefined ? {} : { RotationToken: rotationToken }),
        }),
      );
    } catch (error) {
      if (error instanceof ResourceExistsException || isNamed(error, "ResourceExistsException")) {
        throw new SecretStateError(
          `Version ${token} of secret ${secretId} already holds a different value; a concurrent attempt stored another key.`,
          { secretId, token },
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Sets tags on the secret (e.g. the promotion record). */
  public async tag(secretId: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const entries = Object.entries(tags);
    if (entries.length === 0) return;
    await this.client.send(
      new TagResourceCommand({
        SecretId: secretId,
        Tags: entries.map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  }

  /** Removes tags from the secret (a request that has been acted on). */
  /**
   * Every secret whose tag `key` is exactly `value`, all pages. `ListSecrets`
   * matches tag keys and tag values independently, so the exact pair is
   * checked again here.
   */
  public async listTagged(key: string, value: string): Promise<TaggedSecretSummary[]> {
    const found: TaggedSecretSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListSecretsCommand({
          Filters: [
            { Key: "tag-key", Values: [key] },
            { Key: "tag-value", Values: [value] },
          ],
          MaxResults: 100,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      for (const entry of page.SecretList ?? []) {
        const tags = Object.fromEntries(
          (entry.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]),
        );
        if (entry.ARN !== undefined && tags[key] === value) {
          found.push({ arn: entry.ARN, name: entry.Name ?? entry.ARN, tags });
        }
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return found;
  }

  public async untag(secretId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.client.send(new UntagResourceCommand({ SecretId: secretId, TagKeys: [...keys] }));
  }

  /** Removes a staging label from a version (e.g. an abandoned AWSPENDING). */
  public async removeStage(secretId: string, stage: string, versionId: string): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: stage,
        RemoveFromVersionId: versionId,
      }),
    );
  }

  /** Every version of the secret, deprecated ones included, with its stages and creation time. */
  public async listVersions(secretId: string): Promise<VersionInfo[]> {
    const versions: VersionInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListSecretVersionIdsCommand({
          SecretId: secretId,
          IncludeDeprecated: true,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      for (const v of page.Versions ?? []) {
        if (v.VersionId === undefined) continue;
        versions.push({
          versionId: v.VersionId,
          stages: v.VersionStages ?? [],
          createdDate: v.CreatedDate,
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return versions;
  }

  /** The `CreatedDate` of one version (`ListSecretVersionIds`, for a version without a value to read). */
  public async versionCreatedAt(secretId: string, versionId: string): Promise<Date | undefined> {
    return (await this.listVersions(secretId)).find((v) => v.versionId === versionId)?.createdDate;
  }

  /** Moves `AWSCURRENT` to `token`; the version it leaves becomes `AWSPREVIOUS`. */
  public async promote(
    secretId: string,
    token: string,
    currentVersionId: string | undefined,
  ): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: Stage.Current,
        MoveToVersionId: token,
        ...(currentVersionId === undefined ? {} : { RemoveFromVersionId: currentVersionId }),
      }),
    );
  }
}

/** The version currently labelled `stage`, if any. */
export function versionWithStage(
  description: SecretDescription,
  stage: string,
): string | undefined {
  return Object.entries(description.versionIdsToStages).find(([, stages]) =>
    stages.includes(stage),
  )?.[0];
}

function isNamed(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
}
