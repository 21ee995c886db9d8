/**
 * `rotated-api-key`: Pulumi components that rotate third-party API keys with
 * AWS Secrets Manager.
 */
export { RotatedApiKey, ROTATED_API_KEY_TYPE } from "./rotatedApiKey";
export { readGrantPolicy, type ReadGrantInput } from "./grantRead";
export {
  RotatedApiKeyDefaults,
  type RotatedApiKeyArgs,
  type RotatedApiKeyTags,
  type RotatedApiKeyVpc,
  type VendorOptions,
} from "./rotatedApiKeyArgs";
export { LifecycleDefaults, type RotatedApiKeyLifecycleArgs } from "./lifecycle/lifecycleArgs";
export { RotationMonitoring, ROTATION_MONITORING_TYPE } from "./alarms/rotationMonitoring";
export {
  FleetMonitoring,
  FLEET_MONITORING_TYPE,
  ROTATION_FLEET_TYPE,
  RotationFleet,
  RotationFleetDefaults,
  fleetMembershipGuardStatement,
  type RotatedApiKeyFleetArgs,
  type RotationFleetAlarmsArgs,
  type RotationFleetArgs,
} from "./fleet";
export { RotatedApiKeyArgsError, RotatedApiKeyError, RotationBundleMissingError } from "./errors";
export { ROTATION_SERVICE_NAME } from "./lambdaEnvironment";
export {
  AlarmDefaults,
  type AnomalyAuthFailureDetection,
  type AuthFailureAlarmArgs,
  type AuthFailureDetection,
  type AuthFailureSource,
  type ConsumerClientAuthFailureSource,
  type DashboardArgs,
  type KeyExpiryAlarmArgs,
  type LogAuthFailureSource,
  type MetricAuthFailureSource,
  type OverdueRotationAlarmArgs,
  type RotatedApiKeyAlarmsArgs,
  type RotatedApiKeyNotificationsArgs,
  type RotationFailureAlarmArgs,
  type StaticAuthFailureDetection,
} from "./alarms/alarmArgs";
export { ROTATION_FAILURE_EVENTS, rotationFailurePattern } from "./alarms/eventPatterns";
export type { ChatWebhookArgs } from "./alarms/webhookArgs";
export {
  KEY_ROTATED_EVENT,
  keyRotatedPattern,
  type KeyRotatedDetail,
} from "../lambdas/contract/keyRotatedEvent";
