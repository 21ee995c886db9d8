import { FLEET_TAG, MAINTAINED_TAG, SETTING_TAG_PREFIX } from "../../lambdas/contract/fleet";
import { PROMOTION_TAG, RequestTags } from "../../lambdas/contract/secretTags";
import {
  METRIC_READ_ACTIONS,
  credentialAndLogStatements,
  ROTATED_SECRET_ACTIONS,
  VPC_ACCESS_ACTIONS,
  secretsManagerEndpoint,
  type PolicyDocument,
  type PolicyStatement,
} from "../rotationPolicy";

/** What the fleet role's inline policy is built from. */
export interface FleetPolicyInput {
  /** The fleet's name: the value of every member's `RotatedApiKey:Fleet` tag. */
  readonly fleetName: string;
  /** Any ARN in the fleet's account and region (e.g. the admin secret's): the member ARN pattern is built from its partition, region and account. */
  readonly adminSecretArn: string;
  /** The ARN of the fleet function's log group (without a trailing `:*`). */
  readonly logGroupArn: string;
  /** Customer managed keys encrypting members' secrets. */
  readonly kmsKeyArns: readonly string[];
  readonly inVpc: boolean;
}

/** The tags the fleet function writes: the promotion record and the maintenance attempt. */
export const FLEET_WRITTEN_TAGS = [PROMOTION_TAG, MAINTAINED_TAG] as const;

/** Tags that decide membership and settings: nobody acting through the fleet role may change them. */
export const FLEET_GUARDED_TAG_PATTERNS = [FLEET_TAG, `${SETTING_TAG_PREFIX}*`] as const;

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:*` for the account and region of `arn`. */
export function secretsPattern(arn: string): string {
  const [, partition, , region, account] = arn.split(":");
  if (!partition || !region || !account) {
    throw new Error(`Expected an ARN with a partition, region and account, got "${arn}".`);
  }
  return `arn:${partition}:secretsmanager:${region}:${account}:secret:*`;
}

/**
 * The fleet role's inline policy. Rotation calls on any secret of the
 * account and region **whose `RotatedApiKey:Fleet` tag is this fleet's
 * name** (every action the handler makes on a member supports the
 * `aws:ResourceTag` condition; `ListSecrets` supports no resource and no
 * condition, so it is the one Secrets Manager call on `*`). Tag writes are
 * limited to the promotion record and the maintenance attempt, tag removal
 * to rotation requests, and an explicit deny keeps the fleet role from
 * changing any membership or setting tag: a compromised fleet function
 * cannot tag another secret into its fleet, nor a member out of it.
 */
export function fleetRolePolicy(input: FleetPolicyInput): PolicyDocument {
  const members = secretsPattern(input.adminSecretArn);
  const isMember = { StringEquals: { [`aws:ResourceTag/${FLEET_TAG}`]: input.fleetName } };
  const statements: PolicyStatement[] = [
    {
      Sid: "RotateFleetMembers",
      Effect: "Allow",
      Action: [...ROTATED_SECRET_ACTIONS],
      Resource: members,
      Condition: isMember,
    },
    {
      Sid: "RecordPromotionAndMaintenance",
      Effect: "Allow",
      Action: "secretsmanager:TagResource",
      Resource: members,
      // ForAllValues alone is true when the request carries no tag keys; Null closes that gap.
      Condition: {
        ...isMember,
        "ForAllValues:StringEquals": { "aws:TagKeys": [...FLEET_WRITTEN_TAGS] },
        Null: { "aws:TagKeys": "false" },
      },
    },
    {
      Sid: "ClearRotationRequests",
      Effect: "Allow",
      Action: "secretsmanager:UntagResource",
      Resource: members,
      Condition: {
        ...isMember,
        "ForAllValues:StringEquals": { "aws:TagKeys": Object.values(RequestTags) },
        Null: { "aws:TagKeys": "false" },
      },
    },
    {
      Sid: "NeverChangeMembership",
      Effect: "Deny",
      Action: ["secretsmanager:TagResource", "secretsmanager:UntagResource"],
      Resource: "*",
      Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": [...FLEET_GUARDED_TAG_PATTERNS] } },
    },
    {
      Sid: "FindFleetMembers",
      Effect: "Allow",
      Action: "secretsmanager:ListSecrets",
      Resource: "*",
    },
    {
      Sid: "ReadConsumerMetrics",
      Effect: "Allow",
      Action: [...METRIC_READ_ACTIONS],
      Resource: "*",
    },
    ...credentialAndLogStatements(input.adminSecretArn, input.logGroupArn),
  ];
  if (input.kmsKeyArns.length > 0) {
    statements.push({
      Sid: "UseSecretKeysThroughSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [...input.kmsKeyArns],
      Condition: {
        StringEquals: { "kms:ViaService": secretsManagerEndpoint(input.adminSecretArn) },
      },
    });
  }
  if (input.inVpc) {
    statements.push({
      Sid: "ManageVpcNetworkInterfaces",
      Effect: "Allow",
      Action: [...VPC_ACCESS_ACTIONS],
      Resource: "*",
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * A statement to attach to the identity policies of principals that may tag
 * or create secrets but should not decide fleet membership (application
 * roles, CI): denies creating a secret with, setting or removing the
 * membership and setting tags. The fleet
 * role carries its own copy (`NeverChangeMembership`); the deployer that
 * runs Pulumi must not carry this one.
 */
export function fleetMembershipGuardStatement(): PolicyStatement {
  return {
    Sid: "DenyFleetMembershipChanges",
    Effect: "Deny",
    Action: [
      "secretsmanager:CreateSecret",
      "secretsmanager:TagResource",
      "secretsmanager:UntagResource",
    ],
    Resource: "*",
    Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": [...FLEET_GUARDED_TAG_PATTERNS] } },
  };
}
