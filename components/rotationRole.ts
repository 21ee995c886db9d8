import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lambdaTrustPolicy, rotationRolePolicy } from "./rotationPolicy";

export interface RotationRoleInput {
  readonly name: string;
  readonly secretArn: pulumi.Input<string>;
  readonly adminSecretArn: pulumi.Input<string>;
  readonly logGroupArn: pulumi.Input<string>;
  readonly kmsKeyId?: pulumi.Input<string>;
  readonly inVpc: boolean;
  /** Whether consumers are declared in other regions or accounts (`consumerReach`). */
  readonly readsConsumerReach?: boolean;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}

/** The rotation Lambda's role (trusting only Lambda) and its least-privilege inline policy. */
export function createRotationRole(input: RotationRoleInput): {
  role: aws.iam.Role;
  rolePolicy: aws.iam.RolePolicy;
} {
  const { name, parent } = input;
  const role = new aws.iam.Role(
    `${name}-rotation`,
    {
      description: `Rotation Lambda of RotatedApiKey "${name}"`,
      assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
      tags: input.tags,
    },
    { parent },
  );
  const kmsKeyArn = input.kmsKeyId === undefined ? undefined : pulumi.output(input.kmsKeyId);
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-rotation`,
    {
      role: role.id,
      policy: pulumi
        .all([input.secretArn, input.adminSecretArn, input.logGroupArn, kmsKeyArn])
        .apply(([secretArn, admin, logGroupArn, kmsKey]) =>
          JSON.stringify(
            rotationRolePolicy({
              secretArn,
              adminSecretArn: admin,
              logGroupArn,
              inVpc: input.inVpc,
              ...(input.readsConsumerReach === true ? { readsConsumerReach: true } : {}),
              ...(kmsKey === undefined ? {} : { kmsKeyArn: kmsKey }),
            }),
          ),
        ),
    },
    { parent },
  );
  return { role, rolePolicy };
}
