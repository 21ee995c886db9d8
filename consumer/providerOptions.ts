import { isKeyRejected, type KeyRejectedPredicate } from "./authFailure";
import { ConsumerConfigError } from "./errors";

/*
 * Checked by hand, without zod: the consumer is a library other services
 * install (`@rotated-api-key/consumer`), these ranges are all it validates,
 * and every message is our own, so it neither pulls zod (8 MB) into each
 * service nor touches its host's zod config.
 */

/** The options of `ApiKeyProvider` with defaults applied and ranges checked. */
export interface CheckedProviderOptions {
  readonly ttlMs: number;
  readonly jitter: number;
  readonly refreshAheadMs: number;
  readonly overlapHours: number;
  readonly maxStaleMs: number;
  readonly refreshBackoffMs: number;
  readonly maxRefreshBackoffMs: number;
  readonly authRefreshIntervalMs: number;
  readonly isKeyRejected: KeyRejectedPredicate<unknown>;
}

/** Defaults of `ApiKeyProvider`'s options. */
export const PROVIDER_DEFAULTS: CheckedProviderOptions = {
  ttlMs: 300_000,
  jitter: 0.1,
  refreshAheadMs: 30_000,
  overlapHours: 24,
  maxStaleMs: 3_600_000,
  refreshBackoffMs: 1_000,
  maxRefreshBackoffMs: 60_000,
  authRefreshIntervalMs: 10_000,
  isKeyRejected,
};

interface ProviderOptionsInput {
  readonly secretId: unknown;
  readonly client?: unknown;
  readonly endpoint?: unknown;
  readonly region?: unknown;
  readonly ttlMs?: unknown;
  readonly jitter?: unknown;
  readonly refreshAheadMs?: unknown;
  readonly overlapHours?: unknown;
  readonly maxStaleMs?: unknown;
  readonly refreshBackoffMs?: unknown;
  readonly maxRefreshBackoffMs?: unknown;
  readonly authRefreshIntervalMs?: unknown;
  readonly isKeyRejected?: unknown;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) {
    return String(value);
  }
  return typeof value;
}

/** One numeric option: its range and how to fix a bad value. */
interface RangeOption {
  readonly name: NumericOptionName;
  readonly min: number;
  readonly max: number;
  readonly hint: string;
}

type NumericOptionName = Exclude<keyof CheckedProviderOptions, "isKeyRejected">;

const NUMERIC_OPTIONS: readonly RangeOption[] = [
  {
    name: "ttlMs",
    min: 1,
    max: 86_400_000,
    hint: "Omit it for the default of 300000 (5 minutes).",
  },
  {
    name: "jitter",
    min: 0,
    max: 0.5,
    hint: "Omit it for the default of 0.1 (up to 10% shorter).",
  },
  {
    name: "refreshAheadMs",
    min: 0,
    max: 86_400_000,
    hint: "Omit it for the default of 30000 (30 seconds).",
  },
  {
    name: "overlapHours",
    min: 0,
    max: 8760,
    hint: "Use the component's `overlapHours` (default 24).",
  },
  {
    name: "maxStaleMs",
    min: 0,
    max: 86_400_000,
    hint: "Omit it for the default of 3600000 (1 hour); 0 never serves a key past its TTL.",
  },
  {
    name: "refreshBackoffMs",
    min: 1,
    max: 3_600_000,
    hint: "Omit it for the default of 1000 (1 second).",
  },
  {
    name: "maxRefreshBackoffMs",
    min: 1,
    max: 3_600_000,
    hint: "Omit it for the default of 60000 (1 minute).",
  },
  {
    name: "authRefreshIntervalMs",
    min: 0,
    max: 3_600_000,
    hint: "Omit it for the default of 10000 (10 seconds); 0 re-reads after every rejection.",
  },
];

/** The option's value when it is absent or a finite number in range; otherwise a problem. */
function checkRange(option: RangeOption, value: unknown, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) {
    if (value >= option.min && value <= option.max) return value;
  }
  problems.push(
    `\`${option.name}\` must be a number from ${option.min} to ${option.max} (received ${describeValue(value)}). ${option.hint}`,
  );
  return undefined;
}

/**
 * Checks every option before anything is created and reports all problems in
 * one {@link ConsumerConfigError}: the option in backticks, the allowed range,
 * the value received and how to fix it.
 */
export function checkProviderOptions(options: ProviderOptionsInput): CheckedProviderOptions {
  const problems: string[] = [];
  const secretId = typeof options.secretId === "string" ? options.secretId : "";
  if (typeof options.secretId !== "string" || options.secretId.trim() === "") {
    problems.push(
      `\`secretId\` must be the name or ARN of the rotated secret (received ${describeValue(options.secretId)}).`,
    );
  }
  if (
    options.client !== undefined &&
    (options.endpoint !== undefined || options.region !== undefined)
  ) {
    problems.push(
      "`endpoint` and `region` configure the client the provider creates: with your own `client`, set them on that client instead.",
    );
  }
  const before = problems.length;
  const given: Partial<Record<NumericOptionName, number>> = {};
  for (const option of NUMERIC_OPTIONS) {
    const value = checkRange(option, options[option.name], problems);
    if (value !== undefined) given[option.name] = value;
  }
  let isKeyRejected = PROVIDER_DEFAULTS.isKeyRejected;
  if (typeof options.isKeyRejected === "function") {
    isKeyRejected = options.isKeyRejected as KeyRejectedPredicate<unknown>;
  } else if (options.isKeyRejected !== undefined) {
    problems.push(
      `\`isKeyRejected\` must be a function \`(outcome) => boolean\` (received ${describeValue(options.isKeyRejected)}). ` +
        "Omit it to treat 401 alone as a rejected key, or pass `keyRejectedByStatus([401, 403])`.",
    );
  }
  const valid = problems.length === before;
  const checked: CheckedProviderOptions = {
    ttlMs: given.ttlMs ?? PROVIDER_DEFAULTS.ttlMs,
    jitter: given.jitter ?? PROVIDER_DEFAULTS.jitter,
    refreshAheadMs: given.refreshAheadMs ?? PROVIDER_DEFAULTS.refreshAheadMs,
    overlapHours: given.overlapHours ?? PROVIDER_DEFAULTS.overlapHours,
    maxStaleMs: given.maxStaleMs ?? PROVIDER_DEFAULTS.maxStaleMs,
    refreshBackoffMs: given.refreshBackoffMs ?? PROVIDER_DEFAULTS.refreshBackoffMs,
    maxRefreshBackoffMs: given.maxRefreshBackoffMs ?? PROVIDER_DEFAULTS.maxRefreshBackoffMs,
    authRefreshIntervalMs: given.authRefreshIntervalMs ?? PROVIDER_DEFAULTS.authRefreshIntervalMs,
    isKeyRejected,
  };
  if (valid && checked.maxRefreshBackoffMs < checked.refreshBackoffMs) {
    problems.push(
      `\`maxRefreshBackoffMs\` (${checked.maxRefreshBackoffMs}) must not be less than \`refreshBackoffMs\` (${checked.refreshBackoffMs}): it caps the doubling delay that starts there.`,
    );
  }
  if (problems.length > 0) {
    throw new ConsumerConfigError(
      `Invalid ApiKeyProvider options: ${problems.join(" ")}`,
      secretId,
    );
  }
  return checked;
}
