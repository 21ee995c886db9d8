import type * as pulumi from "@pulumi/pulumi";
import { describeValue, isPlain, isWholeNumberIn } from "../describe";
import type { RotationSchedule } from "../schedule";
import {
  AlarmDefaults as D,
  type RotatedApiKeyAlarmsArgs,
  type RotatedApiKeyNotificationsArgs,
} from "./alarmArgs";
import { planAuthFailure, type AuthFailurePlan } from "./validateAuthFailureArgs";

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;
/** The gauge alarms fire after this many periods (monitor runs) breach or go missing. */
export const GAUGE_EVALUATION_PERIODS = 3;

/** The monitoring arguments, as the user gave them. */
export interface MonitoringArgs {
  readonly maintenanceIntervalMinutes?: number;
  readonly alarms?: RotatedApiKeyAlarmsArgs;
  readonly notifications?: RotatedApiKeyNotificationsArgs;
}

/** The schedule figures the alarm thresholds derive from (undefined when they were invalid). */
export interface MonitoringContext {
  readonly schedule: RotationSchedule | undefined;
  readonly keyTtlDays: number | undefined;
}

/** Where alarms and rotation-failure events go. */
export type NotificationPlan =
  | { readonly kind: "existingTopic"; readonly topicArn: pulumi.Input<string> }
  | {
      readonly kind: "createTopic";
      readonly emailAddresses: readonly string[];
      readonly httpsEndpoints: readonly string[];
    };

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

/** The checked maintenance schedule and alarms. */
export interface MonitoringPlan {
  readonly maintenanceIntervalMinutes: number;
  /** EventBridge `rate()` expression of the maintenance schedule. */
  readonly maintenanceScheduleExpression: string;
  /** Undefined when `alarms.enabled` is false. */
  readonly alarms?: AlarmsPlan;
}

/**
 * Checks the maintenance schedule, alarm and notification arguments, pushing
 * one problem per mistake; returns the plan when there were none.
 */
export function planMonitoring(
  args: MonitoringArgs,
  context: MonitoringContext,
  problems: string[],
): MonitoringPlan | undefined {
  const before = problems.length;
  const interval = args.maintenanceIntervalMinutes ?? D.maintenanceIntervalMinutes;
  if (!isWholeNumberIn(interval, 5, 480)) {
    problems.push(
      `\`maintenanceIntervalMinutes\` must be a whole number of minutes from 5 to 480 (received ${describeValue(interval)}): each run measures the key for the alarms, which fire after ${GAUGE_EVALUATION_PERIODS} runs are missing, and CloudWatch evaluates an alarm over at most a day. Omit it to run every ${D.maintenanceIntervalMinutes} minutes.`,
    );
  }
  const alarms = objectArg(args.alarms, "alarms", problems);
  const enabled = flag(alarms?.enabled, "alarms.enabled", problems);
  let alarmsPlan: AlarmsPlan | undefined;
  if (enabled) {
    alarmsPlan = planAlarms(alarms ?? {}, args.notifications, context, interval, problems);
  } else if (args.notifications !== undefined) {
    problems.push(
      `\`notifications\` has no effect when \`alarms.enabled\` is false (received ${describeValue(args.notifications)}): nothing is sent. Remove \`notifications\`, or enable the alarms.`,
    );
  }
  if (problems.length > before) return undefined;
  return {
    maintenanceIntervalMinutes: interval,
    maintenanceScheduleExpression: rateExpression(interval),
    ...(alarmsPlan === undefined ? {} : { alarms: alarmsPlan }),
  };
}

function planAlarms(
  alarms: RotatedApiKeyAlarmsArgs,
  notificationArgs: RotatedApiKeyNotificationsArgs | undefined,
  context: MonitoringContext,
  intervalMinutes: number,
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
    if (!isWholeNumberIn(slack, 0, 720)) {
      problems.push(
        `\`alarms.overdueRotation.slackHours\` must be a whole number of hours from 0 to 720 (received ${describeValue(slack)}). Omit it to allow ${D.overdueRotationSlackHours} hours past the schedule.`,
      );
    } else if (context.schedule !== undefined) {
      const { maxIntervalHours, windowHours } = context.schedule;
      overdueRotation = { thresholdHours: maxIntervalHours + windowHours + slack };
    }
  }
  let rotationFailure: AlarmsPlan["rotationFailure"];
  if (flag(failure?.enabled, "alarms.rotationFailure.enabled", problems)) {
    const threshold = failure?.functionErrorsThreshold ?? D.functionErrorsThreshold;
    if (!isWholeNumberIn(threshold, 1, 1000)) {
      problems.push(
        `\`alarms.rotationFailure.functionErrorsThreshold\` must be a whole number of errors from 1 to 1000 (received ${describeValue(threshold)}). Omit it to alarm on the first error.`,
      );
    } else {
      rotationFailure = { functionErrorsThreshold: threshold };
    }
  }
  const authFailure = flag(auth?.enabled, "alarms.authFailureSpike.enabled", problems)
    ? planAuthFailure(auth, problems)
    : undefined;
  const withDashboard = flag(dashboard?.enabled, "alarms.dashboard.enabled", problems);
  if (notifications === undefined) return undefined;
  return {
    notifications,
    gaugePeriodSeconds: intervalMinutes * 60,
    ...(keyExpiry === undefined ? {} : { keyExpiry }),
    ...(overdueRotation === undefined ? {} : { overdueRotation }),
    ...(rotationFailure === undefined ? {} : { rotationFailure }),
    ...(authFailure === undefined ? {} : { authFailure }),
    dashboard: withDashboard,
  };
}

