import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type GetSecretValueCommandOutput,
} from "@aws-sdk/client-secrets-manager";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import type { ConsumerMetricsSink, MetricProperties } from "../../consumer";

export const SECRET_ID =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/nylas-api-key-AbC123";
export const SECRET_NAME = "team/nylas-api-key";
export const T0 = Date.parse("2030-01-01T00:00:00.000Z");

/** One recorded metric event. */
export interface RecordedEvent {
  readonly metric: string;
  readonly secretName: string;
  readonly properties: MetricProperties;
}

/** A sink that keeps every event in memory. */
export function recordingSink(): ConsumerMetricsSink & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    count(metric, secretName, properties = {}) {
      events.push({ metric, secretName, properties });
    },
  };
}

/** A `GetSecretValue` answer as the rotation Lambda stores it (`extra` adds fields such as `expiresAt`). */
export function storedVersion(
  versionId: string,
  apiKey: string,
  createdAt = new Date(T0).toISOString(),
  extra: Readonly<Record<string, string>> = {},
): Partial<GetSecretValueCommandOutput> {
  return {
    ARN: SECRET_ID,
    Name: SECRET_NAME,
    VersionId: versionId,
    SecretString: JSON.stringify({
      apiKey,
      keyId: `key-${versionId}`,
      keyName: `rotated-0123456789-${versionId}`,
      vendor: "nylas",
      createdAt,
      rotationToken: versionId,
      ...extra,
    }),
    VersionStages: [],
    CreatedDate: new Date(T0),
  };
}

/** A client whose `send` is stubbed by aws-sdk-client-mock. */
export function mockedClient(): {
  client: SecretsManagerClient;
  sm: AwsClientStub<SecretsManagerClient>;
  calls: (stage?: string) => number;
} {
  const client = new SecretsManagerClient({
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
  const sm = mockClient(client);
  const calls = (stage?: string) =>
    sm
      .commandCalls(GetSecretValueCommand)
      .filter((c) => stage === undefined || c.args[0].input.VersionStage === stage).length;
  return { client, sm, calls };
}

/** A rejected or accepted `fetch`-style response whose body records cancellation. */
export function fakeResponse(status: number): {
  ok: boolean;
  status: number;
  body: { cancel: jest.Mock };
} {
  return {
    ok: status >= 200 && status < 300,
    status,
    body: { cancel: jest.fn(async () => undefined) },
  };
}

/** A mutable clock for the provider's `now` option. */
export function testClock(start: number): { now: () => number; set(at: number): void } {
  let at = start;
  return {
    now: () => at,
    set: (next) => {
      at = next;
    },
  };
}

/** What Secrets Manager throws while it is unavailable (a 500 `InternalServiceError`). */
export function outage(): Error {
  return Object.assign(new Error("Secrets Manager is unavailable"), {
    name: "InternalServiceError",
    $metadata: { httpStatusCode: 500 },
  });
}
