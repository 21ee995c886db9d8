import { ConsumerConfigError } from "./errors";

/** The numeric options of `ApiKeyProvider`, with defaults applied and ranges checked. */
export interface CheckedProviderOptions {
  readonly ttlMs: number;
  readonly jitter: number;
  readonly refreshAheadMs: number;
  readonly overlapHours: number;
}

/** Defaults of `ApiKeyProvider`'s options. */
export const PROVIDER_DEFAULTS: CheckedProviderOptions = {
  ttlMs: 300_000,
  jitter: 0.1,
  refreshAheadMs: 30_000,
  overlapHours: 24,
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
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) {
    return String(value);
  }
  return typeof value;
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
  const number = (
    name: keyof CheckedProviderOptions,
    min: number,
    max: number,
    hint: string,
  ): number => {
    const value = options[name];
    if (value === undefined) return PROVIDER_DEFAULTS[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      problems.push(
        `\`${name}\` must be a number from ${min} to ${max} (received ${describeValue(value)}). ${hint}`,
      );
      return PROVIDER_DEFAULTS[name];
    }
    return value;
  };
  const checked = {
    ttlMs: number("ttlMs", 1, 86_400_000, "Omit it for the default of 300000 (5 minutes)."),
    jitter: number("jitter", 0, 0.5, "Omit it for the default of 0.1 (up to 10% shorter)."),
    refreshAheadMs: number(
      "refreshAheadMs",
      0,
      86_400_000,
      "Omit it for the default of 30000 (30 seconds).",
    ),
    overlapHours: number(
      "overlapHours",
      0,
      8760,
      "Use the component's `overlapHours` (default 24).",
    ),
  };
  if (problems.length > 0) {
    throw new ConsumerConfigError(
      `Invalid ApiKeyProvider options: ${problems.join(" ")}`,
      secretId,
    );
  }
  return checked;
}
