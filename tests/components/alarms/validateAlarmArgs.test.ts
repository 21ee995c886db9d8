import { RotatedApiKey, RotatedApiKeyArgsError } from "../../../components";
import { rateExpression } from "../../../components/maintenance/maintenancePlan";
import { problemsOf, type ArgsCase } from "../argProblems";
import { defaultArgs } from "../componentArgs";
import { installPulumiMocks } from "../pulumiMocks";

const mocks = installPulumiMocks();
const AUTH = "`alarms.authFailureSpike";

/** Mistakes in the maintenance schedule, alarm and notification arguments. */
const cases: ArgsCase[] = [
  [
    "a maintenance interval under 5 minutes",
    "nylas-key",
    { maintenanceIntervalMinutes: 2 },
    [
      "`maintenanceIntervalMinutes` must be a whole number of minutes from 5 to 480 (received 2): each run measures the key for the alarms, which fire after 3 runs are missing, and CloudWatch evaluates an alarm over at most a day. Omit it to run every 60 minutes.",
    ],
  ],
  [
    "alarms that are not an object",
    "nylas-key",
    { alarms: "off" as never },
    [
      '`alarms` must be an object (received "off"). Pass an object such as { enabled: false }, or omit it for the defaults.',
    ],
  ],
  [
    "a non-boolean alarms.enabled",
    "nylas-key",
    { alarms: { enabled: "no" as never } },
    ['`alarms.enabled` must be true or false (received "no"). Omit it to keep this on.'],
  ],
  [
    "notifications with the alarms off",
    "nylas-key",
    { alarms: { enabled: false }, notifications: { emailAddresses: ["oncall@example.com"] } },
    [
      '`notifications` has no effect when `alarms.enabled` is false (received {"emailAddresses":["oncall@example.com"]}): nothing is sent. Remove `notifications`, or enable the alarms.',
    ],
  ],
  [
    "a zero expiry threshold",
    "nylas-key",
    { alarms: { keyExpiry: { thresholdDays: 0 } } },
    [
      "`alarms.keyExpiry.thresholdDays` must be a number of days above 0 and at most 365 (received 0). Omit it to alarm 14 days before expiry.",
    ],
  ],
  [
    "an expiry threshold the key passes before every rotation",
    "nylas-key",
    { alarms: { keyExpiry: { thresholdDays: 60 } } },
    [
      "`alarms.keyExpiry.thresholdDays` must be below 59, the days a key has left when its successor is due (`keyTtlDays` 90 minus up to 744 hours between rotations and window), or the alarm fires before every rotation (received 60). Lower it, or raise `keyTtlDays`.",
    ],
  ],
  [
    "an expiry threshold for keys that never expire",
    "nylas-key",
    { keyTtlDays: 0, alarms: { keyExpiry: { thresholdDays: 7 } } },
    [
      "`alarms.keyExpiry.thresholdDays` has no effect when `keyTtlDays` is 0 (received 7): keys never expire, so there is no expiry alarm. Remove it, or set `keyTtlDays`.",
    ],
  ],
  [
    "negative slack and no function errors",
    "nylas-key",
    {
      alarms: {
        overdueRotation: { slackHours: -1 },
        rotationFailure: { functionErrorsThreshold: 0 },
      },
    },
    [
      "`alarms.overdueRotation.slackHours` must be a whole number of hours from 0 to 720 (received -1). Omit it to allow 24 hours past the schedule.",
      "`alarms.rotationFailure.functionErrorsThreshold` must be a whole number of errors from 1 to 1000 (received 0). Omit it to alarm on the first error.",
    ],
  ],
  [
    "an unknown auth-failure source and detection",
    "nylas-key",
    {
      alarms: {
        authFailureSpike: {
          source: { kind: "cloudwatch" } as never,
          detection: { kind: "dynamic" } as never,
        },
      },
    },
    [
      `${AUTH}.source.kind\` must be "consumerClient", "logs" or "metric" (received "cloudwatch"). Omit \`source\` to alarm on the consumer client's ConsumerAuthFailures metric.`,
      `${AUTH}.detection.kind\` must be "static" or "anomalyBand" (received "dynamic"). Omit \`detection\` for a static threshold of 5 failures a minute in 3 of 5 minutes.`,
    ],
  ],
  [
    "a log source named by ARN, without a pattern",
    "nylas-key",
    {
      alarms: {
        authFailureSpike: {
          source: {
            kind: "logs",
            logGroupName: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/booking",
            filterPattern: " ",
          },
        },
      },
    },
    [
      `${AUTH}.source.logGroupName\` must be a log group name: 1-512 letters, digits, '.', '-', '_', '/' or '#' (received "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/booking"). Pass the name of the consumers' existing log group, not its ARN.`,
      `${AUTH}.source.filterPattern\` must be a CloudWatch Logs filter pattern of 1-1024 characters matching one log event per rejected request (received " "), e.g. "{ $.status = 401 }".`,
    ],
  ],
  [
    "a metric source without a name, with a percentile",
    "nylas-key",
    {
      alarms: {
        authFailureSpike: {
          source: {
            kind: "metric",
            namespace: "AWS/ApiGateway",
            metricName: "",
            statistic: "p99" as never,
          },
        },
      },
    },
    [
      `${AUTH}.source.metricName\` must be a string of 1-255 characters (received ""). Pass the name of the metric exactly as it is published, e.g. "4XXError".`,
      `${AUTH}.source.statistic\` must be one of Sum, Average, Maximum, Minimum, SampleCount (received "p99"). Omit it to use Sum.`,
    ],
  ],
  [
    "a static threshold of 0 in 90-second periods, 6 of 5",
    "nylas-key",
    {
      alarms: {
        authFailureSpike: {
          detection: { kind: "static", threshold: 0, periodSeconds: 90, datapointsToAlarm: 6 },
        },
      },
    },
    [
      `${AUTH}.detection.periodSeconds\` must be a multiple of 60 from 60 to 86400 (received 90): the metrics are standard resolution. Omit it to use 60.`,
      `${AUTH}.detection.datapointsToAlarm\` must be a whole number from 1 to \`evaluationPeriods\` (5) (received 6): it is the N of "N out of M periods". Lower it or raise \`evaluationPeriods\`.`,
      `${AUTH}.detection.threshold\` must be a number above 0: failures per period (received 0). Omit it to use 5.`,
    ],
  ],
  [
    "an anomaly band over more than a day",
    "nylas-key",
    {
      alarms: {
        authFailureSpike: {
          detection: { kind: "anomalyBand", bandWidth: 0, evaluationPeriods: 300 },
        },
      },
    },
    [
      `${AUTH}.detection.evaluationPeriods\` must be a whole number from 1 to 288 (received 300): CloudWatch evaluates an alarm over at most one day of periods. Use fewer or shorter periods.`,
      `${AUTH}.detection.bandWidth\` must be a number of standard deviations above 0 and at most 10 (received 0). Omit it to use 2.`,
    ],
  ],
  [
    "a FIFO topic together with email subscriptions",
    "nylas-key",
    {
      notifications: {
        topicArn: "arn:aws:sns:us-east-1:123456789012:alerts.fifo",
        emailAddresses: ["oncall@example.com"],
      },
    },
    [
      '`notifications.topicArn` must be a standard SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (received "arn:aws:sns:us-east-1:123456789012:alerts.fifo"): CloudWatch alarms cannot publish to FIFO topics. Pass the topic\'s ARN, or omit it for the component to create a topic.',
      "`notifications.topicArn` cannot be combined with `notifications.emailAddresses` or `notifications.httpsEndpoints` (received both): the component subscribes endpoints only to a topic it creates. Subscribe them to your topic yourself, or remove `topicArn`.",
    ],
  ],
  [
    "an address without a domain and a plain-HTTP endpoint",
    "nylas-key",
    { notifications: { emailAddresses: ["oncall"], httpsEndpoints: ["http://hooks.example.com"] } },
    [
      '`notifications.emailAddresses[0]` must be an email address like "oncall@example.com" (received "oncall"). Fix or remove it.',
      '`notifications.httpsEndpoints[0]` must be an https:// URL like "https://hooks.example.com/alerts" (received "http://hooks.example.com"). Fix or remove it.',
    ],
  ],
];

