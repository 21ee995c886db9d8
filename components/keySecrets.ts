import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { canarySecretTags } from "./canary/canary";
import { secretReplicas } from "./reach/replicas";
import type { RotatedApiKeyArgs } from "./rotatedApiKeyArgs";
import type { RotatedApiKeyPlan } from "./validateArgs";

export interface KeySecretInput {
  readonly name: string;
  readonly plan: RotatedApiKeyPlan;
  readonly args: RotatedApiKeyArgs;
  readonly parent: pulumi.Resource;
}

/** The admin credential secret the component creates, or the given one's ARN. */
export interface AdminCredential {
  readonly adminSecret?: aws.secretsmanager.Secret;
  readonly adminSecretVersion?: aws.secretsmanager.SecretVersion;
  readonly adminSecretArn: pulumi.Output<string>;
}

/**
 * The secret holding the rotated key: tagged for its fleet or as a canary, replicated with `replicaRegions`.
 * No SecretVersion: the first rotation writes the first key, so no key ever enters Pulumi state and later
 * `pulumi up`s see nothing to change.
 */
export function createKeySecret(input: KeySecretInput): aws.secretsmanager.Secret {
  const { name, plan, args, parent } = input;
  const { vendor, tags } = plan;
  const replicas = secretReplicas(plan.reach.replicaRegions, args.replicaKmsKeyIds);
  return new aws.secretsmanager.Secret(
    name,
    {
      description: `${vendor} API key rotated by RotatedApiKey "${name}"; read apiKey from AWSCURRENT.`,
      kmsKeyId: args.kmsKeyId,
      ...recoveryWindow(plan),
      tags:
        plan.fleet === undefined
          ? plan.canary
            ? canarySecretTags(tags)
            : tags
          : { ...tags, ...plan.fleet.secretTags },
      ...(replicas === undefined ? {} : { replicas }),
    },
    { parent },
  );
}

/**
 * With `adminCredential`: a secret of its own and a version holding the credential (a Pulumi secret in state).
 * With `adminCredentialSecretArn`: nothing, just that ARN.
 */
export function createAdminCredential(input: KeySecretInput): AdminCredential {
  const { name, plan, args, parent } = input;
  if (args.adminCredential === undefined) {
    return {
      adminSecretArn: pulumi.output(args.adminCredentialSecretArn as pulumi.Input<string>),
    };
  }
  const adminSecret = new aws.secretsmanager.Secret(
    `${name}-admin`,
    {
      description: `${plan.vendor} admin credential the rotation Lambda of RotatedApiKey "${name}" uses to create and revoke keys.`,
      kmsKeyId: args.kmsKeyId,
      ...recoveryWindow(plan),
      tags: plan.tags,
    },
    { parent },
  );
  const adminSecretVersion = new aws.secretsmanager.SecretVersion(
    `${name}-admin`,
    { secretId: adminSecret.id, secretString: pulumi.secret(args.adminCredential) },
    { parent },
  );
  return { adminSecret, adminSecretVersion, adminSecretArn: adminSecret.arn };
}

function recoveryWindow(plan: RotatedApiKeyPlan): { recoveryWindowInDays?: number } {
  const { recoveryWindowInDays } = plan.destroy;
  return recoveryWindowInDays === undefined ? {} : { recoveryWindowInDays };
}
