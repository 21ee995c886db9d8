/**
 * Nylas v3 service-account request signing, as the Nylas SDKs do it
 * (nylas/nylas-python `nylas/handler/service_account.py`, nylas/nylas-ruby
 * `lib/nylas/handler/service_account_signer.rb`, nylas/nylas-nodejs
 * `src/models/serviceAccount.ts`):
 *
 * 1. `envelope = {method: lowercase, nonce, path, timestamp: int seconds}`, plus
 *    `payload` = the canonical JSON **string** of the body for POST/PUT/PATCH
 *    with a body (embedded as a string, not as an object).
 * 2. `X-Nylas-Signature` = base64 RSA PKCS#1 v1.5 SHA-256 over the UTF-8 bytes
 *    of `canonicalJson(envelope)`.
 * 3. The body sent is exactly the payload string.
 *
 * `path` is the request path only: the SDKs sign it without the query string.
 */
import { constants, createPrivateKey, randomInt, sign, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonicalJson";

/** The service-account credential that signs admin requests. */
export interface NylasSigningKey {
  /** RSA private key (PKCS#1 or PKCS#8 PEM), at least 2048 bits: `private_key` of the credentials file. */
  readonly privateKeyPem: string;
  /** `private_key_id` of the credentials file; sent as `X-Nylas-Kid`. */
  readonly privateKeyId: string;
}

/** Headers to add to the request, and the exact body bytes to send (when there is a body). */
export interface SignedNylasRequest {
  /** `X-Nylas-Kid`, `X-Nylas-Nonce`, `X-Nylas-Timestamp`, `X-Nylas-Signature`, and `Content-Type` with a body. */
  readonly headers: Record<string, string>;
  /** Canonical JSON of the body; send these bytes unchanged. Absent when there is no body. */
  readonly body?: string;
}

/** What {@link signNylasRequest} signs. */
export interface SignNylasRequestInput {
  /** HTTP method, any case (`GET`, `POST`, `DELETE`, ...). */
  readonly method: string;
  /** Request path as sent, e.g. `/v3/admin/applications/<id>/api-keys`, without query string. */
  readonly path: string;
  /** JSON body for POST/PUT/PATCH; `undefined`/`null` = no body. Other methods take no body. */
  readonly body?: unknown;
  /** The service-account key. */
  readonly key: NylasSigningKey;
  /** Unix time in seconds; defaults to now. */
  readonly nowSeconds?: number;
  /** 20 alphanumerics, single use; defaults to {@link generateNonce}. */
  readonly nonce?: string;
}

/** The request could not be signed. Messages never contain the private key or the body. */
export class NylasSigningError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = "NylasSigningError";
  }
}

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const NONCE_LENGTH = 20;
const NONCE_PATTERN = /^[A-Za-z0-9]{20}$/;
const BODY_METHODS = new Set(["post", "put", "patch"]);
const MIN_MODULUS_BITS = 2048;

/** A fresh nonce: 20 characters drawn uniformly from `[A-Za-z0-9]` with `crypto.randomInt`. */
export function generateNonce(): string {
  let nonce = "";
  for (let i = 0; i < NONCE_LENGTH; i++) {
    nonce += NONCE_ALPHABET.charAt(randomInt(NONCE_ALPHABET.length));
  }
  return nonce;
}

/**
 * Signs one Nylas admin request. Every call needs a new nonce, so sign each
 * attempt of a retried request again.
 *
 * @throws NylasSigningError when an input is invalid or the key cannot sign;
 *   the message names the input and never includes the key.
 */
export function signNylasRequest(input: SignNylasRequestInput): SignedNylasRequest {
  const method = checkMethod(input.method);
  const path = checkPath(input.path);
  const kid = checkKeyId(input.key.privateKeyId);
  const timestamp = checkTimestamp(input.nowSeconds ?? Math.floor(Date.now() / 1000));
  const nonce = checkNonce(input.nonce ?? generateNonce());
  const body = serializeBody(method, input.body);
  const privateKey = loadPrivateKey(input.key.privateKeyPem, kid);

  const envelope: Record<string, string | number> = { method, nonce, path, timestamp };
  if (body !== undefined) {
    envelope.payload = body;
  }
  const signature = sign("sha256", Buffer.from(canonicalJson(envelope), "utf8"), {
    key: privateKey,
    padding: constants.RSA_PKCS1_PADDING,
  }).toString("base64");

  const headers: Record<string, string> = {
    "X-Nylas-Kid": kid,
    "X-Nylas-Nonce": nonce,
    "X-Nylas-Timestamp": String(timestamp),
    "X-Nylas-Signature": signature,
  };
  if (body === undefined) {
    return { headers };
  }
  headers["Content-Type"] = "application/json";
  return { headers, body };
}

function checkMethod(method: string): string {
  if (!/^[A-Za-z]+$/.test(method)) {
    throw new NylasSigningError(
      `\`method\` must be an HTTP method such as GET or POST, got ${JSON.stringify(method)}`,
    );
  }
  return method.toLowerCase();
}

function checkPath(path: string): string {
  if (!path.startsWith("/") || /[?#\s]/.test(path)) {
    throw new NylasSigningError(
      "`path` must be the request path only, starting with `/`, without query string, fragment " +
        "or whitespace (Nylas signs the path alone; append any query to the URL yourself)",
    );
  }
  return path;
}

function checkKeyId(kid: string): string {
  if (!/^[\x21-\x7e]+$/.test(kid)) {
    throw new NylasSigningError(
      "`privateKeyId` must be the non-empty `private_key_id` of the service account (printable ASCII)",
    );
  }
  return kid;
}

function checkTimestamp(seconds: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new NylasSigningError(
      `\`nowSeconds\` must be a non-negative integer Unix time in seconds, got ${String(seconds)}`,
    );
  }
  return seconds;
}

function checkNonce(nonce: string): string {
  if (!NONCE_PATTERN.test(nonce)) {
    throw new NylasSigningError(
      `\`nonce\` must be exactly ${NONCE_LENGTH} letters or digits (got ${nonce.length} characters)`,
    );
  }
  return nonce;
}

function serializeBody(method: string, body: unknown): string | undefined {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (!BODY_METHODS.has(method)) {
    throw new NylasSigningError(
      `A ${method.toUpperCase()} request cannot carry a signed body: Nylas signs a payload only for POST, PUT and PATCH`,
    );
  }
  try {
    return canonicalJson(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "not JSON";
    throw new NylasSigningError(`\`body\` cannot be signed: ${reason}`);
  }
}

function loadPrivateKey(pem: string, kid: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // The crypto error is dropped on purpose: it is about the key's bytes.
    throw new NylasSigningError(
      `The private key of service account \`${kid}\` is not a readable unencrypted PEM private key`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== "rsa") {
    throw new NylasSigningError(
      `The private key of service account \`${kid}\` must be RSA, got ${String(key.asymmetricKeyType)}`,
    );
  }
  if (bits < MIN_MODULUS_BITS) {
    throw new NylasSigningError(
      `The private key of service account \`${kid}\` must have at least ${MIN_MODULUS_BITS} bits, got ${bits}`,
    );
  }
  return key;
}
