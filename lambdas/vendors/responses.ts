import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import "../shared/schema";
import { VendorAuthError, VendorError, VendorResponseError } from "../rotation/errors";
import type { VendorResponse } from "./http";

/**
 * Response handling every adapter shares, so every vendor fails with the same
 * message shapes: "<vendor> <operation> failed with HTTP <status>: <vendor's
 * error>", "... returned HTTP <status> without the documented fields (...)",
 * "... returned HTTP <status> with a body that is not JSON".
 */
export interface ResponseContext {
  readonly vendor: string;
  readonly operation: string;
  /** Pulls the vendor's own error text out of an error body (never echoes a key). */
  readonly errorText: (res: VendorResponse) => string;
  /** What to tell the user on 401/403 from an admin call. */
  readonly authHint?: string;
}

/** Parses a success body with the operation's schema, or throws a `VendorError` naming what is wrong. */
export function expectJson<T>(
  res: VendorResponse,
  ok: readonly number[],
  schema: zc.$ZodType<T>,
  ctx: ResponseContext,
): T {
  if (!ok.includes(res.status)) throw vendorFailure(res, ctx);
  const context = { vendor: ctx.vendor, operation: ctx.operation, status: res.status };
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch (error) {
    throw new VendorResponseError(
      `${ctx.vendor} ${ctx.operation} returned HTTP ${res.status} with a body that is not JSON`,
      context,
      { cause: error },
    );
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "(root)"))].join(
      ", ",
    );
    throw new VendorResponseError(
      `${ctx.vendor} ${ctx.operation} returned HTTP ${res.status} without the documented fields (${fields})`,
      context,
    );
  }
  return parsed.data;
}

/** The error for an unexpected status: auth errors say what to check, 429/5xx are retryable. */
export function vendorFailure(
  res: VendorResponse,
  ctx: ResponseContext,
  keyId?: string,
): VendorError {
  const context = {
    vendor: ctx.vendor,
    operation: ctx.operation,
    status: res.status,
    ...(keyId ? { keyId } : {}),
  };
  const message = `${ctx.vendor} ${ctx.operation} failed with HTTP ${res.status}: ${ctx.errorText(res)}`;
  if (res.status === 401 || res.status === 403) {
    return new VendorAuthError(ctx.authHint ? `${message} (${ctx.authHint})` : message, context);
  }
  return new VendorError(message, context, res.status === 429 || res.status >= 500);
}

/**
 * The vendor's error text from a JSON body, found by `pick`, trimmed to 200
 * characters; "no error detail" when the body is not JSON or has none.
 */
export function jsonErrorText(res: VendorResponse, pick: (body: unknown) => unknown): string {
  try {
    const text = pick(JSON.parse(res.text) as unknown);
    if (typeof text === "string" && text.length > 0) return text.slice(0, 200);
  } catch {
    // not JSON
  }
  return "no error detail";
}

/** Unix seconds (as vendors send them) to ISO-8601. */
export function isoFromUnixSeconds(seconds: number | null | undefined): string | undefined {
  return seconds === undefined || seconds === null
    ? undefined
    : new Date(seconds * 1000).toISOString();
}
