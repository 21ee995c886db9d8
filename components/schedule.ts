import { analyseCron } from "./cronSchedule";
import { describeValue, isWholeNumberIn } from "./describe";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";

const SCHEDULE_DOCS =
  "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html";
/** Secrets Manager rotates at most this often. */
export const MIN_ROTATION_INTERVAL_HOURS = 4;

/** The schedule arguments, as the user gave them. */
export type ScheduleArgs = Pick<
  RotatedApiKeyArgs,
  "rotationDays" | "scheduleExpression" | "rotationWindow"
>;

/** A checked schedule: the `rotationRules` to send, and the figures the other checks need. */
export interface RotationSchedule {
  /** `SecretRotation.rotationRules`. */
  readonly rules: {
    readonly automaticallyAfterDays?: number;
    readonly scheduleExpression?: string;
    readonly duration?: string;
  };
  /** How the schedule reads in messages, e.g. `rotationDays 30` or `"rate(12 hours)"`. */
  readonly label: string;
  /** The shortest time between two scheduled rotations, in hours. */
  readonly minIntervalHours: number;
  /** The longest time between two scheduled rotations, in hours. */
  readonly maxIntervalHours: number;
  /** The rotation window in hours: the one given, or Secrets Manager's default for this schedule. */
  readonly windowHours: number;
}

interface Shape {
  readonly minGapHours: number;
  readonly maxGapHours: number;
  readonly defaultWindowHours: number;
  /** Latest hour of day a window opens; windows must close by midnight UTC. */
  readonly latestStartHour: number;
  /** A `rate()` in hours, whose windows open at midnight and every N hours after. */
  readonly rateHours?: number;
}

/**
 * Checks the schedule arguments and returns the schedule, or `undefined`
 * after pushing one problem per mistake onto `problems`.
 */
export function planSchedule(
  args: ScheduleArgs,
  defaultDays: number,
  problems: string[],
): RotationSchedule | undefined {
  const { rotationDays, scheduleExpression, rotationWindow } = args;
  if (rotationDays !== undefined && scheduleExpression !== undefined) {
    problems.push(
      `Set only one of \`rotationDays\` or \`scheduleExpression\` (received both: ${describeValue(rotationDays)} and ${describeValue(scheduleExpression)}). Remove one of them.`,
    );
    return undefined;
  }
  let shape: Shape | undefined;
  let label: string;
  let rules: RotationSchedule["rules"];
  if (scheduleExpression === undefined) {
    const days = rotationDays ?? defaultDays;
    label = `\`rotationDays: ${days}\``;
    rules = { automaticallyAfterDays: days };
    if (isWholeNumberIn(days, 1, 1000)) {
      shape = {
        minGapHours: days * 24,
        maxGapHours: days * 24,
        defaultWindowHours: 24,
        latestStartHour: 0,
      };
    } else {
      problems.push(
        `\`rotationDays\` must be a whole number from 1 to 1000 (received ${describeValue(days)}). Use \`scheduleExpression\` (e.g. "rate(12 hours)") to rotate more often than daily.`,
      );
    }
  } else {
    label = describeValue(scheduleExpression);
    rules = { scheduleExpression };
    const parsed = typeof scheduleExpression === "string" ? shapeOf(scheduleExpression) : undefined;
    if (parsed === undefined || typeof parsed === "string") {
      problems.push(
        `\`scheduleExpression\` must be "rate(<n> hours|days)" or "cron(0 <hours> <day-of-month> <month> <day-of-week> *)"${parsed === undefined ? "" : `; this cron expression ${parsed}`} (received ${label}). Fix the expression; see ${SCHEDULE_DOCS}.`,
      );
    } else if (parsed.minGapHours < MIN_ROTATION_INTERVAL_HOURS) {
      problems.push(
        `\`scheduleExpression\` must not rotate more often than every ${MIN_ROTATION_INTERVAL_HOURS} hours (received ${label}, with rotations ${hours(parsed.minGapHours)} apart). Space rotations at least ${MIN_ROTATION_INTERVAL_HOURS} hours apart.`,
      );
    } else if (parsed.maxGapHours > 999 * 24) {
      problems.push(
        `\`scheduleExpression\` must rotate at least every 999 days (received ${label}). Rotate more often.`,
      );
    } else {
      shape = parsed;
    }
  }
  if (rotationWindow === undefined) {
    return shape && { rules, label, ...intervals(shape), windowHours: shape.defaultWindowHours };
  }
  const windowHours = parseWindow(rotationWindow);
  if (windowHours === undefined) {
    problems.push(
      `\`rotationWindow\` must be "<n>h" with n a whole number from 1 to 24 (received ${describeValue(rotationWindow)}). Write e.g. "3h", or omit it to use Secrets Manager's default window.`,
    );
    return undefined;
  }
  if (shape === undefined) return undefined;
  if (windowHours > shape.minGapHours) {
    problems.push(
      `\`rotationWindow\` must not reach into the next rotation: at most ${shape.minGapHours}h for ${label} (received "${rotationWindow}"). Shorten the window or rotate less often.`,
    );
    return undefined;
  }
  if (shape.latestStartHour + windowHours > 24 && shape.rateHours !== undefined) {
    problems.push(
      `\`rotationWindow\` must close by midnight UTC: ${label} opens windows at midnight UTC and every ${shape.rateHours} hours after, the last at ${shape.latestStartHour}:00, so at most ${24 - shape.latestStartHour}h (received "${rotationWindow}"). Shorten the window, or use a rate that divides 24 hours.`,
    );
    return undefined;
  }
  if (shape.latestStartHour + windowHours > 24) {
    problems.push(
      `\`rotationWindow\` must close by midnight UTC: ${label} opens a window at ${shape.latestStartHour}:00, so at most ${24 - shape.latestStartHour}h (received "${rotationWindow}"). Shorten the window or open it earlier.`,
    );
    return undefined;
  }
  // AWS applies `Duration` to a ScheduleExpression ("the window starts according to the
  // ScheduleExpression"): with a window, days are sent as rate(N days), as CDK does. Without
  // one they stay AutomaticallyAfterDays, so existing stacks see no schedule change (which
  // would rotate at once).
  const withWindow =
    rules.automaticallyAfterDays === undefined
      ? rules
      : { scheduleExpression: `rate(${rules.automaticallyAfterDays} days)` };
  return {
    rules: { ...withWindow, duration: rotationWindow },
    label,
    ...intervals(shape),
    windowHours,
  };
}

