import type { RecordedEvent } from "./motoEventBridge";

/**
 * Secrets Manager's rotation events as EventBridge delivers them, in the
 * shape of a recorded `RotationFailed` event (detail-type `AWS Service Event
 * via CloudTrail`, the secret's full ARN in `additionalEventData.SecretId`,
 * `requestParameters` and `responseElements` null), with account, region,
 * ids and ARNs replaced by the test account's.
 */
export function serviceEvent(
  eventName: string,
  secretArn: string,
  extra: Record<string, unknown> = {},
): RecordedEvent {
  const [, , , region = "us-east-1", account = "123456789012"] = secretArn.split(":");
  return {
    source: "aws.secretsmanager",
    "detail-type": "AWS Service Event via CloudTrail",
    resources: [],
    detail: {
      eventVersion: "1.08",
      userIdentity: { accountId: account, invokedBy: "secretsmanager.amazonaws.com" },
      eventTime: "2030-05-10T06:12:09Z",
      eventSource: "secretsmanager.amazonaws.com",
      eventName,
      awsRegion: region,
      sourceIPAddress: "secretsmanager.amazonaws.com",
      userAgent: "secretsmanager.amazonaws.com",
      requestParameters: null,
      responseElements: null,
      additionalEventData: { SecretId: secretArn },
      requestID: `Rotation-${secretArn}-3f9c2a`,
      eventID: "e3b69cfe-b70e-4c94-baa9-9decc3c150b9",
      readOnly: false,
      eventType: "AwsServiceEvent",
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: "Management",
      ...extra,
    },
  };
}

/** A `RotateSecret` API call for the secret (detail-type `AWS API Call via CloudTrail`): not a failure. */
export function rotateSecretCall(secretArn: string): RecordedEvent {
  const [, , , region = "us-east-1", account = "123456789012"] = secretArn.split(":");
  return {
    source: "aws.secretsmanager",
    "detail-type": "AWS API Call via CloudTrail",
    resources: [],
    detail: {
      eventVersion: "1.08",
      userIdentity: { type: "AssumedRole", accountId: account },
      eventTime: "2030-05-10T06:00:00Z",
      eventSource: "secretsmanager.amazonaws.com",
      eventName: "RotateSecret",
      awsRegion: region,
      requestParameters: { secretId: secretArn, rotateImmediately: true },
      responseElements: { arn: secretArn },
      additionalEventData: { SecretId: secretArn },
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: "Management",
    },
  };
}
