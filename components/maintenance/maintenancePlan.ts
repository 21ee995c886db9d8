import { GAUGE_EVALUATION_PERIODS } from "../alarms/alarmArgs";
import { checkWholeNumber } from "../describe";
import { RotatedApiKeyDefaults as D } from "../rotatedApiKeyArgs";

/** The checked maintenance schedule. */
export interface MaintenancePlan {
  readonly maintenanceIntervalMinutes: number;
  /** EventBridge `rate()` expression of the maintenance schedule. */
  readonly maintenanceScheduleExpression: string;
}

/** Checks `maintenanceIntervalMinutes`; pushes a problem and returns undefined when it is out of range. */
export function planMaintenance(
  value: number | undefined,
  problems: string[],
): MaintenancePlan | undefined {
  const minutes = value ?? D.maintenanceIntervalMinutes;
  const ok = checkWholeNumber(
    minutes,
    "maintenanceIntervalMinutes",
    { min: 5, max: 480, unit: "minutes" },
    `: each run measures the key for the alarms, which fire after ${GAUGE_EVALUATION_PERIODS} runs are missing, and CloudWatch evaluates an alarm over at most a day. Omit it to run every ${D.maintenanceIntervalMinutes} minutes.`,
    problems,
  );
  if (!ok) return undefined;
  return {
    maintenanceIntervalMinutes: minutes,
    maintenanceScheduleExpression: rateExpression(minutes),
  };
}

/** `rate(1 hour)`, `rate(90 minutes)`, `rate(2 hours)`. */
export function rateExpression(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `rate(${hours} ${hours === 1 ? "hour" : "hours"})`;
  }
  return `rate(${minutes} minutes)`;
}

/**
 * The maintenance schedule as a cron expression that runs every `minutes`,
 * `offset` minutes into each period (0 ≤ offset < minutes), so that many keys
 * do not all call their vendor and Secrets Manager in the same minute;
 * `undefined` when the interval does not divide an hour or a day evenly
 * (the schedule then stays a `rate()`).
 */
export function offsetCronExpression(minutes: number, offset: number): string | undefined {
  if (minutes < 60 && 60 % minutes === 0) return `cron(${offset}/${minutes} * * * ? *)`;
  if (minutes === 60) return `cron(${offset} * * * ? *)`;
  const hours = minutes / 60;
  if (Number.isInteger(hours) && 24 % hours === 0) {
    return `cron(${offset % 60} ${Math.floor(offset / 60)}/${hours} * * ? *)`;
  }
  return undefined;
}
