/**
 * A replica's ARN: the primary's ARN with the region swapped, as Secrets
 * Manager names replicas (same name, same 6-character suffix). Any other id
 * (a name, a partial ARN) is returned as it is: a name is the same in every
 * region. No imports: the consumer package ships this file.
 */
export function replicaSecretArn(secretId: string, region: string): string {
  const parts = secretId.split(":");
  if (parts[0] !== "arn" || parts[2] !== "secretsmanager" || parts.length < 7) return secretId;
  parts[3] = region;
  return parts.join(":");
}
