import { Settings } from "../../lambdas/contract/settings";
import { checkWholeNumber, describeValue } from "../describe";

/** What happens to a key after it is promoted: revocation of the previous key and rollback. */
export interface RotatedApiKeyLifecycleArgs {
  /**
   * Hours past the overlap window after which the previous key is revoked even
   * if consumers still use it (an error is logged and `RevokedDespiteUse` emitted).
   * @default 72
   */
  readonly revokeHardLimitHours?: number;
  /**
   * Minutes without use (vendor last-use time, consumer fallbacks) after which
   * the previous key counts as unused and may be revoked.
   * @default 60
   */
  readonly usageQuietMinutes?: number;
  /**
   * Roll back to the previous key when the 401-spike alarm fires while the
   * current key is inside its overlap window. Needs `alarms.authFailures`.
   * @default false
   */
  readonly autoRollback?: boolean;
}

/** The lifecycle defaults; those of the revocation settings are the Lambda's own, from the contract. */
export const LifecycleDefaults = {
  revokeHardLimitHours: Settings.revokeHardLimitHours.default,
  usageQuietMinutes: Settings.usageQuietMinutes.default,
  autoRollback: false,
} as const;

export interface LifecyclePlan {
  readonly revokeHardLimitHours: number;
  readonly usageQuietMinutes: number;
  readonly autoRollback: boolean;
}

/** Checks `lifecycle`, pushing one problem per mistake. */
export function planLifecycle(
  value: unknown,
  context: { readonly authFailureAlarm: boolean },
  problems: string[],
): LifecyclePlan {
  if (
    value !== undefined &&
    (typeof value !== "object" || value === null || Array.isArray(value))
  ) {
    problems.push(
      `\`lifecycle\` must be an object like { revokeHardLimitHours?, usageQuietMinutes?, autoRollback? } (received ${describeValue(value)}). Omit it for the defaults.`,
    );
    return LifecycleDefaults;
  }
  const args = (value ?? {}) as RotatedApiKeyLifecycleArgs;
  const hardLimit = args.revokeHardLimitHours ?? LifecycleDefaults.revokeHardLimitHours;
  checkWholeNumber(
    hardLimit,
    "lifecycle.revokeHardLimitHours",
    Settings.revokeHardLimitHours,
    `: how long past the overlap window revocation may wait for consumers to stop using the previous key. Omit it for ${LifecycleDefaults.revokeHardLimitHours}.`,
    problems,
  );
  const quiet = args.usageQuietMinutes ?? LifecycleDefaults.usageQuietMinutes;
  checkWholeNumber(
    quiet,
    "lifecycle.usageQuietMinutes",
    Settings.usageQuietMinutes,
    `. Omit it for ${LifecycleDefaults.usageQuietMinutes}.`,
    problems,
  );
  const autoRollback = args.autoRollback ?? LifecycleDefaults.autoRollback;
  if (typeof autoRollback !== "boolean") {
    problems.push(
      `\`lifecycle.autoRollback\` must be true or false (received ${describeValue(autoRollback)}).`,
    );
  } else if (autoRollback && !context.authFailureAlarm) {
    problems.push(
      "`lifecycle.autoRollback` needs the 401-spike alarm, which is off (`alarms.enabled` or `alarms.authFailures.enabled` is false). Turn the alarm on, or leave autoRollback off.",
    );
  }
  return {
    revokeHardLimitHours: Number(hardLimit),
    usageQuietMinutes: Number(quiet),
    autoRollback: autoRollback === true,
  };
}
