import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { CANARY_TAG, CANARY_TAG_VALUE } from "../../lambdas/contract/canary";
import type { RotationMonitoring } from "../alarms/rotationMonitoring";
import {
  createCanaryAlarm,
  createCanaryReadRule,
  createCanaryReadTarget,
  type CanaryTarget,
} from "./canaryResources";

/** A canary key's own resources. */
export interface CanaryResources {
  /** Matches reads of the canary's secret by anyone but the rotation role. */
  readonly readRule: aws.cloudwatch.EventRule;
  /** Sends each matched read, naming the secret and caller, to the notification topic. */
  readonly readTarget: aws.cloudwatch.EventTarget;
  /** Fires on the first `CanaryKeyUsed` datapoint (the vendor saw the key used). */
  readonly usedAlarm: aws.cloudwatch.MetricAlarm;
}

/** The secret's tags for a canary: the key's tags plus the canary mark the rotation function reads. */
export function canarySecretTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return { ...tags, [CANARY_TAG]: CANARY_TAG_VALUE };
}

/**
 * Creates the canary's read rule (before the monitoring, whose created topic
 * must let it publish) and returns it with `notify`, which adds the alarm and
 * the rule's target once the monitoring and its topic exist.
 */
export function createCanary(key: {
  readonly name: string;
  readonly secret: aws.secretsmanager.Secret;
  readonly role: aws.iam.Role;
  readonly logGroupName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
}): {
  readonly readRule: aws.cloudwatch.EventRule;
  notify(monitoring: RotationMonitoring): CanaryResources;
} {
  const t: CanaryTarget = {
    name: key.name,
    secretArn: key.secret.arn,
    secretName: key.secret.name,
    rotationRoleArn: key.role.arn,
    logGroupName: key.logGroupName,
    tags: key.tags,
    opts: { parent: key.parent },
  };
  const readRule = createCanaryReadRule(t);
  return {
    readRule,
    notify: (monitoring) => {
      const topic = {
        arn: monitoring.notificationTopicArn,
        ...(monitoring.notificationTopicPolicy === undefined
          ? {}
          : { policy: monitoring.notificationTopicPolicy }),
      };
      return {
        readRule,
        readTarget: createCanaryReadTarget(t, readRule, topic),
        usedAlarm: createCanaryAlarm(t, monitoring.notificationTopicArn),
      };
    },
  };
}