function planKeyExpiry(
  thresholdDays: number | undefined,
  context: MonitoringContext,
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
  if (
    typeof thresholdDays !== "number" ||
    !Number.isFinite(thresholdDays) ||
    thresholdDays <= 0 ||
    thresholdDays > 365
  ) {
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

function planNotifications(
  args: RotatedApiKeyNotificationsArgs | undefined,
  problems: string[],
): NotificationPlan | undefined {
  const n = objectArg(
    args,
    "notifications",
    problems,
    '{ emailAddresses: ["oncall@example.com"] }',
  );
  if (args !== undefined && n === undefined) return undefined;
  const before = problems.length;
  const emailAddresses = stringList(
    n?.emailAddresses,
    "notifications.emailAddresses",
    EMAIL,
    'an email address like "oncall@example.com"',
    problems,
  );
  const httpsEndpoints = stringList(
    n?.httpsEndpoints,
    "notifications.httpsEndpoints",
    HTTPS_URL,
    'an https:// URL like "https://hooks.example.com/alerts"',
    problems,
  );
  const topicArn = n?.topicArn;
  if (topicArn !== undefined) {
    if (isPlain(topicArn) && !(typeof topicArn === "string" && SNS_TOPIC_ARN.test(topicArn))) {
      problems.push(
        `\`notifications.topicArn\` must be a standard SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (received ${describeValue(topicArn)}): CloudWatch alarms cannot publish to FIFO topics. Pass the topic's ARN, or omit it for the component to create a topic.`,
      );
    }
    if (emailAddresses.length + httpsEndpoints.length > 0) {
      problems.push(
        `\`notifications.topicArn\` cannot be combined with \`notifications.emailAddresses\` or \`notifications.httpsEndpoints\` (received both): the component subscribes endpoints only to a topic it creates. Subscribe them to your topic yourself, or remove \`topicArn\`.`,
      );
    }
    return problems.length > before ? undefined : { kind: "existingTopic", topicArn };
  }
  return problems.length > before
    ? undefined
    : { kind: "createTopic", emailAddresses, httpsEndpoints };
}

function stringList(
  value: readonly string[] | undefined,
  arg: string,
  pattern: RegExp,
  shape: string,
  problems: string[],
): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(
      `\`${arg}\` must be a list (received ${describeValue(value)}). Pass a list, or omit it.`,
    );
    return [];
  }
  value.forEach((item: unknown, i) => {
    if (typeof item === "string" && pattern.test(item)) return;
    problems.push(
      `\`${arg}[${i}]\` must be ${shape} (received ${describeValue(item)}). Fix or remove it.`,
    );
  });
  return value;
}

/** An optional object argument; pushes a problem and returns undefined for anything else. */
function objectArg<T extends object>(
  value: T | undefined,
  arg: string,
  problems: string[],
  example = "{ enabled: false }",
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  problems.push(
    `\`${arg}\` must be an object (received ${describeValue(value)}). Pass an object such as ${example}, or omit it for the defaults.`,
  );
  return undefined;
}

/** An optional boolean that defaults to true; a non-boolean is a problem (and reads as false). */
function flag(value: unknown, arg: string, problems: string[]): boolean {
  if (value === undefined) return true;
  if (typeof value === "boolean") return value;
  problems.push(
    `\`${arg}\` must be true or false (received ${describeValue(value)}). Omit it to keep this on.`,
  );
  return false;
}

/** `rate(1 hour)`, `rate(90 minutes)`, `rate(2 hours)`. */
export function rateExpression(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `rate(${hours} ${hours === 1 ? "hour" : "hours"})`;
  }
  return `rate(${minutes} minutes)`;
}
