/**
 * Server-side check of Nylas service-account signatures, written independently
 * of `lambdas/vendors/nylas/signing.ts` (own canonicalization, own envelope
 * layout) so that a bug in one is caught by the other.
 *
 * The envelope Nylas verifies is the canonical JSON of
 * `{method, nonce, path, payload?, timestamp}`, where `payload` is the raw body
 * string for POST/PUT/PATCH and the raw body must itself be canonical JSON.
 */
import { constants, verify, type KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** Accepted clock skew between `X-Nylas-Timestamp` and the simulator clock. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/** Outcome of checking one admin request. */
export type AuthResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 400 | 401; readonly message: string };

/** What the verifier needs to know about one request. */
export interface SignedRequestFacts {
  readonly method: string;
  /** Path without query string, as received. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Raw body text ("" when there is none). */
  readonly rawBody: string;
  /** Simulator clock, Unix seconds. */
  readonly nowSeconds: number;
}

const SIGNED_PAYLOAD_METHODS = ["POST", "PUT", "PATCH"];

/** Verifies service-account signatures against registered public keys, with nonce replay protection. */
export class ServiceAccountVerifier {
  private readonly publicKeys = new Map<string, KeyObject>();
  private readonly seenNonces = new Set<string>();

  /** Registers the public half of a service account under its `private_key_id`. */
  public register(kid: string, publicKey: KeyObject): void {
    this.publicKeys.set(kid, publicKey);
  }

  /** Checks headers, clock window, body canonicity, signature and nonce reuse, in that order. */
  public check(request: SignedRequestFacts): AuthResult {
    const kid = header(request.headers, "x-nylas-kid");
    const nonce = header(request.headers, "x-nylas-nonce");
    const timestampText = header(request.headers, "x-nylas-timestamp");
    const signature = header(request.headers, "x-nylas-signature");
    const missing = [
      ["X-Nylas-Kid", kid],
      ["X-Nylas-Nonce", nonce],
      ["X-Nylas-Timestamp", timestampText],
      ["X-Nylas-Signature", signature],
    ]
      .filter(([, value]) => value === undefined || value === "")
      .map(([name]) => name);
    if (missing.length > 0 || !kid || !nonce || !timestampText || !signature) {
      return deny(`Missing service account header(s): ${missing.join(", ")}`);
    }
    const publicKey = this.publicKeys.get(kid);
    if (publicKey === undefined) {
      return deny("Unknown service account key (X-Nylas-Kid)");
    }
    if (!/^[0-9]{1,12}$/.test(timestampText)) {
      return deny("X-Nylas-Timestamp must be a Unix timestamp in seconds");
    }
    const timestamp = Number(timestampText);
    if (Math.abs(request.nowSeconds - timestamp) > TIMESTAMP_WINDOW_SECONDS) {
      return deny("X-Nylas-Timestamp is outside the allowed 5-minute window");
    }
    if (!/^[A-Za-z0-9]{20}$/.test(nonce)) {
      return deny("X-Nylas-Nonce must be 20 alphanumeric characters");
    }

    const method = request.method.toUpperCase();
    const signsPayload = SIGNED_PAYLOAD_METHODS.includes(method) && request.rawBody !== "";
    if (signsPayload) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.rawBody);
      } catch {
        return { ok: false, status: 400, message: "Invalid JSON payload format." };
      }
      if (sortedJson(parsed) !== request.rawBody) {
        return deny("Request body is not canonical JSON (sorted keys, no whitespace)");
      }
    }

    const envelope =
      `{"method":${JSON.stringify(method.toLowerCase())}` +
      `,"nonce":${JSON.stringify(nonce)}` +
      `,"path":${JSON.stringify(request.path)}` +
      (signsPayload ? `,"payload":${JSON.stringify(request.rawBody)}` : "") +
      `,"timestamp":${timestamp}}`;
    const signatureBytes = Buffer.from(signature, "base64");
    const valid = verify(
      "RSA-SHA256",
      Buffer.from(envelope, "utf8"),
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      signatureBytes,
    );
    if (!valid) {
      return deny("Invalid request signature");
    }
    if (this.seenNonces.has(nonce)) {
      return deny("X-Nylas-Nonce has already been used");
    }
    this.seenNonces.add(nonce);
    return { ok: true };
  }
}

/**
 * Canonical JSON by a different route than the production code: keys ordered
 * by comparing their UTF-8 bytes (equal to code point order).
 */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) {
    return "[" + value.map((item) => sortedJson(item)).join(",") + "]";
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    entries.sort(([a], [b]) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    return "{" + entries.map(([k, v]) => JSON.stringify(k) + ":" + sortedJson(v)).join(",") + "}";
  }
  return JSON.stringify(value);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function deny(message: string): AuthResult {
  return { ok: false, status: 401, message };
}
