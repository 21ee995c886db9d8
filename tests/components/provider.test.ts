import { createProvider, PROVIDER_NAME } from "../../provider";

/** The multi-language schema Pulumi's component analyzer derives from the sources. */
interface Property {
  readonly description?: string;
  readonly type?: string;
  readonly additionalProperties?: Property;
  readonly $ref?: string;
}
interface Schema {
  readonly name: string;
  readonly types?: Record<string, unknown>;
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
  "consumerReach",
  "replicaRegions",
  "replicaKmsKeyIds",
  "operatorPrincipals",
  "vpcEndpoints",
  "revokeKeysOnDestroy",
  "deletionProtection",
  "recoveryWindowInDays",
  "fleet",
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
  "observabilitySinkArns",
];

describe("component provider", () => {
  let schema: Schema;
  beforeAll(async () => {
    schema = JSON.parse(await createProvider().getSchema()) as Schema;
  }, 120_000);

  it("describes RotatedApiKey under the component's own type token", () => {
    expect(schema.name).toBe(PROVIDER_NAME);
    expect(Object.keys(schema.resources).sort()).toEqual([
      "rotated-api-key:index:RotatedApiKey",
      "rotated-api-key:index:RotationFleet",
    ]);
  });

  it("has every input of RotatedApiKeyArgs, each with a description", () => {
    const inputs = schema.resources["rotated-api-key:index:RotatedApiKey"]!.inputProperties;
    expect(Object.keys(inputs).sort()).toEqual([...INPUTS].sort());
    for (const name of INPUTS)
      expect([name, inputs[name]?.description]).toEqual([name, expect.any(String)]);
  });

  it("takes tags as a map of strings, with the required tags in its description", () => {
    const tags = schema.resources["rotated-api-key:index:RotatedApiKey"]!.inputProperties.tags;

    expect(tags).toEqual({
      type: "object",
      additionalProperties: { type: "string", plain: true },
      plain: true,
      description: expect.stringContaining(
        "Required: `owner` (the team that answers for the key), `purpose` (what the\nkey is for) and `environment`",
      ),
    });
    expect(Object.keys(schema.types ?? {})).not.toContain(
      "rotated-api-key:index:RotatedApiKeyTags",
    );
  });

  it("has every output of RotatedApiKey, each with a description", () => {
    const outputs = schema.resources["rotated-api-key:index:RotatedApiKey"]!.properties;
    for (const name of OUTPUTS)
      expect([name, outputs[name]?.description]).toEqual([name, expect.any(String)]);
  });

  it("has every input of RotationFleetArgs, each with a description", () => {
    const inputs = schema.resources["rotated-api-key:index:RotationFleet"]!.inputProperties;
    const fleetInputs = [
      "vendor",
      "vendorOptions",
      "adminCredentialSecretArn",
      "adminCredential",
      "tags",
      "kmsKeyIds",
      "vpc",
      "lambdaMemoryMb",
      "lambdaTimeoutSeconds",
      "logRetentionDays",
      "maintenanceIntervalMinutes",
      "maintenanceConcurrency",
      "alarms",
    ];
    expect(Object.keys(inputs).sort()).toEqual([...fleetInputs].sort());
    for (const name of fleetInputs)
      expect([name, inputs[name]?.description]).toEqual([name, expect.any(String)]);
  });
});
