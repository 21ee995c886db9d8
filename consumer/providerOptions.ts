import * as z from "zod/mini";
import { isKeyRejected, type KeyRejectedPredicate } from "./authFailure";
import { ConsumerConfigError } from "./errors";

/*
 * Every message below is our own, so this module does not import
 * `lambdas/contract/schema` (zod's English locale): the consumer runs inside
 * other services, and a library must not change its host's zod config.
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

/** An optional finite number from `min` to `max`; every failure gives the same message. */
function rangeOption(name: string, min: number, max: number, hint: string) {
  const error = (issue: { input?: unknown }) =>
    `\`${name}\` must be a number from ${min} to ${max} (received ${describeValue(issue.input)}). ${hint}`;
  return z.optional(z.number({ error }).check(z.gte(min, { error }), z.lte(max, { error })));
}

const numericOptions = z.object({
  ttlMs: rangeOption("ttlMs", 1, 86_400_000, "Omit it for the default of 300000 (5 minutes)."),
  jitter: rangeOption("jitter", 0, 0.5, "Omit it for the default of 0.1 (up to 10% shorter)."),
  refreshAheadMs: rangeOption(
    "refreshAheadMs",
    0,
    86_400_000,
    "Omit it for the default of 30000 (30 seconds).",
  ),
  overlapHours: rangeOption(
    "overlapHours",
    0,
    8760,
    "Use the component's `overlapHours` (default 24).",
  ),
  maxStaleMs: rangeOption(
    "maxStaleMs",
    0,
    86_400_000,
    "Omit it for the default of 3600000 (1 hour); 0 never serves a key past its TTL.",
  ),
  refreshBackoffMs: rangeOption(
    "refreshBackoffMs",
    1,
    3_600_000,
    "Omit it for the default of 1000 (1 second).",
  ),
  maxRefreshBackoffMs: rangeOption(
    "maxRefreshBackoffMs",
    1,
    3_600_000,
    "Omit it for the default of 60000 (1 minute).",
  ),
  authRefreshIntervalMs: rangeOption(
    "authRefreshIntervalMs",
    0,
    3_600_000,
    "Omit it for the default of 10000 (10 seconds); 0 re-reads after every rejection.",
  ),
  isKeyRejected: z.optional(
    z.custom<KeyRejectedPredicate<unknown>>((value) => typeof value === "function", {
      error: (issue) =>
        `\`isKeyRejected\` must be a function \`(outcome) => boolean\` (received ${describeValue(issue.input)}). ` +
        "Omit it to treat 401 alone as a rejected key, or pass `keyRejectedByStatus([401, 403])`.",
    }),
  ),
});

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
  const parsed = numericOptions.safeParse(options);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => issue.message));
  const given = parsed.success ? parsed.data : {};
  const checked: CheckedProviderOptions = {
    ttlMs: given.ttlMs ?? PROVIDER_DEFAULTS.ttlMs,
    jitter: given.jitter ?? PROVIDER_DEFAULTS.jitter,
    refreshAheadMs: given.refreshAheadMs ?? PROVIDER_DEFAULTS.refreshAheadMs,
    overlapHours: given.overlapHours ?? PROVIDER_DEFAULTS.overlapHours,
    maxStaleMs: given.maxStaleMs ?? PROVIDER_DEFAULTS.maxStaleMs,
    refreshBackoffMs: given.refreshBackoffMs ?? PROVIDER_DEFAULTS.refreshBackoffMs,
    maxRefreshBackoffMs: given.maxRefreshBackoffMs ?? PROVIDER_DEFAULTS.maxRefreshBackoffMs,
    authRefreshIntervalMs: given.authRefreshIntervalMs ?? PROVIDER_DEFAULTS.authRefreshIntervalMs,
    isKeyRejected: given.isKeyRejected ?? PROVIDER_DEFAULTS.isKeyRejected,
  };
  if (parsed.success && checked.maxRefreshBackoffMs < checked.refreshBackoffMs) {
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
