import type * as pulumi from "@pulumi/pulumi";
import type { ChatWebhookArgs } from "./webhookArgs";

/** The monitoring defaults the component applies; docs/alarms.md shows the same values. */
export const AlarmDefaults = {
  keyExpiryThresholdDays: 14,
  overdueRotationSlackHours: 24,
  functionErrorsThreshold: 1,
  authFailureThreshold: 5,
  authFailurePeriodSeconds: 60,
  authFailureEvaluationPeriods: 5,
  authFailureDatapointsToAlarm: 3,
  anomalyBandWidth: 2,
  anomalyPeriodSeconds: 300,
  anomalyEvaluationPeriods: 3,
  anomalyDatapointsToAlarm: 2,
  authFailureStatistic: "Sum",
} as const;

/** The gauge alarms fire after this many periods (monitor runs) breach or go missing. */
export const GAUGE_EVALUATION_PERIODS = 3;

/** Statistics an existing auth-failure metric may be read with. */
export const ALARM_STATISTICS = ["Sum", "Average", "Maximum", "Minimum", "SampleCount"] as const;
export type AlarmStatistic = (typeof ALARM_STATISTICS)[number];

/** Alarms on the key's expiry, as the scheduled monitor measures it. */
export interface KeyExpiryAlarmArgs {
  /**
   * Create the alarm. It is never created when `keyTtlDays` is 0 (keys do not expire).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Alarm when the current key has fewer days left than this (fractions allowed).
   * It must be below the days a key has left when its successor is due, or the
   * alarm would fire before every rotation.
   * @default 14, or half the days a key has left when its successor is due if that is less
   */
  readonly thresholdDays?: number;
}

/** Alarms when no rotation has succeeded for longer than the schedule allows. */
export interface OverdueRotationAlarmArgs {
  /** @default true */
  readonly enabled?: boolean;
  /**
   * Hours added to the longest time between rotations and the rotation window
   * before the alarm fires (retries, a late window).
   * @default 24
   */
  readonly slackHours?: number;
}

/** Notifies on Secrets Manager's rotation-failure events and alarms on the rotation function's errors. */
export interface RotationFailureAlarmArgs {
  /** @default true */
  readonly enabled?: boolean;
  /**
   * Errors of the rotation function (any step, or a maintenance run) within 5 minutes that raise the alarm.
   * @default 1
   */
  readonly functionErrorsThreshold?: number;
}

/** The consumer client's own `ConsumerAuthFailures` metric for this secret (dimension `SecretName`). */
export interface ConsumerClientAuthFailureSource {
  readonly kind: "consumerClient";
}

/** Auth failures counted from a log group: the component creates a metric filter in it. */
export interface LogAuthFailureSource {
  readonly kind: "logs";
  /** The existing log group the consumers write to, in this account and region. */
  readonly logGroupName: pulumi.Input<string>;
  /**
   * A CloudWatch Logs filter pattern matching one log event per rejected
   * request, e.g. `{ $.status = 401 }` or `"status=401"`.
   */
  readonly filterPattern: string;
}

/** Auth failures read from a metric that already exists, e.g. API Gateway's `4XXError` or an app metric. */
export interface MetricAuthFailureSource {
  readonly kind: "metric";
  readonly namespace: string;
  readonly metricName: string;
  /**
   * The metric's dimensions, exactly as they are published.
   * @default none
   */
  readonly dimensions?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * How datapoints are aggregated per period.
   * @default "Sum"
   */
  readonly statistic?: AlarmStatistic;
}

/**
 * Where the 401-spike alarm reads the key's auth failures: one object whose
 * `kind` says which of the fields apply (the shapes above, in one type every
 * Pulumi language can express). The component refuses an unknown `kind`, a
 * missing field the kind needs and a field of another kind.
 */
export interface AuthFailureSource {
  /**
   * `"consumerClient"` (the consumer client's `ConsumerAuthFailures` metric),
   * `"logs"` (a metric filter in `logGroupName`) or `"metric"` (an existing metric).
   */
  readonly kind: string;
  /** With `kind: "logs"`: the existing log group the consumers write to, in this account and region. */
  readonly logGroupName?: pulumi.Input<string>;
  /**
   * With `kind: "logs"`: a CloudWatch Logs filter pattern matching one log
   * event per rejected request, e.g. `{ $.status = 401 }` or `"status=401"`.
   */
  readonly filterPattern?: string;
  /** With `kind: "metric"`: the metric's namespace, e.g. `"AWS/ApiGateway"`. */
  readonly namespace?: string;
  /** With `kind: "metric"`: the metric's name, e.g. `"4XXError"`. */
  readonly metricName?: string;
  /**
   * With `kind: "metric"`: the metric's dimensions, exactly as they are published.
   * @default none
   */
  readonly dimensions?: Record<string, pulumi.Input<string>>;
  /**
   * With `kind: "metric"`: how datapoints are aggregated per period, one of
   * `ALARM_STATISTICS` (Sum, Average, Maximum, Minimum, SampleCount).
   * @default "Sum"
   */
  readonly statistic?: string;
}

/** A static threshold: `threshold` or more failures in `datapointsToAlarm` of `evaluationPeriods` periods. */
export interface StaticAuthFailureDetection {
  readonly kind: "static";
  /** @default 5 */
  readonly threshold?: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default 5 */
  readonly evaluationPeriods?: number;
  /** @default 3 */
  readonly datapointsToAlarm?: number;
}

