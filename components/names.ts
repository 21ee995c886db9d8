import { createHash } from "node:crypto";

/**
 * Component names: 1-40 letters, digits, `-` or `_`, starting with a letter or
 * digit, so that every name derived from them fits AWS's limits (IAM role
 * names 64, Lambda function names 64, vendor key prefixes 32) and charsets.
 */
export const COMPONENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/**
 * The rotation Lambda's physical name, `<name>-rotation-<6 hex>`. It is set
 * explicitly so that its log group `/aws/lambda/<function name>` can be
 * created (with retention) before the function first logs; the hash of
 * project, stack and component name keeps two stacks in one account apart.
 */
export function rotationFunctionName(name: string, project: string, stack: string): string {
  const hash = createHash("sha256").update(`${project}/${stack}/${name}`).digest("hex").slice(0, 6);
  return `${name}-rotation-${hash}`;
}

/** The vendor key name prefix used when none is given: the component name, cut to 32 characters. */
export function defaultKeyNamePrefix(name: string): string {
  return name.slice(0, 32);
}
