import { PROMOTION_TAG, RequestTags } from "../lambdas/contract/secretTags";
import { keyRotatedEventStatement } from "./keyRotatedEventPolicy";

/**
 * The rotation Lambda's IAM policies as pure functions of plain strings, so
 * tests can evaluate them without Pulumi.
 */

/** An IAM policy statement, as this package writes them. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?:
    "*" | { readonly AWS?: string | readonly string[]; readonly Service?: string };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** Every Secrets Manager call the rotation handler makes on the secret it rotates. */
export const ROTATED_SECRET_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
  // Maintenance: reconciliation reads version ages.
  "secretsmanager:ListSecretVersionIds",
] as const;

/**
 * The tags the role may remove: the request tags (emergency requests travel
 * as tags, removed once acted on). Inventory tags (`owner`, `vendor`, …) are
 * not among them, so the function cannot strip them.
 */
export const REMOVABLE_REQUEST_TAGS: readonly string[] = Object.values(RequestTags);

/** Promotions are recorded as a tag (the overlap window runs from it); the role may set only that tag. */
export const PROMOTION_RECORD_TAG = PROMOTION_TAG;

/** Gated revocation reads the consumer client's fallback metric; GetMetricData has no resource-level scoping. */
export const METRIC_READ_ACTIONS = ["cloudwatch:GetMetricData"] as const;

/** With `consumerReach`: proves each declared region or linked account publishes consumer metrics at all. */
export const CONSUMER_REACH_LIST_ACTION = "cloudwatch:ListMetrics";

/** The network-interface calls Lambda makes on a function's behalf inside a VPC (as `AWSLambdaVPCAccessExecutionRole`). */
export const VPC_ACCESS_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeSubnets",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
] as const;

/** What the rotation role's inline policy is built from. */
export interface RotationPolicyInput {
  /** The full ARN of the secret being rotated. */
  readonly secretArn: string;
  /** The full ARN of the secret holding the vendor admin credential. */
  readonly adminSecretArn: string;
  /** The ARN of the Lambda's log group (without a trailing `:*`). */
  readonly logGroupArn: string;
  /** The customer managed key encrypting the secret, if any. */
  readonly kmsKeyArn?: string;
  /** Whether the Lambda runs in a VPC. */
  readonly inVpc: boolean;
  /** Whether consumers are declared in other regions or accounts (`consumerReach`): revocation then lists their metrics first. */
  readonly readsConsumerReach?: boolean;
}

/**
 * What every rotation function may do besides rotating: read the vendor admin
 * credential and write its own log group (a key's own function and a fleet's).
 */
export function credentialAndLogStatements(
  adminSecretArn: string,
  logGroupArn: string,
): PolicyStatement[] {
  return [
    {
      Sid: "ReadVendorAdminCredential",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: adminSecretArn,
    },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:*`,
    },
  ];
}

/** The trust policy that lets only Lambda assume the rotation role. */
export function lambdaTrustPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "LambdaAssumesRole",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  };
}

/**
 * The rotation role's inline policy: the four rotation calls on this secret
 * only, removing only its own request tags, reading the admin credential, the
 * CMK only through Secrets Manager in the secret's region and only for these
 * secrets (`kms:EncryptionContext:SecretARN`, as AWS's rotation-role example
 * shows), writing its own log group, and network interfaces only when in a VPC. Nothing else; no `*` resource outside the EC2 actions, which
 * support no resource-level scoping for `DescribeNetworkInterfaces`.
 */
export function rotationRolePolicy(input: RotationPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "RotateThisSecret",
      Effect: "Allow",
      Action: [...ROTATED_SECRET_ACTIONS],
      Resource: input.secretArn,
    },
    {
      Sid: "RecordPromotion",
      Effect: "Allow",
      Action: "secretsmanager:TagResource",
      Resource: input.secretArn,
      // ForAllValues alone is true when the request carries no tag keys; Null closes that gap.
      Condition: {
        "ForAllValues:StringEquals": { "aws:TagKeys": [PROMOTION_RECORD_TAG] },
        Null: { "aws:TagKeys": "false" },
      },
    },
    {
      Sid: "SettleRequestTags",
      Effect: "Allow",
      Action: "secretsmanager:UntagResource",
      Resource: input.secretArn,
      Condition: {
        "ForAllValues:StringEquals": { "aws:TagKeys": [...REMOVABLE_REQUEST_TAGS] },
        Null: { "aws:TagKeys": "false" },
      },
    },
    {
      Sid: "ReadConsumerMetrics",
      Effect: "Allow",
      Action: [
        ...METRIC_READ_ACTIONS,
        ...(input.readsConsumerReach === true ? [CONSUMER_REACH_LIST_ACTION] : []),
      ],
      Resource: "*",
    },
    ...credentialAndLogStatements(input.adminSecretArn, input.logGroupArn),
  ];
  if (input.kmsKeyArn !== undefined) {
    const viaService = secretsManagerEndpoint(input.secretArn);
    statements.push(
      {
        Sid: "UseSecretKeyThroughSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: input.kmsKeyArn,
        // Secrets Manager passes the secret's ARN as encryption context: only these two secrets' data keys.
        Condition: {
          StringEquals: {
            "kms:ViaService": viaService,
            "kms:EncryptionContext:SecretARN": [input.secretArn, input.adminSecretArn],
          },
        },
      },
      {
        Sid: "DescribeSecretKeyThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:DescribeKey",
        Resource: input.kmsKeyArn,
        // DescribeKey carries no encryption context, so it is scoped by the calling service alone.
        Condition: { StringEquals: { "kms:ViaService": viaService } },
      },
    );
  }
  if (input.inVpc) {
    statements.push({
      Sid: "ManageVpcNetworkInterfaces",
      Effect: "Allow",
      Action: [...VPC_ACCESS_ACTIONS],
      Resource: "*",
    });
  }
  statements.push(keyRotatedEventStatement(input.secretArn));
  return { Version: "2012-10-17", Statement: statements };
}

/** `secretsmanager.<region>.<dns suffix>` for the region and partition in a secret's ARN. */
export function secretsManagerEndpoint(secretArn: string): string {
  const [, partition, , region] = secretArn.split(":");
  if (!partition || !region) {
    throw new Error(
      `Expected a Secrets Manager secret ARN with a partition and region, got "${secretArn}".`,
    );
  }
  return `secretsmanager.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`;
}
