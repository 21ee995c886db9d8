import { describeValue, isWholeNumberIn } from "../describe";
import { RotatedApiKeyDefaults as D, type RotatedApiKeyArgs } from "../rotatedApiKeyArgs";

/** Secrets Manager's recovery window for a deleted secret (`DeleteSecret`'s `RecoveryWindowInDays`); 0 deletes at once. */
export const RECOVERY_WINDOW_DAYS = { min: 7, max: 30, unit: "days", forceDelete: 0 } as const;

/** What happens when the secret or the whole component is deleted. */
export interface DestroyPlan {
  /** Revoke every vendor key of this secret when the component is destroyed (the retire invocation). */
  readonly revokeKeysOnDestroy: boolean;
  /** The resource-policy statement that denies `secretsmanager:DeleteSecret` to every principal. */
  readonly deletionProtection: boolean;
  /** Days Secrets Manager keeps a deleted secret recoverable; undefined = the provider's default (30). */
  readonly recoveryWindowInDays?: number;
}

type DestroyArgs = Pick<
  RotatedApiKeyArgs,
  "revokeKeysOnDestroy" | "deletionProtection" | "recoveryWindowInDays"
>;

/** Checks the destroy-time arguments; pushes one problem per bad value. */
export function planDestroy(a: Partial<DestroyArgs>, problems: string[]): DestroyPlan {
  const revokeKeysOnDestroy = a.revokeKeysOnDestroy ?? D.revokeKeysOnDestroy;
  if (typeof revokeKeysOnDestroy !== "boolean") {
    problems.push(
      `\`revokeKeysOnDestroy\` must be true or false (received ${describeValue(revokeKeysOnDestroy)}). Omit it to revoke this key's vendor keys when the component is destroyed.`,
    );
  }
  const deletionProtection = a.deletionProtection ?? D.deletionProtection;
  if (typeof deletionProtection !== "boolean") {
    problems.push(
      `\`deletionProtection\` must be true or false (received ${describeValue(deletionProtection)}). Omit it to deny deleting the secret outside \`pulumi destroy\`.`,
    );
  }
  const window = a.recoveryWindowInDays;
  const { min, max, forceDelete } = RECOVERY_WINDOW_DAYS;
  if (window !== undefined && window !== forceDelete && !isWholeNumberIn(window, min, max)) {
    problems.push(
      `\`recoveryWindowInDays\` must be ${forceDelete} (delete at once, no recovery) or a whole number of days from ${min} to ${max} (received ${describeValue(window)}): Secrets Manager's range. Omit it to use the default, ${D.recoveryWindowInDays}.`,
    );
  }
  return {
    revokeKeysOnDestroy: revokeKeysOnDestroy === true,
    deletionProtection: deletionProtection === true,
    ...(window === undefined ? {} : { recoveryWindowInDays: window }),
  };
}
