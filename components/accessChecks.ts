import { describeValue, isPlain } from "./describe";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const ROLE_OR_USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** Pushes a problem unless a plain `kmsKeyId` is a KMS key ARN. */
export function checkKmsKey(kmsKeyId: RotatedApiKeyArgs["kmsKeyId"], problems: string[]): void {
  if (kmsKeyId === undefined || !isPlain(kmsKeyId) || KMS_KEY_ARN.test(kmsKeyId)) return;
  problems.push(
    `\`kmsKeyId\` must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id> (received ${describeValue(kmsKeyId)}): the rotation role's kms:Decrypt and kms:GenerateDataKey grant names the key by ARN. Pass the key's ARN, not an alias or a bare key id.`,
  );
}

/** Pushes a problem for an empty `consumerPrincipals` and for each plain entry that is no role or user ARN. */
export function checkConsumers(
  consumers: RotatedApiKeyArgs["consumerPrincipals"],
  problems: string[],
): void {
  if (consumers === undefined) return;
  checkList(
    consumers,
    ROLE_OR_USER_ARN,
    `\`consumerPrincipals\` must list at least one IAM role or user ARN when set (received ${describeValue(consumers)}). Omit it to attach no resource policy.`,
    (i, received) =>
      `\`consumerPrincipals[${i}]\` must be an IAM role or user ARN, arn:aws:iam::<account>:role/<name> or arn:aws:iam::<account>:user/<name> (received ${received}): the resource policy denies every other principal by \`aws:PrincipalArn\`, which names roles and users only. Pass the consumer's role or user ARN.`,
    problems,
  );
}

/** Pushes a problem for each empty id list of `vpc` and each plain id of the wrong kind. */
export function checkVpc(vpc: RotatedApiKeyArgs["vpc"], problems: string[]): void {
  if (vpc === undefined) return;
  const lists = [
    ["subnetIds", vpc?.subnetIds, SUBNET_ID, "subnet-"],
    ["securityGroupIds", vpc?.securityGroupIds, SECURITY_GROUP_ID, "sg-"],
  ] as const;
  for (const [field, ids, pattern, prefix] of lists) {
    checkList(
      ids,
      pattern,
      `\`vpc.${field}\` must list at least one id when \`vpc\` is set (received ${describeValue(ids)}). Add ids, or omit \`vpc\` to run the Lambda outside a VPC.`,
      (i, received) =>
        `\`vpc.${field}[${i}]\` must be an id like "${prefix}0123456789abcdef0" (received ${received}). Pass the id, not a name or ARN.`,
      problems,
    );
  }
}

/**
 * A list argument that must not be empty and whose plain entries must match
 * `pattern` (outputs are checked when they resolve, by AWS).
 */
function checkList(
  list: unknown,
  pattern: RegExp,
  emptyProblem: string,
  entryProblem: (index: number, received: string) => string,
  problems: string[],
): void {
  if (!Array.isArray(list) || list.length === 0) {
    problems.push(emptyProblem);
    return;
  }
  list.forEach((entry: unknown, i) => {
    if (!isPlain(entry) || (typeof entry === "string" && pattern.test(entry))) return;
    problems.push(entryProblem(i, describeValue(entry)));
  });
}
