/**
 * Moves the clock of this test process forward: `Date` only (timers, `performance`
 * and `process.hrtime` stay real, so I/O and SDK retries behave). The bundled
 * handler loaded in-process, the vendor simulators and the test all read the
 * shifted `Date`; moto keeps real time (version `CreatedDate`).
 */
export function shiftedClock(): {
  readonly shift: (ms: number) => void;
  readonly restore: () => void;
} {
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "requestIdleCallback",
      "cancelIdleCallback",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
  });
  return {
    shift: (ms) => jest.setSystemTime(Date.now() + ms),
    restore: () => jest.useRealTimers(),
  };
}
