import { checkWholeNumber, describeValue, isPositiveUpTo } from "../../describe";
import type { RotatedApiKeyArgs } from "../../rotatedApiKeyArgs";
import type { RotationSchedule } from "../../schedule";
import {
  AlarmDefaults as D,
  type RotatedApiKeyAlarmsArgs,
  type RotatedApiKeyNotificationsArgs,
} from "../alarmArgs";
import { flag, objectArg } from "./argShapes";
import { planAuthFailure, type AuthFailurePlan } from "./authFailurePlan";
import { planNotifications, type NotificationPlan } from "./notificationsPlan";

/** The alarm and notification arguments, as the user gave them. */
export type AlarmsArgs = Pick<RotatedApiKeyArgs, "alarms" | "notifications">;

/** The figures the alarm thresholds derive from (schedule and TTL undefined when they were invalid). */
export interface AlarmsContext {
  readonly schedule: RotationSchedule | undefined;
  readonly keyTtlDays: number | undefined;
  /** One gauge period: the monitor runs once per maintenance interval. */
  readonly maintenanceIntervalMinutes: number;
}

/** The alarms to create, thresholds resolved; a missing member is turned off. */
export interface AlarmsPlan {
  readonly notifications: NotificationPlan;
  /** Period of the gauge alarms: one maintenance interval, so each period holds one monitor run. */
  readonly gaugePeriodSeconds: number;
  readonly keyExpiry?: { readonly thresholdDays: number };
  readonly overdueRotation?: { readonly thresholdHours: number };
  readonly rotationFailure?: { readonly functionErrorsThreshold: number };
  readonly authFailure?: AuthFailurePlan;
  readonly dashboard: boolean;
}

/**
 * Checks the alarm and notification arguments, pushing one problem per
 * mistake. Returns the plan, or undefined when `alarms.enabled` is false or
 * something was wrong.
 */
export function planAlarms(
  args: AlarmsArgs,
  context: AlarmsContext,
  problems: string[],
): AlarmsPlan | undefined {
  const alarms = objectArg(args.alarms, "alarms", problems);
  if (flag(alarms?.enabled, "alarms.enabled", problems)) {
    return planEnabledAlarms(alarms ?? {}, args.notifications, context, problems);
  }
  if (args.notifications !== undefined) {
    problems.push(
      `\`notifications\` has no effect when \`alarms.enabled\` is false (received ${describeValue(args.notifications)}): nothing is sent. Remove \`notifications\`, or enable the alarms.`,
    );
  }
  return undefined;
}

function planEnabledAlarms(
  alarms: RotatedApiKeyAlarmsArgs,
  notificationArgs: RotatedApiKeyNotificationsArgs | undefined,
  context: AlarmsContext,
  problems: string[],
): AlarmsPlan | undefined {
  const notifications = planNotifications(notificationArgs, problems);
  const expiry = objectArg(alarms.keyExpiry, "alarms.keyExpiry", problems);
  const overdue = objectArg(alarms.overdueRotation, "alarms.overdueRotation", problems);
  const failure = objectArg(alarms.rotationFailure, "alarms.rotationFailure", problems);
  const auth = objectArg(alarms.authFailureSpike, "alarms.authFailureSpike", problems);
  const dashboard = objectArg(alarms.dashboard, "alarms.dashboard", problems);
  const keyExpiry = flag(expiry?.enabled, "alarms.keyExpiry.enabled", problems)
    ? planKeyExpiry(expiry?.thresholdDays, context, problems)
    : undefined;
  let overdueRotation: AlarmsPlan["overdueRotation"];
  if (flag(overdue?.enabled, "alarms.overdueRotation.enabled", problems)) {
    const slack = overdue?.slackHours ?? D.overdueRotationSlackHours;
    const ok = checkWholeNumber(
      slack,
      "alarms.overdueRotation.slackHours",
      { min: 0, max: 720, unit: "hours" },
      `. Omit it to allow ${D.overdueRotationSlackHours} hours past the schedule.`,
      problems,
    );
    if (ok && context.schedule !== undefined) {
      const { maxIntervalHours, windowHours } = context.schedule;
      overdueRotation = { thresholdHours: maxIntervalHours + windowHours + slack };
    }
  }
  let rotationFailure: AlarmsPlan["rotationFailure"];
  if (flag(failure?.enabled, "alarms.rotationFailure.enabled", problems)) {
    const threshold = failure?.functionErrorsThreshold ?? D.functionErrorsThreshold;
    const ok = checkWholeNumber(
      threshold,
      "alarms.rotationFailure.functionErrorsThreshold",
      { min: 1, max: 1000, unit: "errors" },
      ". Omit it to alarm on the first error.",
      problems,
    );
    if (ok) rotationFailure = { functionErrorsThreshold: threshold };
  }
  const authFailure = flag(auth?.enabled, "alarms.authFailureSpike.enabled", problems)
    ? planAuthFailure(auth, problems)
    : undefined;
  const withDashboard = flag(dashboard?.enabled, "alarms.dashboard.enabled", problems);
  if (notifications === undefined) return undefined;
  return {
    notifications,
    gaugePeriodSeconds: context.maintenanceIntervalMinutes * 60,
    ...(keyExpiry === undefined ? {} : { keyExpiry }),
    ...(overdueRotation === undefined ? {} : { overdueRotation }),
    ...(rotationFailure === undefined ? {} : { rotationFailure }),
    ...(authFailure === undefined ? {} : { authFailure }),
    dashboard: withDashboard,
  };
}

function planKeyExpiry(
  thresholdDays: number | undefined,
  context: AlarmsContext,
  problems: string[],
): AlarmsPlan["keyExpiry"] {
  const { schedule, keyTtlDays } = context;
  if (keyTtlDays === 0) {
    if (thresholdDays !== undefined) {
      problems.push(
        `\`alarms.keyExpiry.thresholdDays\` has no effect when \`keyTtlDays\` is 0 (received ${describeValue(thresholdDays)}): keys never expire, so there is no expiry alarm. Remove it, or set \`keyTtlDays\`.`,
      );
    }
    return undefined;
  }
  if (schedule === undefined || keyTtlDays === undefined) return undefined;
  const dueHours = schedule.maxIntervalHours + schedule.windowHours;
  const leftAtSuccessor = Math.floor(((keyTtlDays * 24 - dueHours) / 24) * 100) / 100;
  if (thresholdDays === undefined) {
    const fallback = Math.floor((leftAtSuccessor / 2) * 100) / 100;
    return {
      thresholdDays:
        D.keyExpiryThresholdDays < leftAtSuccessor ? D.keyExpiryThresholdDays : fallback,
    };
  }
  if (!isPositiveUpTo(thresholdDays, 365)) {
    problems.push(
      `\`alarms.keyExpiry.thresholdDays\` must be a number of days above 0 and at most 365 (received ${describeValue(thresholdDays)}). Omit it to alarm ${D.keyExpiryThresholdDays} days before expiry.`,
    );
    return undefined;
  }
  if (thresholdDays >= leftAtSuccessor) {
    problems.push(
      `\`alarms.keyExpiry.thresholdDays\` must be below ${leftAtSuccessor}, the days a key has left when its successor is due (\`keyTtlDays\` ${keyTtlDays} minus up to ${dueHours} hours between rotations and window), or the alarm fires before every rotation (received ${thresholdDays}). Lower it, or raise \`keyTtlDays\`.`,
    );
    return undefined;
  }
  return { thresholdDays };
}
