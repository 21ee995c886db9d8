import type * as pulumi from "@pulumi/pulumi";

/** One `replicas` entry of `aws.secretsmanager.Secret`. */
export interface SecretReplicaInput {
  readonly region: string;
  readonly kmsKeyId?: pulumi.Input<string>;
}

/**
 * The secret's `replicas`: one per region, with that region's KMS key when
 * one is given (without one, Secrets Manager uses the region's
 * `aws/secretsmanager` key). Undefined when there are none, so the secret's
 * inputs do not change for keys without replicas.
 */
export function secretReplicas(
  regions: readonly string[],
  kmsKeyIds: Readonly<Record<string, pulumi.Input<string>>> | undefined,
): SecretReplicaInput[] | undefined {
  if (regions.length === 0) return undefined;
  return regions.map((region) => {
    const kmsKeyId = kmsKeyIds?.[region];
    return { region, ...(kmsKeyId === undefined ? {} : { kmsKeyId }) };
  });
}
