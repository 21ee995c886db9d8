/**
 * The checks of arguments the rotation Lambda also reads, derived from the
 * contract's `Settings` table and rules (`lambdas/contract/settings.ts`): the
 * component refuses at plan time what the Lambda would refuse at cold start,
 * and a range, default or rule is written in one place only.
 */
import {
  KEY_NAME_PREFIX_PATTERN,
  KEY_NAME_PREFIX_RULE,
  SECRET_ARN_PATTERN,
  SECRET_ARN_RULE,
} from "../lambdas/contract/settings";
import { describeValue } from "./describe";

/** Pushes a problem unless the key-name prefix fits the Lambda's rule. */
export function checkKeyNamePrefix(prefix: unknown, problems: string[]): void {
  if (KEY_NAME_PREFIX_PATTERN.test(String(prefix))) return;
  problems.push(
    `\`keyNamePrefix\` ${KEY_NAME_PREFIX_RULE} (received ${describeValue(prefix)}). Choose another prefix, or omit it to derive one from the component name.`,
  );
}

/** Pushes a problem when a plain `adminCredentialSecretArn` is no secret ARN (outputs are checked by the Lambda). */
export function checkAdminCredentialSecretArn(arn: unknown, problems: string[]): void {
  if (typeof arn !== "string" || SECRET_ARN_PATTERN.test(arn)) return;
  problems.push(
    `\`adminCredentialSecretArn\` ${SECRET_ARN_RULE} (received ${describeValue(arn)}). Pass the full ARN of the secret that holds the vendor admin credential.`,
  );
}
