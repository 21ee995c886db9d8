/** How often an EventBridge schedule fires, for the cost model. */

/** Hours in an average month (365 × 24 / 12), the unit AWS prorates monthly prices by. */
export const HOURS_PER_MONTH = 730;

const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const CRON = /^cron\((\S+) (\S+) \* \* \? \*\)$/;

/**
 * Runs per month of a `rate()` expression or of the `cron()` forms the
 * component writes (every n minutes, every hour, every n hours at a fixed minute).
 * Throws, naming the expression, for any other form.
 */
export function runsPerMonth(expression: string): number {
  const rate = RATE.exec(expression);
  if (rate) {
    const minutes =
      Number(rate[1]) *
      (rate[2]?.startsWith("minute") ? 1 : rate[2]?.startsWith("hour") ? 60 : 1440);
    return (HOURS_PER_MONTH * 60) / minutes;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const perHour = stepCount(cron[1] as string, 60);
    const perDay = (cron[2] as string) === "*" ? 24 : stepCount(cron[2] as string, 24);
    if (perHour !== undefined && perDay !== undefined)
      return (perHour * perDay * HOURS_PER_MONTH) / 24;
  }
  throw new Error(
    `The cost model cannot tell how often ${JSON.stringify(expression)} runs: it reads rate() and cron(m[/n] h[/n] * * ? *) only.`,
  );
}

/** How many values of a cron field `a`, `a/n` or `a,b,…` fire within `range`. */
function stepCount(field: string, range: number): number | undefined {
  if (/^\d+$/.test(field)) return 1;
  const step = /^\d+\/(\d+)$/.exec(field);
  if (step) return Math.ceil(range / Number(step[1]));
  if (/^\d+(,\d+)+$/.test(field)) return field.split(",").length;
  return undefined;
}
