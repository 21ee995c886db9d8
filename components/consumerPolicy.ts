import type { PolicyDocument } from "./rotationPolicy";

/** What the secret's resource policy is built from. */
export interface ConsumerPolicyInput {
  /** IAM role or user ARNs allowed to read the key. */
  readonly consumerArns: readonly string[];
  /** The rotation Lambda's role, which must keep reading the secret it rotates. */
  readonly rotationRoleArn: string;
  /** Operators' role or user ARNs, exempt from the Deny so that `rotated-api-key history` can read version metadata. */
  readonly operatorArns?: readonly string[];
}

/**
 * The rotated secret's resource policy: the consumers may call
 * `GetSecretValue`; every other principal is denied it, whatever its identity
 * policies say, except the rotation role. The deny matches `aws:PrincipalArn`,
 * which for an assumed-role session is the role's ARN. Operators
 * (`operatorPrincipals`) are exempt from the deny only: they read the secret
 * through their own identity policy (and it lets them read the key too).
 */
export function consumerSecretPolicy(input: ConsumerPolicyInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConsumersReadTheKey",
        Effect: "Allow",
        Principal: { AWS: [...input.consumerArns] },
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
      },
      {
        Sid: "NobodyElseReadsTheKey",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: {
          ArnNotEquals: {
            "aws:PrincipalArn": [
              ...input.consumerArns,
              input.rotationRoleArn,
              ...(input.operatorArns ?? []),
            ],
          },
        },
      },
    ],
  };
}
