import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { maintenanceEvent } from "../../lambdas/contract/events";

/** What the deploy-time maintenance run is built for. */
export interface DeployMaintenanceInput {
  readonly name: string;
  readonly rotationFunction: aws.lambda.Function;
  /** What must exist before the function can do its work: its role policy, the rotation schedule. */
  readonly dependsOn: readonly pulumi.Resource[];
  readonly parent: pulumi.Resource;
}

/**
 * Runs maintenance once when the stack is created and again whenever the
 * function's code or configuration changes (Lambda's `codeSha256` and
 * `lastModified` are the triggers), so the monitor publishes its gauges at
 * deploy instead of up to one interval later. `CREATE_ONLY`: nothing is
 * invoked on update in place or on destroy. The event carries `deploy: true`:
 * a transient failure is reported in the result instead of failing
 * `pulumi up`; any other failure fails it with the function's message. The
 * result holds ids, counts and times only, never a key.
 */
export function createDeployMaintenance(input: DeployMaintenanceInput): aws.lambda.Invocation {
  const fn = input.rotationFunction;
  return new aws.lambda.Invocation(
    `${input.name}-deploy-maintenance`,
    {
      functionName: fn.name,
      input: JSON.stringify(maintenanceEvent("maintain", { deploy: true })),
      lifecycleScope: "CREATE_ONLY",
      triggers: { codeSha256: fn.codeSha256, lastModified: fn.lastModified },
    },
    { parent: input.parent, dependsOn: [fn, ...input.dependsOn] },
  );
}
