import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { consumerSecretPolicy } from "./consumerPolicy";
import type { PolicyDocument, PolicyStatement } from "./rotationPolicy";

/** What the secret's resource policy is made of. */
export interface SecretPolicyInput {
  /** IAM role or user ARNs that alone may read the key (`consumerPrincipals`); none = no read restriction. */
  readonly consumerArns?: readonly string[];
  /** Operators exempt from the consumers' deny (`operatorPrincipals`). */
  readonly operatorArns?: readonly string[];
  /** The rotation Lambda's role. */
  readonly rotationRoleArn: string;
  /** Deny `secretsmanager:DeleteSecret` to everyone (`deletionProtection`). */
  readonly deletionProtection: boolean;
}

/**
 * The statement that protects the secret from being deleted out from under
 * its rotation. CDK's `denyAccountRootDelete()` denies the account's
 * principals; this denies every principal (`*`), which covers the account's
 * and needs no account id. It has no exception on purpose: deleting the
 * secret takes removing this policy first (`DeleteResourcePolicy`, itself
 * restricted and logged), which `pulumi destroy` does in dependency order
 * (the `SecretPolicy` goes before the `Secret`), while a stray console click
 * or script cannot.
 */
export const DENY_DELETE_STATEMENT: PolicyStatement = {
  Sid: "NobodyDeletesTheSecret",
  Effect: "Deny",
  Principal: "*",
  Action: "secretsmanager:DeleteSecret",
  Resource: "*",
};

/** The secret's resource policy, or undefined when neither consumers nor deletion protection need one. */
export function secretResourcePolicy(input: SecretPolicyInput): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  if (input.consumerArns !== undefined) {
    statements.push(
      ...consumerSecretPolicy({
        consumerArns: input.consumerArns,
        rotationRoleArn: input.rotationRoleArn,
        ...(input.operatorArns === undefined || input.operatorArns.length === 0
          ? {}
          : { operatorArns: input.operatorArns }),
      }).Statement,
    );
  }
  if (input.deletionProtection) statements.push(DENY_DELETE_STATEMENT);
  return statements.length === 0 ? undefined : { Version: "2012-10-17", Statement: statements };
}

/**
 * The secret's `SecretPolicy`, when consumers or deletion protection need
 * one. Named `-policy`; the alias keeps stacks that had `-consumers` on the
 * same resource (two resources would fight over the secret's one policy).
 */
export function createSecretPolicy(input: {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly secretArn: pulumi.Input<string>;
  readonly rotationRoleArn: pulumi.Input<string>;
  readonly consumers?: pulumi.Input<string>[];
  readonly operators?: pulumi.Input<string>[];
  readonly deletionProtection: boolean;
}): aws.secretsmanager.SecretPolicy | undefined {
  const { consumers, deletionProtection } = input;
  if (consumers === undefined && !deletionProtection) return undefined;
  return new aws.secretsmanager.SecretPolicy(
    `${input.name}-policy`,
    {
      secretArn: input.secretArn,
      blockPublicPolicy: true,
      policy: pulumi
        .all([
          consumers === undefined ? undefined : pulumi.all(consumers),
          input.rotationRoleArn,
          pulumi.all(input.operators ?? []),
        ])
        .apply(([consumerArns, rotationRoleArn, operatorArns]) =>
          JSON.stringify(
            secretResourcePolicy({
              ...(consumerArns === undefined ? {} : { consumerArns }),
              ...(operatorArns.length > 0 ? { operatorArns } : {}),
              rotationRoleArn,
              deletionProtection,
            }),
          ),
        ),
    },
    { parent: input.parent, aliases: [{ name: `${input.name}-consumers` }] },
  );
}
