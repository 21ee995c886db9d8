import {
  MIN_SECRET_LENGTH,
  REDACTED,
  maskSecrets,
  rememberSecret,
} from "../../contract/secretMask";
import type { VendorRequest } from "./transport";

/**
 * The credentials a vendor request carries in its headers, for the secret
 * mask: the HTTP layer remembers them before sending, and scrubs them out of
 * any text (a library's error message) it turns into an error.
 */

/**
 * Header names that carry credentials (authorization, API keys, tokens…).
 * Not request signatures (`X-Nylas-Signature`): single-use, and one per
 * request would crowd real secrets out of the mask's bounded registry.
 */
const CREDENTIAL_HEADER = /auth|key|token|secret|session|cookie|password/i;

/** Schemes whose parameter is the credential itself. */
const SCHEME = /^(bearer|token|bot|basic|digest|sso-key|apikey)\s+(.+)$/i;

/**
 * The credential texts of one header value: the value, the part after an
 * auth scheme, and for Basic credentials the decoded `user:password` and
 * password.
 */
export function credentialTexts(value: string): string[] {
  const texts = [value];
  const scheme = SCHEME.exec(value.trim());
  const param = scheme?.[2]?.trim();
  if (param !== undefined) {
    texts.push(param);
    if (scheme?.[1]?.toLowerCase() === "basic") {
      const decoded = Buffer.from(param, "base64").toString("utf8");
      texts.push(decoded, decoded.slice(decoded.indexOf(":") + 1));
    }
  }
  return texts.filter((t) => t.length >= MIN_SECRET_LENGTH);
}

/** Remembers, for masking, every credential the request's headers carry. */
export function rememberRequestCredentials(request: VendorRequest): void {
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (CREDENTIAL_HEADER.test(name))
      for (const text of credentialTexts(value)) rememberSecret(text);
  }
}

/**
 * `text` without any header value of `request` (credential or not, as sent or
 * as fetch would quote it) and without any remembered secret.
 */
export function scrubRequestText(text: string, request: VendorRequest | undefined): string {
  let out = text;
  const values = Object.values(request?.headers ?? {}).flatMap((v) => [
    ...credentialTexts(v),
    ...v.split(/[\s\0]+/).filter((part) => part.length >= MIN_SECRET_LENGTH),
  ]);
  for (const value of values.sort((a, b) => b.length - a.length)) {
    if (out.includes(value)) out = out.split(value).join(REDACTED);
  }
  return maskSecrets(out);
}
