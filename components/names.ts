import { createHash } from "node:crypto";

/**
 * Component names: 1-40 letters, digits, `-` or `_`, starting with a letter or
 * digit, so that every name derived from them fits AWS's limits (IAM role
 * names 64, Lambda function names 64, vendor key prefixes 32) and charsets.
 */
export const COMPONENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** The first `length` hex digits of the SHA-256 of `text`: a short, stable name suffix. */
export function shortHash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * 6 hex digits of the hash of project, stack and component name, for physical
 * names that are per account (Lambda functions, dashboards): they keep two
 * stacks in one account apart.
 */
function stackSuffix(name: string, project: string, stack: string): string {
  return shortHash(`${project}/${stack}/${name}`, 6);
}

/**
 * The rotation Lambda's physical name, `<name>-rotation-<6 hex>`. It is set
 * explicitly so that its log group `/aws/lambda/<function name>` can be
 * created (with retention) before the function first logs.
 */
export function rotationFunctionName(name: string, project: string, stack: string): string {
  return `${name}-rotation-${stackSuffix(name, project, stack)}`;
}

/** The key's CloudWatch dashboard name, `RotatedApiKey-<name>-<6 hex>`. */
export function dashboardNameFor(name: string, project: string, stack: string): string {
  return `RotatedApiKey-${name}-${stackSuffix(name, project, stack)}`;
}

/** The vendor key name prefix used when none is given: the component name, cut to 32 characters. */
export function defaultKeyNamePrefix(name: string): string {
  return name.slice(0, 32);
}
