import type * as pulumi from "@pulumi/pulumi";
import { ConfigEnv, type VendorName } from "../lambdas/contract/config";
import { METRIC_NAMESPACE } from "../lambdas/contract/metricNames";
import type { LifecyclePlan } from "./lifecycle/lifecycleArgs";

/**
 * The Powertools service name of every rotation Lambda. Powertools adds it as
 * the `service` dimension of each metric, so alarms must use the same value;
 * the rotation secret's name tells one key's metrics from another's.
 */
export const ROTATION_SERVICE_NAME = "rotated-api-key";

/** What the Lambda's environment is built from. */
export interface RotationEnvironmentInput {
  readonly vendor: VendorName;
  /** `vendorOptions`, validated, as JSON. */
  readonly vendorOptionsJson: pulumi.Input<string>;
  readonly adminSecretArn: pulumi.Input<string>;
  /** ARN of the rotated secret: scheduled maintenance events name no secret, so the function is told which one is its own. */
  readonly secretArn: pulumi.Input<string>;
  readonly overlapHours: number;
  readonly keyTtlDays: number;
  readonly keyNamePrefix: string;
  /** Revocation and rollback settings. */
  readonly lifecycle: LifecyclePlan;
  /** Whether the code archive ships a source map. */
  readonly sourceMap: boolean;
}

/** The rotation Lambda's environment variables: its configuration (named by `ConfigEnv`) and Powertools'. */
export function rotationEnvironment(
  input: RotationEnvironmentInput,
): Record<string, pulumi.Input<string>> {
  return {
    [ConfigEnv.vendor]: input.vendor,
    [ConfigEnv.vendorOptions]: input.vendorOptionsJson,
    [ConfigEnv.adminSecretArn]: input.adminSecretArn,
    [ConfigEnv.secretArn]: input.secretArn,
    [ConfigEnv.overlapHours]: String(input.overlapHours),
    [ConfigEnv.keyTtlDays]: String(input.keyTtlDays),
    [ConfigEnv.keyNamePrefix]: input.keyNamePrefix,
    [ConfigEnv.revokeHardLimitHours]: String(input.lifecycle.revokeHardLimitHours),
    [ConfigEnv.usageQuietMinutes]: String(input.lifecycle.usageQuietMinutes),
    [ConfigEnv.autoRollback]: String(input.lifecycle.autoRollback),
    POWERTOOLS_SERVICE_NAME: ROTATION_SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
    ...(input.sourceMap ? { NODE_OPTIONS: "--enable-source-maps" } : {}),
  };
}

/** The values of the environment that are resources' outputs (or the user's inputs) rather than the plan's. */
export type EnvironmentValues = Pick<
  RotationEnvironmentInput,
  "vendorOptionsJson" | "adminSecretArn" | "secretArn"
>;

/** Builds the environment from the plan's settings plus the values given. */
export function environmentBuilder(
  settings: Omit<RotationEnvironmentInput, keyof EnvironmentValues>,
): (values: EnvironmentValues) => Record<string, pulumi.Input<string>> {
  return (values) => rotationEnvironment({ ...settings, ...values });
}
