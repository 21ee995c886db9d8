/**
 * Small request and response helpers the vendor simulators share: auth
 * headers, JSON bodies, path segments, gateway pages and malformations.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { SimResponse } from "./simServer";

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (\S+)$/.exec(headers.authorization ?? "")?.[1];
}

/** A single-valued request header. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a JSON request body; `undefined` when it is not a JSON object. */
export function jsonObject(rawBody: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(rawBody) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The HTML page a gateway in front of the vendor answers with on 502/503. */
export function gatewayPage(status: 502 | 503): SimResponse {
  const reason = status === 502 ? "502 Bad Gateway" : "503 Service Unavailable";
  return { status, body: `<html><body><h1>${reason}</h1></body></html>` };
}

/** Decoded path segments after the leading slash. */
export function segments(path: string): string[] {
  return path
    .split("/")
    .slice(1)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** Deletes `field` from an object, or from each object of an array (for malformations). */
export function deleteField(value: unknown, field: string): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item !== null && typeof item === "object") delete (item as Record<string, unknown>)[field];
  }
}
