import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { INVOCATION_LIFECYCLE_KEY, retireInput } from "../../lambdas/contract/events";

export interface RetireOnDestroyInput {
  readonly name: string;
  readonly parent: pulumi.Resource;
  /** `revokeKeysOnDestroy`: passed in the input (the delete phase then revokes nothing), and a warning in the preview. */
  readonly enabled: boolean;
  /**
   * The function that retires: the key's own, or its fleet's (whose name, from `memberArgs`, carries the fleet
   * function, its permission, role policy, log group and credential as dependencies).
   */
  readonly functionName: pulumi.Input<string>;
  readonly secretArn: pulumi.Input<string>;
  /**
   * What the function needs while it retires (the function, its role policy, the secret, the admin credential,
   * its log group): the invocation depends on them, so `pulumi destroy` deletes it, and so runs the retire,
   * before any of them.
   */
  readonly needs: readonly pulumi.Resource[];
}

/**
 * Revokes the component's vendor keys on `pulumi destroy`: an
 * `aws.lambda.Invocation` with `lifecycleScope: "CRUD"` invokes the rotation
 * function with `{"action":"retire","secretArn":…}` plus
 * `{"tf":{"action":"create"|"update"|"delete",…}}`. The function answers the
 * create and update phases without touching a key; the delete phase, which
 * runs when this resource is deleted, revokes every key of the secret. A
 * failed retire fails the invocation, so the destroy stops before the
 * function and the secret are gone. It exists even with `revokeKeysOnDestroy`
 * off (its input says so): removing it from a stack that stays would run
 * its delete phase, revoking the keys that stack still uses.
 */
export function createRetireOnDestroy(input: RetireOnDestroyInput): aws.lambda.Invocation {
  if (!input.enabled) {
    pulumi.log.warn(
      `RotatedApiKey "${input.name}": revokeKeysOnDestroy is false, so destroying it leaves its vendor keys live until they expire or are revoked at the vendor.`,
      input.parent,
    );
  }
  return new aws.lambda.Invocation(
    `${input.name}-retire`,
    {
      functionName: input.functionName,
      input: pulumi
        .output(input.secretArn)
        .apply((arn) => JSON.stringify(retireInput(arn, input.enabled))),
      lifecycleScope: "CRUD",
      terraformKey: INVOCATION_LIFECYCLE_KEY,
    },
    { parent: input.parent, dependsOn: [...input.needs] },
  );
}
