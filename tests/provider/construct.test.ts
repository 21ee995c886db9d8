/**
 * RotatedApiKey constructed through the component provider, as a Python, Go,
 * C# or YAML program gets it: the arguments travel as the engine sends them
 * (serialized to a protobuf Struct, decoded by the provider server's own
 * `deserializeInputs`), `ComponentProvider.construct` builds the component,
 * and the provider server's `waitForRPCs` waits for its registrations, all
 * under Pulumi's mocks.
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import { RotatedApiKey, RotatedApiKeyArgsError, type RotatedApiKeyArgs } from "../../components";
import { createProvider } from "../../provider";
import { ADMIN_CREDENTIAL, defaultArgs, fullArgs } from "../components/componentArgs";
import { T, only } from "../components/componentHarness";
import {
  ACCOUNT_ID,
  installPulumiMocks,
  promiseOf,
  settle,
  type RecordedResource,
} from "../components/pulumiMocks";

/** Pulumi's own modules, loaded as its provider server loads them (internal, not in its types). */
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as {
  Struct: typeof StructType;
};
const { deserializeInputs } = pulumiRequire("./provider/server") as {
  deserializeInputs(struct: StructType, dependencies: Map<string, unknown>): Promise<pulumi.Inputs>;
};
const { waitForRPCs } = pulumiRequire("./runtime/settings") as { waitForRPCs(): Promise<void> };

const TYPE = "rotated-api-key:index:RotatedApiKey";
const mocks = installPulumiMocks();
const provider = createProvider();

/** The arguments as the provider receives them from the engine. */
async function engineInputs(args: RotatedApiKeyArgs): Promise<pulumi.Inputs> {
  const serialized = await pulumi.runtime.serializeProperties("test", { ...args });
  return deserializeInputs(Struct.fromJavaScript(serialized), new Map<string, unknown>());
}

/** Constructs through the provider and waits, as its server does, for every registration. */
async function constructThroughProvider(
  name: string,
  args: RotatedApiKeyArgs,
): Promise<{ urn: string; state: Record<string, unknown> }> {
  mocks.reset();
  const result = await provider.construct(name, TYPE, await engineInputs(args), {});
  const state: Record<string, unknown> = {};
  for (const [output, value] of Object.entries(result.state)) {
    state[output] = await promiseOf(pulumi.output(value));
  }
  const urn = await promiseOf(pulumi.output(result.urn));
  await waitForRPCs();
  return { urn, state };
}

/** Resources as JSON: the Lambda's code archive holds a promise, which differs between two runs. */
function comparable(resources: readonly RecordedResource[]): unknown {
  return JSON.parse(JSON.stringify(resources));
}

/** What constructing the component directly in TypeScript registers. */
async function constructDirectly(
  name: string,
  args: RotatedApiKeyArgs,
): Promise<RecordedResource[]> {
  mocks.reset();
  const key = new RotatedApiKey(name, args);
  await settle(key);
  await waitForRPCs();
  return [...mocks.resources];
}

beforeAll(async () => {
  await provider.getSchema();
}, 120_000);

describe("RotatedApiKey through the component provider", () => {
  const args: RotatedApiKeyArgs = { ...fullArgs, adminCredential: pulumi.secret(ADMIN_CREDENTIAL) };

  it("registers exactly what a TypeScript program registers, extra tags and the secret credential included", async () => {
    // Prepare
    const direct = await constructDirectly("nylas-key", args);
    // Act
    await constructThroughProvider("nylas-key", args);
    // Assess
    expect(comparable(mocks.resources)).toEqual(comparable(direct));
    expect(only(mocks, T.secret, "nylas-key").inputs.tags).toEqual({
      owner: "platform-team",
      purpose: "calendar sync",
      environment: "prod",
      costCenter: "cc-42",
      vendor: "nylas",
    });
    expect(only(mocks, T.rotation, "nylas-key").inputs.rotationRules).toEqual({
      scheduleExpression: "cron(0 6 ? * MON,THU *)",
      duration: "4h",
    });
    expect(only(mocks, T.secretVersion, "nylas-key-admin")).toMatchObject({
      inputs: { secretString: ADMIN_CREDENTIAL },
      secretPaths: ["secretString"],
    });
  });

  it("returns the component's URN and every output the schema lists, with its values", async () => {
    // Act
    const { urn, state } = await constructThroughProvider("nylas-key", defaultArgs);
    // Assess
    const functionName = "nylas-key-rotation-f48313";
    const secretArn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:nylas-key-1a2b3c4-AbCdEf`;
    expect(urn).toBe(`urn:pulumi:stack::project::${TYPE}::nylas-key`);
    const { [TYPE]: schema } = (
      JSON.parse(await provider.getSchema()) as {
        resources: Record<string, { properties: Record<string, unknown> }>;
      }
    ).resources;
    expect(Object.keys(state).sort()).toEqual(Object.keys(schema!.properties).sort());
    const values = {
      secretArn,
      secretName: "nylas-key-1a2b3c4",
      functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${functionName}`,
      functionName,
      roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/nylas-key-rotation-1a2b3c4`,
      logGroupName: `/aws/lambda/${functionName}`,
      adminSecretArn: defaultArgs.adminCredentialSecretArn,
      rotationIntervalHours: 720,
      overlapHours: 24,
      notificationTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT_ID}:nylas-key-alarms-1a2b3c4`,
      dashboardName: "RotatedApiKey-nylas-key-f48313",
    };
    expect(Object.fromEntries(Object.keys(values).map((k) => [k, state[k]]))).toEqual(values);
    // The rest are the child resources (references in the schema); those not created are absent.
    const children = Object.entries(state).filter(([k]) => !(k in values));
    expect(
      children.filter(([, v]) => v !== undefined && !pulumi.Resource.isInstance(v)).map(([k]) => k),
    ).toEqual([]);
    expect(
      children
        .filter(([, v]) => v === undefined)
        .map(([k]) => k)
        .sort(),
    ).toEqual([
      "adminSecret",
      "adminSecretVersion",
      "autoRollback",
      "canary",
      "fleetFailureRule",
      "fleetFailureTarget",
      "observabilitySinkArns",
    ]);
  });

  it("refuses invalid arguments with the same error as a TypeScript program, registering nothing", async () => {
    // Prepare
    const bad: RotatedApiKeyArgs = {
      ...defaultArgs,
      logRetentionDays: 366,
      tags: { owner: "platform-team", purpose: "calendar sync" },
    };
    mocks.reset();
    const direct = captureError(() => new RotatedApiKey("nylas-key", bad));
    // Act
    const through = await provider.construct("nylas-key", TYPE, await engineInputs(bad), {}).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Assess
    expect(through).toBeInstanceOf(RotatedApiKeyArgsError);
    expect((through as Error).message).toBe(direct.message);
    expect((through as RotatedApiKeyArgsError).problems).toEqual([
      "`logRetentionDays` must be one of CloudWatch's retention periods: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (0 = never expire) (received 366). Pick the nearest allowed value.",
      "`tags.environment` is required: a non-empty string naming the deployment environment (received nothing). Every rotated key is inventoried by owner, purpose and environment; add it to `tags`.",
    ]);
    await waitForRPCs();
    expect(mocks.resources).toEqual([]);
  });
});

function captureError(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
