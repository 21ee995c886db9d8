import * as pulumi from "@pulumi/pulumi";
import { ConfigEnv } from "../lambdas/contract/config";
import { RotatedApiKeyArgsError } from "./errors";

/** Lambda's limit on a function's environment: 4 KB for all names and values together. */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** The argument each large variable comes from, for the message. */
const SOURCE_ARG: Readonly<Record<string, string>> = {
  [ConfigEnv.vendorOptions]: "vendorOptions",
  [ConfigEnv.adminSecretArn]: "adminCredentialSecretArn",
  [ConfigEnv.keyNamePrefix]: "keyNamePrefix",
};

/** Variables named in the message, largest first. */
const NAMED = 3;

/** The size Lambda counts: every name and value, in UTF-8 bytes. */
export function environmentBytes(variables: Readonly<Record<string, string>>): number {
  return Object.entries(variables).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
}

/**
 * The problem with an environment over the limit, or `undefined`. Values not
 * known yet (`undefined`) count their names only, so at plan time the check
 * refuses only what is surely too big.
 */
export function environmentSizeProblem(
  variables: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const sized = Object.entries(variables).map(([key, value]) => ({
    key,
    bytes: Buffer.byteLength(key) + (value === undefined ? 0 : Buffer.byteLength(value)),
  }));
  const total = sized.reduce((sum, v) => sum + v.bytes, 0);
  if (total <= LAMBDA_ENVIRONMENT_MAX_BYTES) return undefined;
  const partial = Object.values(variables).some((v) => v === undefined);
  const largest = [...sized]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, NAMED)
    .map(({ key, bytes }) => {
      const arg = SOURCE_ARG[key];
      return `${key} ${bytes} bytes${arg === undefined ? "" : ` (from \`${arg}\`)`}`;
    });
  return `The rotation Lambda's environment takes ${partial ? "at least " : ""}${total} bytes (names and values, as Lambda counts them), over Lambda's limit of ${LAMBDA_ENVIRONMENT_MAX_BYTES} bytes (4 KB). The largest variables: ${largest.join(", ")}. Shorten \`vendorOptions\` (its JSON is passed to the function whole).`;
}

/**
 * Checks the environment at plan time with what is known (plain strings;
 * an Output or a promise counts its name only) and throws
 * `RotatedApiKeyArgsError` when it is already too big.
 */
export function checkPlannedEnvironment(
  name: string,
  variables: Readonly<Record<string, pulumi.Input<string>>>,
): void {
  const known = Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [
      key,
      typeof value === "string" ? value : undefined,
    ]),
  );
  const problem = environmentSizeProblem(known);
  if (problem !== undefined) throw new RotatedApiKeyArgsError(name, [problem]);
}

/**
 * The environment as the function's input, checked again once every value is
 * known (at deploy), with the same error: an Output-valued `vendorOptions`
 * cannot be measured at plan time.
 */
export function sizeCheckedEnvironment(
  name: string,
  variables: Readonly<Record<string, pulumi.Input<string>>>,
): pulumi.Output<Record<string, string>> {
  return pulumi.all(variables).apply((resolved) => assertEnvironmentSize(name, resolved));
}

/** The resolved environment, or `RotatedApiKeyArgsError` when it is over the limit (the deploy-time check). */
export function assertEnvironmentSize(
  name: string,
  resolved: Record<string, string>,
): Record<string, string> {
  const problem = environmentSizeProblem(resolved);
  if (problem !== undefined) throw new RotatedApiKeyArgsError(name, [problem]);
  return resolved;
}
