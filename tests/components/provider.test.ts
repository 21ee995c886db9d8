import { createProvider, PROVIDER_NAME } from "../../provider";

/** The multi-language schema Pulumi's component analyzer derives from the sources. */
interface Property {
  readonly description?: string;
}
interface Schema {
  readonly name: string;
  readonly resources: Record<
    string,
    { inputProperties: Record<string, Property>; properties: Record<string, Property> }
  >;
}

const INPUTS = [
  "vendor",
  "vendorOptions",
  "adminCredentialSecretArn",
  "adminCredential",
  "rotationDays",
  "scheduleExpression",
  "rotationWindow",
  "rotateImmediately",
  "overlapHours",
  "keyTtlDays",
  "maxKeyAgeDays",
  "kmsKeyId",
  "tags",
  "consumerPrincipals",
  "vpc",
  "lambdaMemoryMb",
  "lambdaTimeoutSeconds",
  "logRetentionDays",
  "keyNamePrefix",
  "maintenanceIntervalMinutes",
  "alarms",
  "canary",
  "notifications",
  "lifecycle",
];
const OUTPUTS = [
  "secretArn",
  "secretName",
  "functionArn",
  "functionName",
  "roleArn",
  "logGroupName",
  "adminSecretArn",
  "rotationIntervalHours",
  "overlapHours",
  "notificationTopicArn",
  "dashboardName",
];

describe("component provider", () => {
  let schema: Schema;
  beforeAll(async () => {
    schema = JSON.parse(await createProvider().getSchema()) as Schema;
  }, 120_000);

  it("describes RotatedApiKey under the component's own type token", () => {
    expect(schema.name).toBe(PROVIDER_NAME);
    expect(Object.keys(schema.resources)).toEqual(["rotated-api-key:index:RotatedApiKey"]);
  });

  it("has every input of RotatedApiKeyArgs, each with a description", () => {
    const inputs = schema.resources["rotated-api-key:index:RotatedApiKey"]!.inputProperties;
    expect(Object.keys(inputs).sort()).toEqual([...INPUTS].sort());
    for (const name of INPUTS)
      expect([name, inputs[name]?.description]).toEqual([name, expect.any(String)]);
  });

  it("has every output of RotatedApiKey, each with a description", () => {
    const outputs = schema.resources["rotated-api-key:index:RotatedApiKey"]!.properties;
    for (const name of OUTPUTS)
      expect([name, outputs[name]?.description]).toEqual([name, expect.any(String)]);
  });
});