describe("planRotatedApiKey's monitoring checks", () => {
  it.each(cases)("refuses %s", (_what, name, overrides, expected) => {
    // Act
    const problems = problemsOf(name, { ...defaultArgs, ...overrides });
    // Assess
    expect(problems).toEqual(expected);
  });

  it("accepts every part turned off, and every part tuned", () => {
    expect(
      problemsOf("nylas-key", {
        ...defaultArgs,
        alarms: {
          keyExpiry: { enabled: false },
          overdueRotation: { enabled: false },
          rotationFailure: { enabled: false },
          authFailureSpike: { enabled: false },
          dashboard: { enabled: false },
        },
      }),
    ).toEqual([]);
    expect(
      problemsOf("nylas-key", {
        ...defaultArgs,
        maintenanceIntervalMinutes: 480,
        alarms: {
          keyExpiry: { thresholdDays: 30.5 },
          overdueRotation: { slackHours: 0 },
          rotationFailure: { functionErrorsThreshold: 3 },
          authFailureSpike: {
            source: { kind: "metric", namespace: "Booking", metricName: "NylasUnauthorized" },
            detection: { kind: "anomalyBand", periodSeconds: 3600, evaluationPeriods: 24 },
          },
        },
        notifications: { topicArn: "arn:aws:sns:eu-west-1:123456789012:platform-oncall" },
      }),
    ).toEqual([]);
  });

  it("throws before registering anything, itself included", async () => {
    // Prepare
    mocks.reset();
    // Act
    const construct = () =>
      new RotatedApiKey("nylas-key", { ...defaultArgs, maintenanceIntervalMinutes: 1 });
    // Assess
    expect(construct).toThrow(RotatedApiKeyArgsError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(mocks.resources).toEqual([]);
  });
});

describe("rateExpression", () => {
  it.each([
    [5, "rate(5 minutes)"],
    [60, "rate(1 hour)"],
    [90, "rate(90 minutes)"],
    [120, "rate(2 hours)"],
  ])("writes %i minutes as %s", (minutes, expression) => {
    expect(rateExpression(minutes)).toBe(expression);
  });
});
