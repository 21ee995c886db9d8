/** Type tokens of the monitoring children (the rotation children are in `componentHarness.ts`). */
export const M = {
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
  permission: "aws:lambda/permission:Permission",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  connection: "aws:cloudwatch/eventConnection:EventConnection",
  apiDestination: "aws:cloudwatch/eventApiDestination:EventApiDestination",
  invocation: "aws:lambda/invocation:Invocation",
} as const;

/** `type::name` of the monitoring children created for component `name` with every default. */
export function defaultMonitoringChildren(name: string): string[] {
  return [
    `random:index/randomInteger:RandomInteger::${name}-maintenance-offset`,
    `${M.eventRule}::${name}-maintenance`,
    `${M.eventTarget}::${name}-maintenance`,
    `${M.permission}::${name}-maintenance`,
    `${M.invocation}::${name}-deploy-maintenance`,
    `${M.topic}::${name}-alarms`,
    `${M.topicPolicy}::${name}-alarms`,
    `${M.eventRule}::${name}-rotation-failed`,
    `${M.eventTarget}::${name}-rotation-failed`,
    `${M.alarm}::${name}-key-expiry`,
    `${M.alarm}::${name}-rotation-overdue`,
    `${M.alarm}::${name}-rotation-errors`,
    `${M.alarm}::${name}-revoked-in-use`,
    `${M.alarm}::${name}-auth-failures`,
    `${M.dashboard}::${name}-dashboard`,
    `${M.queue}::${name}-events-dlq`,
    `${M.queuePolicy}::${name}-events-dlq`,
    `${M.alarm}::${name}-events-dlq`,
  ];
}
