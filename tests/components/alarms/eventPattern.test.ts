import type { RotatedApiKey } from "../../../components";
import { ROTATION_FAILURE_EVENTS } from "../../../components/alarms/eventPatterns";
import { defaultArgs } from "../componentArgs";
import { deploy, only } from "../componentHarness";
import { ACCOUNT_ID, installPulumiMocks, promiseOf } from "../pulumiMocks";
import { M } from "./alarmHarness";
import { rotateSecretCall, serviceEvent } from "./cloudTrailSamples";
import { deliver, type RuleUnderTest } from "./motoEventBridge";

const mocks = installPulumiMocks();
const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;
const OTHER_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:billing-key-9z8y7x6-QrStUv`;

describe("the rotation-failure rule, evaluated by moto's EventBridge", () => {
  let rule: RuleUnderTest;
  let key: RotatedApiKey;

  beforeAll(async () => {
    key = await deploy(mocks, "nylas-key", defaultArgs);
    await promiseOf(key.monitoring?.rotationFailureTarget?.urn ?? key.urn);
    const target = only(mocks, M.eventTarget, "nylas-key-rotation-failed").inputs;
    rule = {
      eventPattern: only(mocks, M.eventRule, "nylas-key-rotation-failed").inputs
        .eventPattern as string,
      inputTransformer: target.inputTransformer as RuleUnderTest["inputTransformer"],
    };
  });

  it.each(ROTATION_FAILURE_EVENTS)(
    "delivers this secret's %s to the topic as one readable line",
    async (eventName) => {
      // Act
      const delivered = await deliver(rule, serviceEvent(eventName, SECRET_ARN));
      // Assess
      expect(delivered).toEqual([
        `RotatedApiKey nylas-key: Secrets Manager reported ${eventName} for ${SECRET_ARN} at 2030-05-10T06:12:09Z (account ${ACCOUNT_ID}, region us-east-1). The rotation did not complete. Rotation Lambda logs: /aws/lambda/nylas-key-rotation-f48313. Dashboard: ${key.dashboardName}.`,
      ]);
    },
  );

  it("delivers a RotationFailed that carries the Lambda's error message", async () => {
    // Prepare: as recorded, a failed step's event names the step in errorMessage.
    const event = serviceEvent("RotationFailed", SECRET_ARN, {
      errorMessage: "Error when executing lambda during testSecret step",
    });
    // Act
    const delivered = await deliver(rule, event);
    // Assess
    expect(delivered).toHaveLength(1);
  });

  it.each([
    ["another secret's RotationFailed", serviceEvent("RotationFailed", OTHER_SECRET_ARN)],
    [
      "a RotationFailed for a secret whose ARN only starts like this one",
      serviceEvent("RotationFailed", `${SECRET_ARN}x`),
    ],
    ["this secret's RotationSucceeded", serviceEvent("RotationSucceeded", SECRET_ARN)],
    ["this secret's RotationStarted", serviceEvent("RotationStarted", SECRET_ARN)],
    ["this secret's TestRotationSucceeded", serviceEvent("TestRotationSucceeded", SECRET_ARN)],
    ["a RotateSecret API call on this secret", rotateSecretCall(SECRET_ARN)],
    [
      "a RotationFailed from another source",
      { ...serviceEvent("RotationFailed", SECRET_ARN), source: "custom.secretsmanager" },
    ],
  ])("ignores %s", async (_case, event) => {
    // Act
    const delivered = await deliver(rule, event);
    // Assess
    expect(delivered).toEqual([]);
  });

  it("matches by the secret's full ARN, the field service events name it by", () => {
    expect(JSON.parse(rule.eventPattern)).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: {
        eventSource: ["secretsmanager.amazonaws.com"],
        eventName: ["RotationFailed", "RotationAbandoned", "TestRotationFailed"],
        additionalEventData: { SecretId: [SECRET_ARN] },
      },
    });
  });
});
