/**
 * Why `history` could not read a version's value, and what the operator can
 * do about it. With `consumerPrincipals`, the secret's resource policy denies
 * `GetSecretValue` to everyone but the consumers, the rotation role and
 * `operatorPrincipals`; without this, `history` silently showed ids only.
 */
export interface DeniedRead {
  readonly versionId: string;
  readonly error: { readonly name?: string; readonly message?: string };
}

/** Whether an error from `GetSecretValue` is an access denial (the secret policy, IAM or KMS). */
export function isAccessDenied(error: unknown): error is { name: string; message?: string } {
  return (error as { name?: unknown } | null)?.name === "AccessDeniedException";
}

/**
 * The IAM ARN `aws:PrincipalArn` holds for the caller named in an
 * AccessDenied message ("User: arn:aws:sts::…:assumed-role/ops/alice is not
 * authorized…"): an assumed role's session becomes its role's ARN (without
 * the role's path, which the message does not give).
 */
export function principalOf(message: string): string | undefined {
  const caller = /User: (arn:[^\s]+) is not authorized/.exec(message)?.[1];
  if (caller === undefined) return undefined;
  const assumed = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller);
  return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : caller;
}

/** One line saying why the values were not read and what to do, for the versions denied. */
export function deniedReadsNote(
  secretName: string,
  total: number,
  denied: readonly DeniedRead[],
): string {
  const first = denied[0]?.error.message ?? "";
  const who = principalOf(first);
  const count = `${denied.length} of ${total} version(s)`;
  const shown = "so they show ids, stages and dates only, without key ids or expiry";
  if (/resource-based policy/i.test(first)) {
    return (
      `note: GetSecretValue was denied for ${count} of ${secretName} by the secret's resource policy, ${shown}. ` +
      "RotatedApiKey's `consumerPrincipals` denies reading values to every principal except the consumers, " +
      "the rotation role and `operatorPrincipals`. " +
      `Add ${who ?? "your role's ARN"} to \`operatorPrincipals\` (docs/cross-account-and-regions.md), or run history as one of those roles.`
    );
  }
  if (/kms/i.test(first)) {
    return (
      `note: GetSecretValue was denied for ${count} of ${secretName} by KMS, ${shown}. ` +
      `The secret's customer managed key must let ${who ?? "you"} decrypt through Secrets Manager (kms:Decrypt with kms:ViaService).`
    );
  }
  return (
    `note: GetSecretValue was denied for ${count} of ${secretName}, ${shown}. ` +
    `Allow ${who ?? "your role"} secretsmanager:GetSecretValue on the secret in its identity policy` +
    " (and, if the key has `consumerPrincipals`, list it in `operatorPrincipals`)."
  );
}
