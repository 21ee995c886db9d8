import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  secretsManagerEndpoint,
  type PolicyDocument,
  type PolicyStatement,
} from "./rotationPolicy";

/** What a consumer may do with the rotated secret: read the key and its labels, nothing else. */
export const READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];

/** What a read grant is built from. */
export interface ReadGrantInput {
  /** The full ARN of the rotated secret. */
  readonly secretArn: string;
  /** The customer managed key encrypting it, if any. */
  readonly kmsKeyArn?: string;
}

/**
 * The identity policy `grantRead` attaches: `GetSecretValue` and
 * `DescribeSecret` on this secret only, and with a customer managed key
 * `kms:Decrypt` only through Secrets Manager in the secret's region and only
 * for this secret's data keys (`kms:EncryptionContext:SecretARN`), as CDK's
 * `secret.grantRead()` does.
 */
export function readGrantPolicy(input: ReadGrantInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "ReadTheRotatedKey", Effect: "Allow", Action: READ_ACTIONS, Resource: input.secretArn },
  ];
  if (input.kmsKeyArn !== undefined) {
    statements.push({
      Sid: "DecryptTheRotatedKeyThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: input.kmsKeyArn,
      Condition: {
        StringEquals: {
          "kms:ViaService": secretsManagerEndpoint(input.secretArn),
          "kms:EncryptionContext:SecretARN": input.secretArn,
        },
      },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** A role's name from its ARN (`arn:aws:iam::<account>:role/<path/>name`), or the value itself when it is a name. */
export function roleNameOf(roleNameOrArn: string): string {
  return roleNameOrArn.startsWith("arn:")
    ? (roleNameOrArn
        .slice(roleNameOrArn.indexOf(":role/") + ":role/".length)
        .split("/")
        .pop() ?? roleNameOrArn)
    : roleNameOrArn;
}

/** Attaches {@link readGrantPolicy} to `role` as an inline policy named for the component and the grant. */
export function createReadGrant(input: {
  readonly componentName: string;
  readonly grantName: string;
  readonly parent: pulumi.Resource;
  readonly role: aws.iam.Role | pulumi.Input<string>;
  readonly secretArn: pulumi.Input<string>;
  readonly kmsKeyId?: pulumi.Input<string>;
}): aws.iam.RolePolicy {
  const role =
    input.role instanceof aws.iam.Role
      ? input.role.name
      : pulumi.output(input.role).apply(roleNameOf);
  const kmsKeyArn = input.kmsKeyId === undefined ? undefined : pulumi.output(input.kmsKeyId);
  return new aws.iam.RolePolicy(
    `${input.componentName}-read-${input.grantName}`,
    {
      role,
      policy: pulumi
        .all([input.secretArn, kmsKeyArn])
        .apply(([secretArn, kmsKey]) =>
          JSON.stringify(
            readGrantPolicy({ secretArn, ...(kmsKey === undefined ? {} : { kmsKeyArn: kmsKey }) }),
          ),
        ),
    },
    { parent: input.parent },
  );
}