/**
 * An anomaly-detection band: alarm above the band CloudWatch learns from the
 * metric's history. Suits dense metrics (a request or 4XX count); the consumer
 * client emits only on failure, so prefer a static threshold for it.
 */
export interface AnomalyAuthFailureDetection {
  readonly kind: "anomalyBand";
  /** Width of the band in standard deviations. @default 2 */
  readonly bandWidth?: number;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly evaluationPeriods?: number;
  /** @default 2 */
  readonly datapointsToAlarm?: number;
}

/**
 * How a spike is recognised: one object whose `kind` says which of the fields
 * apply (the two shapes above, in one type every Pulumi language can
 * express). The component refuses an unknown `kind` and a field of the other kind.
 */
export interface AuthFailureDetection {
  /** `"static"` (a fixed threshold) or `"anomalyBand"` (above the band CloudWatch learns from the metric's history). */
  readonly kind: string;
  /**
   * With `kind: "static"`: failures per period that breach.
   * @default 5
   */
  readonly threshold?: number;
  /**
   * With `kind: "anomalyBand"`: width of the band in standard deviations, above 0 and at most 10.
   * @default 2
   */
  readonly bandWidth?: number;
  /**
   * The period in seconds, a multiple of 60.
   * @default 60 (static) or 300 (anomalyBand)
   */
  readonly periodSeconds?: number;
  /**
   * Periods evaluated (M of "N out of M").
   * @default 5 (static) or 3 (anomalyBand)
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching periods that raise the alarm (N of "N out of M").
   * @default 3 (static) or 2 (anomalyBand)
   */
  readonly datapointsToAlarm?: number;
}

/** The 401-spike alarm on the key's consumers (exposed as `authFailureAlarm`). */
export interface AuthFailureAlarmArgs {
  /** @default true */
  readonly enabled?: boolean;
  /**
   * Where the failures are counted.
   * @default { kind: "consumerClient" }
   */
  readonly source?: AuthFailureSource;
  /**
   * How a spike is recognised.
   * @default { kind: "static" } (5 or more failures a minute in 3 of 5 minutes)
   */
  readonly detection?: AuthFailureDetection;
}

/** The per-key CloudWatch dashboard. */
export interface DashboardArgs {
  /** @default true */
  readonly enabled?: boolean;
}

/**
 * Alarms, the rotation-failure notification and the dashboard. Everything is
 * on by default; turn a part off with `enabled: false`.
 */
export interface RotatedApiKeyAlarmsArgs {
  /**
   * Create the alarms, the rotation-failure rule, the notification topic and
   * the dashboard. The maintenance schedule exists either way.
   * @default true
   */
  readonly enabled?: boolean;
  /** @default enabled, 14 days */
  readonly keyExpiry?: KeyExpiryAlarmArgs;
  /** @default enabled, 24 hours of slack */
  readonly overdueRotation?: OverdueRotationAlarmArgs;
  /** @default enabled */
  readonly rotationFailure?: RotationFailureAlarmArgs;
  /** @default enabled, consumer-client source, static threshold */
  readonly authFailureSpike?: AuthFailureAlarmArgs;
  /** @default enabled */
  readonly dashboard?: DashboardArgs;
}

/**
 * Where alarms (ALARM and OK) and rotation-failure events are sent. Either an
 * existing topic, or a topic the component creates with optional
 * subscriptions; with neither, the component creates a topic without
 * subscriptions (subscribe to `notificationTopicArn` later). Chat webhooks
 * are served by EventBridge beside either topic.
 */
export interface RotatedApiKeyNotificationsArgs {
  /**
   * ARN of an existing standard SNS topic. Its policy must let
   * `cloudwatch.amazonaws.com` and `events.amazonaws.com` (source: the
   * `rotationFailureRule`) publish; the component does not change it. It
   * must be unencrypted or encrypted with a customer managed KMS key whose
   * policy lets both services use it (`kms:Decrypt`, `kms:GenerateDataKey*`):
   * with the AWS managed `alias/aws/sns` key, alarms and EventBridge cannot
   * publish and every notification is lost. See docs/notifications.md.
   * Conflicts with `emailAddresses` and `httpsEndpoints`.
   * @default none: the component creates a topic
   */
  readonly topicArn?: pulumi.Input<string>;
  /**
   * The KMS key the existing `topicArn` is encrypted with, if it is (key id,
   * key ARN, alias or alias ARN), so the component can refuse the AWS managed
   * `alias/aws/sns` key, which CloudWatch and EventBridge cannot use. Only
   * with `topicArn`.
   * @default none: the topic is taken to be unencrypted or on a key you checked
   */
  readonly topicKmsKeyId?: string;
  /**
   * Email addresses subscribed to the created topic (each must confirm).
   * @default none
   */
  readonly emailAddresses?: string[];
  /**
   * HTTPS endpoints subscribed to the created topic. Only endpoints that
   * confirm SNS subscriptions (e.g. PagerDuty's or Opsgenie's Amazon SNS
   * integrations, or your own SNS-aware receiver); chat incoming webhooks
   * never confirm: put them in `webhooks`.
   * @default none
   */
  readonly httpsEndpoints?: string[];
  /**
   * Chat incoming webhooks (at most 4) that receive alarm state changes and
   * rotation failures as `{"text": "…"}` via EventBridge API destinations.
   * @default none
   */
  readonly webhooks?: ChatWebhookArgs[];
}
