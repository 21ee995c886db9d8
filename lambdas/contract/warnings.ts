/**
 * Warnings from code that must not depend on the Lambda's logger (vendor
 * adapters are also loaded by the component at plan time, where Powertools
 * has no place). The rotation Lambda's `observability.ts` routes them to its
 * logger; elsewhere they go to `console.warn` as one JSON line. Attributes
 * are non-secret facts only (vendor, operation, field, magnitudes).
 */

/** Where warnings go. */
export type WarningSink = (message: string, attributes: Readonly<Record<string, unknown>>) => void;

const consoleSink: WarningSink = (message, attributes) => {
  console.warn(JSON.stringify({ level: "WARN", message, ...attributes }));
};

let sink: WarningSink = consoleSink;

/** Routes warnings to `next` (`undefined`: back to `console.warn`). */
export function setWarningSink(next: WarningSink | undefined): void {
  sink = next ?? consoleSink;
}

/** Reports a warning through the current sink. */
export function warn(message: string, attributes: Readonly<Record<string, unknown>> = {}): void {
  sink(message, attributes);
}
