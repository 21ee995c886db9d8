import type { RecordedEvent } from "./motoEventBridge";

/**
 * CloudWatch's "CloudWatch Alarm State Change" event as EventBridge delivers
 * it (the alarm's ARN in `resources`, name and states in `detail`), for an
 * alarm of the test account.
 */
export function alarmStateChange(
  alarmArn: string,
  state: string,
  previousState: string,
): RecordedEvent {
  const alarmName = alarmArn.split(":alarm:")[1] ?? "";
  return {
    source: "aws.cloudwatch",
    "detail-type": "CloudWatch Alarm State Change",
    resources: [alarmArn],
    detail: {
      alarmName,
      state: {
        value: state,
        reason:
          "Threshold Crossed: 3 out of the last 3 datapoints [2.5 (10/05/30 06:00:00)] were less than the threshold (14.0).",
        reasonData: '{"version":"1.0","queryDate":"2030-05-10T06:12:09.000+0000"}',
        timestamp: "2030-05-10T06:12:09.000+0000",
      },
      previousState: {
        value: previousState,
        reason: "Threshold Crossed: no datapoints were received.",
        timestamp: "2030-05-09T06:12:09.000+0000",
      },
      configuration: {
        description: 'The current nylas key of RotatedApiKey "nylas-key" expires in under 14 days.',
        metrics: [],
      },
    },
  };
}
