/**
 * Reads a Secrets Manager `cron()` body (`Minutes Hours Day-of-month Month
 * Day-of-week Year`, UTC) and measures how far apart its rotations fall, by
 * walking every day of one 28-year cycle of the Gregorian calendar (weekday
 * and leap-year patterns repeat after 28 years between 1901 and 2099).
 */

/** How a cron schedule spaces its rotations. */
export interface CronShape {
  /** The shortest time between two rotation windows opening, in hours. */
  readonly minGapHours: number;
  /** The longest time between two rotation windows opening, in hours. */
  readonly maxGapHours: number;
  /** Whether some day has more than one rotation (Secrets Manager then defaults the window to one hour). */
  readonly multiplePerDay: boolean;
  /** The latest hour of day at which a window opens. */
  readonly latestStartHour: number;
}

const MONTH_NAMES = [
  "JAN",
  "FEB",
  "MAR",
  "APR",
  "MAY",
  "JUN",
  "JUL",
  "AUG",
  "SEP",
  "OCT",
  "NOV",
  "DEC",
];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const CYCLE_START = Date.UTC(2025, 0, 1);
const CYCLE_DAYS = 10_227; // 28 years from 2025-01-01, 7 of them leap years
const DAY_MS = 86_400_000;

type DayRule = (day: number, lastDay: number, weekday: number) => boolean;

/** Walking 28 years takes a few milliseconds; programs often repeat one expression across many keys. */
const analysed = new Map<string, CronShape | string>();

/** Returns the schedule's shape, or a problem phrased to follow "the cron expression ...". */
export function analyseCron(body: string): CronShape | string {
  let result = analysed.get(body);
  if (result === undefined) {
    result = analyse(body);
    analysed.set(body, result);
  }
  return result;
}

function analyse(body: string): CronShape | string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `must have 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), found ${fields.length}`;
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (minutes !== "0") return "must have 0 in the Minutes field: rotation windows open on the hour";
  if (year !== "*") return "must have * in the Year field";
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return "must have ? in exactly one of the Day-of-month and Day-of-week fields";
  }
  const hourSet = parseList(hours, 0, 23, [], "Hours");
  if (typeof hourSet === "string") return hourSet;
  const monthSet = parseList(month, 1, 12, MONTH_NAMES, "Month");
  if (typeof monthSet === "string") return monthSet;
  const dayRule = dayOfMonth === "?" ? parseDayOfWeek(dayOfWeek) : parseDayOfMonth(dayOfMonth);
  if (typeof dayRule === "string") return dayRule;

  const startHours = [...hourSet].sort((a, b) => a - b);
  const fires: number[] = [];
  for (let i = 0; i < CYCLE_DAYS; i++) {
    const date = new Date(CYCLE_START + i * DAY_MS);
    const lastDay = new Date(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
    ).getUTCDate();
    if (!monthSet.has(date.getUTCMonth() + 1)) continue;
    if (!dayRule(date.getUTCDate(), lastDay, date.getUTCDay() + 1)) continue;
    for (const hour of startHours) fires.push(i * 24 + hour);
  }
  if (fires.length < 2) return "must rotate at least twice in 28 years";
  let minGapHours = Number.POSITIVE_INFINITY;
  let maxGapHours = 0;
  for (let i = 1; i < fires.length; i++) {
    const gap = (fires[i] as number) - (fires[i - 1] as number);
    minGapHours = Math.min(minGapHours, gap);
    maxGapHours = Math.max(maxGapHours, gap);
  }
  return {
    minGapHours,
    maxGapHours,
    multiplePerDay: startHours.length > 1,
    latestStartHour: startHours[startHours.length - 1] as number,
  };
}

function parseDayOfMonth(field: string): DayRule | string {
  if (field === "L") return (day, lastDay) => day === lastDay;
  const days = parseList(field, 1, 31, [], "Day-of-month");
  return typeof days === "string" ? days : (day) => days.has(day);
}

function parseDayOfWeek(field: string): DayRule | string {
  if (field === "L") return (_day, _lastDay, weekday) => weekday === 7;
  const last = /^([1-7]|[A-Z]{3})L$/i.exec(field);
  if (last) {
    const weekday = parseValue(last[1] as string, 1, 7, DAY_NAMES);
    if (weekday === undefined) return `has an unknown day in the Day-of-week field: "${field}"`;
    return (day, lastDay, wd) => wd === weekday && day + 7 > lastDay;
  }
  const nth = /^([1-7]|[A-Z]{3})#([1-5])$/i.exec(field);
  if (nth) {
    const weekday = parseValue(nth[1] as string, 1, 7, DAY_NAMES);
    if (weekday === undefined) return `has an unknown day in the Day-of-week field: "${field}"`;
    const week = Number(nth[2]);
    return (day, _lastDay, wd) => wd === weekday && Math.ceil(day / 7) === week;
  }
  const weekdays = parseList(field, 1, 7, DAY_NAMES, "Day-of-week");
  return typeof weekdays === "string" ? weekdays : (_day, _lastDay, wd) => weekdays.has(wd);
}

/** Parses `*`, `a`, `a-b`, with an optional `/step`, in a comma-separated list. */
function parseList(
  field: string,
  min: number,
  max: number,
  names: readonly string[],
  label: string,
): Set<number> | string {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const match = /^(\*|[^-/]+(?:-[^-/]+)?)(?:\/(\d+))?$/.exec(item);
    const step = match?.[2] === undefined ? 1 : Number(match[2]);
    let from: number | undefined;
    let to: number | undefined;
    if (match?.[1] === "*") {
      [from, to] = [min, max];
    } else if (match?.[1] !== undefined) {
      const [a, b] = match[1].split("-") as [string, string | undefined];
      from = parseValue(a, min, max, names);
      to = b === undefined ? (match[2] === undefined ? from : max) : parseValue(b, min, max, names);
    }
    if (from === undefined || to === undefined || from > to || step < 1) {
      return `has an invalid ${label} field: "${field}" (allowed: ${min}-${max}${names.length > 0 ? ` or ${names[0]}-${names[names.length - 1]}` : ""} with , - * /)`;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseValue(
  text: string,
  min: number,
  max: number,
  names: readonly string[],
): number | undefined {
  const byName = names.indexOf(text.toUpperCase());
  if (byName >= 0) return byName + min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}