function hours(n: number): string {
  return n === 1 ? "1 hour" : `${n} hours`;
}

function intervals(shape: Shape): { minIntervalHours: number; maxIntervalHours: number } {
  return { minIntervalHours: shape.minGapHours, maxIntervalHours: shape.maxGapHours };
}

function parseWindow(window: unknown): number | undefined {
  const match = typeof window === "string" ? /^(\d{1,2})h$/.exec(window) : null;
  const hours = match ? Number(match[1]) : Number.NaN;
  return hours >= 1 && hours <= 24 ? hours : undefined;
}

/** The shape of a `rate()` or `cron()` expression; a problem string for a bad cron; `undefined` if neither. */
function shapeOf(expression: string): Shape | string | undefined {
  const rate = /^rate\((\d+) (hours?|days?)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) return undefined;
    if ((rate[2] as string).startsWith("hour")) {
      return {
        minGapHours: value,
        maxGapHours: value,
        defaultWindowHours: 1,
        latestStartHour: latestRateStartHour(value),
        rateHours: value,
      };
    }
    return {
      minGapHours: value * 24,
      maxGapHours: value * 24,
      defaultWindowHours: 24,
      latestStartHour: 0,
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return undefined;
  const shape = analyseCron(cron[1] as string);
  if (typeof shape === "string") return shape;
  return {
    minGapHours: shape.minGapHours,
    maxGapHours: shape.maxGapHours,
    defaultWindowHours: shape.multiplePerDay ? 1 : 24 - shape.latestStartHour,
    latestStartHour: shape.latestStartHour,
  };
}

/**
 * The latest hour of day a `rate(N hours)` window opens. Secrets Manager
 * opens a rate()'s windows at midnight UTC: under a day, at midnight and
 * every N hours after within each day (the last at the largest multiple of
 * N below 24); from a day on, the series runs on across days, so windows open
 * at every multiple of gcd(N, 24) hours of the day.
 */
function latestRateStartHour(n: number): number {
  if (n < 24) return n * Math.floor(23 / n);
  return 24 - gcd(n, 24);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
