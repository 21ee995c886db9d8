import { Logger } from "@aws-lambda-powertools/logger";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { publishKeyRotated } from "../../../../lambdas/engine/core/keyRotatedPublisher";
import { captureOutput } from "../../../../harness/captureOutput";

const eventBridge = mockClient(EventBridgeClient);
const detail = {
  secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:nylas-key-AbCdEf",
  secretName: "nylas-key",
  versionId: "b6f1c7f0-0000-4000-8000-000000000002",
  previousVersionId: null,
  vendor: "nylas",
  emergency: false,
  overlapHours: 24,
  rotatedAt: "2030-05-10T06:12:09.000Z",
};

describe("publishKeyRotated (narrow unit: EventBridge's partial-failure answer)", () => {
  beforeEach(() => eventBridge.reset());

  it("treats a refused entry as a failure: warns, counts KeyRotatedEventFailures, does not throw", async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
    });
    const output = captureOutput();
    // Act
    let published: boolean;
    try {
      published = await publishKeyRotated(detail, new Logger({ serviceName: "rotated-api-key" }));
    } finally {
      output.restore();
    }
    // Assess
    expect(published).toBe(false);
    const lines = output.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.KeyRotatedEventFailures).filter((v) => v !== undefined)).toEqual([1]);
    expect(lines.filter((l) => l.level === "WARN").map((l) => l.error)).toEqual([
      { name: "Error", message: "EventBridge refused the entry: InternalFailure try again" },
    ]);
  });

  it("accepts a fractional time budget (a quarter of the step's remaining time)", async () => {
    // Prepare: found by the model suite, whose steps have fractional remaining times.
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
    const output = captureOutput();
    // Act
    let published: boolean;
    try {
      published = await publishKeyRotated(
        detail,
        new Logger({ serviceName: "rotated-api-key" }),
        1234.75,
      );
    } finally {
      output.restore();
    }
    // Assess
    expect(published).toBe(true);
    expect(output.text()).not.toContain("not published");
  });

  it("reports an accepted entry", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
    const output = captureOutput();
    let published: boolean;
    try {
      published = await publishKeyRotated(detail, new Logger({ serviceName: "rotated-api-key" }));
    } finally {
      output.restore();
    }
    expect(published).toBe(true);
    expect(eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input)).toEqual([
      {
        Entries: [
          {
            Source: "rotated-api-key",
            DetailType: "KeyRotated",
            EventBusName: "default",
            Resources: [detail.secretArn],
            Detail: JSON.stringify(detail),
          },
        ],
      },
    ]);
    expect(output.text()).not.toContain("KeyRotatedEventFailures");
  });
});
