/**
 * An offset clock for model-based tests: replaces the global `Date` with one
 * whose `Date.now()` and `new Date()` run `offsetMs` ahead of the real clock.
 * Installed in the test process (the vendor simulators stamp keys with it)
 * and in the step worker (the engine reads `Date`), with the same offset, so
 * "advance the clock by a day" is one number sent to both.
 */
export interface OffsetClock {
  /** Milliseconds the clock runs ahead of real time. */
  offsetMs(): number;
  setOffset(ms: number): void;
  /** The real time, in epoch milliseconds. */
  realNow(): number;
  /** Puts the original `Date` back. */
  uninstall(): void;
}

const REAL_DATE = Symbol.for("rotated-api-key.model.realDate");

type DateHolder = { Date: DateConstructor; [REAL_DATE]?: DateConstructor };

export function installOffsetClock(target: object = globalThis): OffsetClock {
  const holder = target as DateHolder;
  const RealDate = holder[REAL_DATE] ?? holder.Date;
  let offset = 0;
  const now = (): number => RealDate.now() + offset;
  const OffsetDate = new Proxy(RealDate, {
    construct: (real, args: unknown[], newTarget: (...a: unknown[]) => unknown) =>
      Reflect.construct(
        real as (...a: unknown[]) => unknown,
        args.length === 0 ? [now()] : args,
        newTarget,
      ) as object,
    apply: () => new RealDate(now()).toString(),
    get: (real, property, receiver) =>
      property === "now" ? now : (Reflect.get(real, property, receiver) as unknown),
  });
  holder[REAL_DATE] = RealDate;
  holder.Date = OffsetDate;
  return {
    offsetMs: () => offset,
    setOffset: (ms) => {
      offset = ms;
    },
    realNow: () => RealDate.now(),
    uninstall: () => {
      holder.Date = RealDate;
      delete holder[REAL_DATE];
    },
  };
}
