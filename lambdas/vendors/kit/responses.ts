import * as z from "zod/mini";
import type * as zc from "zod/v4/core";
import "../../contract/schema";
import {
  VendorAuthError,
  VendorCapacityError,
  VendorDeadlineError,
  VendorError,
  VendorResponseError,
} from "./errors";
import { maskSecrets } from "../../contract/secretMask";
import type { VerifyResult } from "./adapter";
import type { VendorResponse } from "./transport";

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

/** The `ResponseContext` of each operation of one vendor. */
export function responseContexts(
  vendor: string,
  errorText: (res: VendorResponse) => string,
  authHint?: string,
): (operation: string) => ResponseContext {
  return (operation) => ({
    vendor,
    operation,
    errorText,
    ...(authHint === undefined ? {} : { authHint }),
  });
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
 * The vendor's error text from a JSON body, found by `pick`, with any secret
 * the mask knows (a vendor echoing the key sent) masked, trimmed to 200
 * characters; "no error detail" when the body is not JSON or has none.
 */
export function jsonErrorText(res: VendorResponse, pick: (body: unknown) => unknown): string {
  try {
    const text = pick(JSON.parse(res.text) as unknown);
    if (typeof text === "string" && text.length > 0) return maskSecrets(text).slice(0, 200);
  } catch {
    // not JSON
  }
  return "no error detail";
}

/**
 * The outcome of a verification call: 401/403 is `rejected`; 200 is `valid`
 * unless `isValid` (which may parse the body) says otherwise; any other
 * status is a `vendorFailure`.
 */
export function verifyOutcome(
  res: VendorResponse,
  ctx: ResponseContext,
  isValid?: (res: VendorResponse) => boolean,
): VerifyResult {
  if (res.status === 401 || res.status === 403) return { outcome: "rejected", status: res.status };
  if (res.status !== 200) throw vendorFailure(res, ctx);
  return isValid === undefined || isValid(res)
    ? { outcome: "valid" }
    : { outcome: "rejected", status: res.status };
}

/** A revocation's plain outcome: 200/204 revoked, 404 already gone, else undefined. */
export function deleteOutcome(res: VendorResponse): "revoked" | "already-gone" | undefined {
  if (res.status === 200 || res.status === 204) return "revoked";
  return res.status === 404 ? "already-gone" : undefined;
}

/** {@link deleteOutcome}, with a `vendorFailure` naming the key for any other status. */
export function revokeOutcome(
  res: VendorResponse,
  ctx: ResponseContext,
  keyId: string,
): "revoked" | "already-gone" {
  const outcome = deleteOutcome(res);
  if (outcome === undefined) throw vendorFailure(res, ctx, keyId);
  return outcome;
}

/** How a vendor refuses a create because its key cap is reached. */
export interface CapRefusal {
  /** Statuses a cap refusal comes with. */
  readonly statuses: readonly number[];
  /** Matched against the vendor's error text. */
  readonly pattern: RegExp;
  /**
   * When the text does not say: whether the keys in use fill the cap (a
   * failure counts as no, leaving the error to be reported as it is).
   */
  readonly atCap?: () => Promise<boolean>;
  /** The refusal's message, given the vendor's error text. */
  readonly message: (errorText: string) => string;
}

/** Whether a create's response is the vendor refusing it at its key cap. */
export async function isCapRefusal(
  res: VendorResponse,
  errorText: (res: VendorResponse) => string,
  refusal: CapRefusal,
): Promise<boolean> {
  if (!refusal.statuses.includes(res.status)) return false;
  if (refusal.pattern.test(errorText(res))) return true;
  if (refusal.atCap === undefined) return false;
  return refusal.atCap().catch((error: unknown) => {
    // Out of time is not "not at the cap": the deadline's error must reach the engine.
    if (error instanceof VendorDeadlineError) throw error;
    return false;
  });
}

/** Throws a `VendorCapacityError` when a create's response is a refusal at the key cap. */
export async function refuseAtCap(
  res: VendorResponse,
  ctx: ResponseContext,
  refusal: CapRefusal,
): Promise<void> {
  if (await isCapRefusal(res, ctx.errorText, refusal)) {
    throw capacityError(ctx.vendor, refusal.message(ctx.errorText(res)), res.status);
  }
}

/** The error for a create refused at the vendor's key cap. */
export function capacityError(
  vendor: string,
  message: string,
  status?: number,
): VendorCapacityError {
  return new VendorCapacityError(message, {
    vendor,
    operation: "createKey",
    ...(status === undefined ? {} : { status }),
  });
}
