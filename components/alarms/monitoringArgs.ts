import type * as pulumi from "@pulumi/pulumi";
import type { AlarmsPlan } from "./plan/alarmsPlan";

/** The arguments of {@link RotationMonitoring}: what one key's alarms watch and where they report. */
export interface RotationMonitoringArgs {
  /** The checked alarms, thresholds, notifications and dashboard switch (`planRotatedApiKey(…).monitoring.alarms`). */
  readonly plan: AlarmsPlan;
  /** The vendor, as alarm descriptions name it. */
  readonly vendor: string;
  /** ARN of the rotated secret: the rotation-failure rule matches its events. */
  readonly secretArn: pulumi.Input<string>;
  /** Name of the rotated secret: the `SecretName` dimension of the gauges and consumer metrics. */
  readonly secretName: pulumi.Input<string>;
  /** The rotation Lambda's physical name (its `Errors` metric). */
  readonly functionName: string;
  /** The rotation Lambda's log group, which alarm descriptions and notifications point to. */
  readonly logGroupName: string;
  /** Physical name of the dashboard. */
  readonly dashboardName: string;
  /** The key's dead-letter queue: every EventBridge target sends what it cannot deliver there, and an alarm watches it. */
  readonly deadLetterQueue: {
    readonly arn: pulumi.Input<string>;
    readonly name: pulumi.Input<string>;
  };
  /** The account whose CloudWatch alarms may publish to a created topic. */
  readonly accountId: pulumi.Input<string>;
  /**
   * ARN of the canary read rule (components/canary/), which a created topic's policy then lets publish.
   * @default none: the key is no canary
   */
  readonly canaryReadRuleArn?: pulumi.Input<string>;
  /**
   * Tags for every taggable child.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What each monitoring child is built from: the arguments, the key's name and the children's options. */
export interface MonitoredKey extends Omit<RotationMonitoringArgs, "tags"> {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly opts: pulumi.CustomResourceOptions;
}
